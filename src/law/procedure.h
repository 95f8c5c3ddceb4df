#pragma once
// Procedures as data (one definition file per kind in data/procedures/*.json, validated at
// load): the steps of 行政许可, 行政处罚 general and simplified procedure, 行政检查. Case handling
// (src/recording/) executes them; publicity (src/publicity/) draws the published flowchart from
// the same definitions, so the chart is the enforced procedure.
//
// OWNER: the case-handling work (issue 6) defines the full model and loader here; publicity
// reads it. Keep the model pure (no I/O except parsing the embedded JSON).
