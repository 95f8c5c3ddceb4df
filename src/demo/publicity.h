#pragma once
// Demo lists for 济宁市人民政府外事侨务办公室 (jnwqb): every standing list published through the
// review (editor 陈静 submits, head 李丽 approves, supervisor 周健 approves the 主体资格清单),
// the matter list twice so that the portal shows a history and a difference. Runs after the
// organisation's seeder; idempotent (settings key demo_publicity).
#include "platform/core/result.h"
#include "platform/store/database.h"

namespace zhifa::publicity {
Status ensure_demo_publicity(store::Database& db);
// Demo decisions (事后公开; decisions_demo.cc): runs after the demo cases, whose decisions it
// publishes; idempotent (settings key demo_decisions).
Status ensure_demo_decisions(store::Database& db);
}
