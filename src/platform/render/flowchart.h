#pragma once
// Procedure flowcharts (行政执法程序流程图) drawn by Graphviz (gvc, "dot" layout) as SVG. The
// graph comes from the procedure definitions case handling executes (src/law/procedure.h), so
// the published chart is the enforced procedure; publicity converts a definition to a
// FlowGraph. Labels are measured with Noto Sans CJK SC (real font metrics); the SVG names a
// CJK font stack so the page renders it with whatever CJK font the reader has.
#include <string>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::render {

struct FlowNode {
  enum class Kind { kStart, kStep, kDecision, kEnd };
  std::string id;
  std::string label;  // e.g. 受理
  Kind kind = Kind::kStep;
  std::string note;   // second line, e.g. 5个工作日内
};
struct FlowEdge {
  std::string from, to, label;
  bool secondary = false;  // a return / withdrawal path: dashed, not used to rank the steps
};
struct FlowGraph {
  std::string title;
  std::vector<FlowNode> nodes;
  std::vector<FlowEdge> edges;
};

// The SVG document (no XML prolog, no DOCTYPE: it can be inlined in HTML or served alone).
// An edge naming an unknown node is an error.
Result<std::string> flowchart_svg(const FlowGraph& g);

}  // namespace zhifa::render
