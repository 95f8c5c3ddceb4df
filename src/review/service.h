#pragma once
// The legal review pillar's services, as case handling (src/recording/), the demo and the routes
// call them: the workflow (workflow.h), what is read back (views.h), the dashboard tasks and the
// staffing check (tasks.h), the gate on major decisions (gate.h). The catalog is catalog.h.
#include "review/gate.h"
#include "review/tasks.h"
#include "review/views.h"
#include "review/workflow.h"
