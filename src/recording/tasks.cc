#include "recording/tasks.h"

#include <algorithm>

#include "law/procedure.h"
#include "platform/core/clock.h"
#include "recording/cases.h"
#include "recording/deadlines.h"

namespace zhifa::recording {

using json = nlohmann::json;

Status tasks_for(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (!org::authorize(p, "recording.view").allowed) return {};
  std::string today = clock::today_beijing();
  std::vector<Case> cases;
  if (p.has("officer")) {
    auto mine = list_cases(tx, p, false, true, 50);
    if (!mine) return mine.error();
    cases = std::move(*mine);
  }
  if (p.has("agency_head")) {
    // Steps waiting for the head: decisions, discussions, documents to sign.
    auto rows = tx.query(std::string(kCaseSelect) + "WHERE c.agency_id = ? AND c.status = 'open' ORDER BY c.id DESC LIMIT 200", {p.agency_id});
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      Case c = case_from_row(r);
      const law::Procedure* proc = law::find_procedure(c.procedure_id);
      const law::Step* st = proc ? proc->step(c.step) : nullptr;
      bool head_step = st && std::find(st->actors.roles.begin(), st->actors.roles.end(), "agency_head") != st->actors.roles.end();
      auto drafts = tx.query("SELECT kind, name FROM rec_documents WHERE case_id = ? AND status = 'draft'", {c.id});
      if (!drafts) return drafts.error();
      for (auto& d : *drafts) {
        const law::DocumentSpec* spec = proc ? proc->document(d.text(0)) : nullptr;
        if (spec && std::find(spec->signer_roles.begin(), spec->signer_roles.end(), "agency_head") != spec->signer_roles.end() &&
            std::find(spec->signer_roles.begin(), spec->signer_roles.end(), "officer") == spec->signer_roles.end())
          tasks.push_back({{"level", "warn"}, {"text", c.case_no + " 《" + d.text(1) + "》待您审批签发"}, {"href", "/workspace/cases/" + std::to_string(c.id)}});
      }
      if (head_step) tasks.push_back({{"level", "warn"}, {"text", c.case_no + " " + c.title + " · " + st->name + "：待您决定"}, {"href", "/workspace/cases/" + std::to_string(c.id)}});
    }
  }
  auto cal = law::load_calendar(tx);
  if (!cal) return cal.error();
  for (const auto& c : cases) {
    const law::Procedure* proc = law::find_procedure(c.procedure_id);
    const law::Step* st = proc ? proc->step(c.step) : nullptr;
    auto dl = case_deadlines(tx, c.id, today, *cal);
    if (!dl) return dl.error();
    std::string level = "info", due;
    std::string extra;
    for (const auto& d : *dl) {
      if (d.state != "running") continue;
      if (due.empty() || d.due < due) due = d.due;
      if (d.overdue) {
        level = "danger";
        extra = "（已超期：" + d.description + "，" + d.source + "）";
      } else if (d.warn && level != "danger") {
        level = "warn";
        extra = "（即将到期：剩余 " + std::to_string(*d.days_left) + " 日）";
      }
    }
    json t{{"level", level}, {"text", c.case_no + " " + c.title + " · 下一步：" + (st ? st->name : c.step) + extra},
           {"href", "/workspace/cases/" + std::to_string(c.id)}};
    if (!due.empty()) t["due"] = due;
    tasks.push_back(t);
  }
  return {};
}

}  // namespace zhifa::recording
