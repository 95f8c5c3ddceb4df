#include "recording/av/requirement.h"

#include <nlohmann/json.hpp>

#include "law/procedure.h"
#include "org/ledger_privacy.h"
#include "platform/core/clock.h"
#include "publicity/list_workflow.h"
#include "recording/av/upload_files.h"
#include "recording/case_access.h"

namespace zhifa::recording::av {

using json = nlohmann::json;

namespace {

// The step names a list row's 适用环节 names (separated by 、，, ; or spaces).
std::vector<std::string> step_names(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    bool sep = false;
    for (const char* s : {"、", "，", "；", ",", ";", " ", "\n"}) {
      std::string_view sv(s);
      if (text.compare(i, sv.size(), sv) == 0) {
        flush();
        i += sv.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += text[i++];
  }
  flush();
  return out;
}

}  // namespace

Result<std::int64_t> clock_tolerance_seconds(store::Tx& tx) {
  auto v = store::get_setting(tx, "av.clock_tolerance_minutes");
  if (!v) return v.error();
  if (*v && !(*v)->empty() && (*v)->size() < 6 && (*v)->find_first_not_of("0123456789") == std::string::npos) return std::stoll(**v) * 60;
  return 600;
}

namespace {

// When the case entered its current step: the newest act into it (the opening act for the first).
Result<std::string> step_started(store::Tx& tx, const Case& c) {
  auto r = tx.query_one("SELECT MAX(at) FROM rec_acts WHERE case_id = ? AND to_step = ?", {c.id, c.step});
  if (!r) return r.error();
  if (*r && !(*r)->is_null(0) && !(*r)->text(0).empty()) return (*r)->text(0);
  return c.created_at;
}

}  // namespace

std::string AvRequirement::describe() const {
  if (source == "118")
    return "国办发〔2018〕118号：对查封扣押财产、强制拆除等直接涉及人身自由、生命健康、重大财产权益的现场执法活动，应当进行全过程音像记录";
  return "本机关公布的音像记录事项清单第 " + code + " 项“" + name + "”（" + requirement + "）";
}

Result<std::vector<AvRequirement>> step_requirements(store::Tx& tx, const Case& c, const std::string& step) {
  std::vector<AvRequirement> out;
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  const law::Step* st = proc ? proc->step(step) : nullptr;
  if (!st) return out;
  // 118: mandatory whatever the list says.
  if (st->av_recording == "whole_process") out.push_back({"118", "", st->name, "全过程音像记录"});
  auto list = publicity::find_version(tx, c.agency_id, "av", 0);
  if (!list) return list.error();
  if (*list)
    for (const auto& row : (*list)->rows) {
      for (const auto& name : step_names(row.value("steps", ""))) {
        if (name != st->name) continue;
        out.push_back({"list", row.value("code", ""), row.value("name", ""), row.value("requirement", "")});
        break;
      }
    }
  return out;
}

Status check_step_recorded(store::Tx& tx, const Case& c, const std::string& now_iso) {
  auto reqs = step_requirements(tx, c, c.step);
  if (!reqs) return reqs.error();
  if (reqs->empty()) return {};
  auto ex = tx.query_one("SELECT COUNT(*) FROM av_exemptions WHERE case_id = ? AND step = ?", {c.id, c.step});
  if (!ex) return ex.error();
  if (*ex && (*ex)->integer(0) > 0) return {};
  auto tol = clock_tolerance_seconds(tx);
  if (!tol) return tol.error();
  auto started = step_started(tx, c);
  if (!started) return started.error();
  std::int64_t from = unix_from_iso(*started) - *tol, to = unix_from_iso(now_iso) + *tol;
  auto items = tx.query("SELECT recorded_at, uploaded_at FROM av_items WHERE case_id = ? AND step = ? AND kind IN ('video', 'audio', 'photo')",
                        {c.id, c.step});
  if (!items) return items.error();
  for (const auto& r : *items) {
    std::int64_t at = unix_from_iso(r.text(0).empty() ? r.text(1) : r.text(0));
    if (at >= from && at <= to) return {};
  }
  const AvRequirement& first = (*reqs)[0];
  std::string why = first.describe();
  for (std::size_t i = 1; i < reqs->size(); ++i) why += "；" + (*reqs)[i].describe();
  return Error::conflict("“" + first.name + "”环节须有音像记录才能完成：" + why + "。请上传本环节（" + clock::beijing_time_text(*started) +
                             " 以来）拍摄的视频、录音或照片；设备故障等无法记录的，须经机关负责人批准免予记录",
                         "av");
}

Status grant_exemption(store::Tx& tx, const org::Principal& p, std::int64_t case_id, const std::string& reason, const std::string& note) {
  if (reason != "device_failure" && reason != "other") return Error::invalid("免予记录的原因须为设备故障或其他", "reason");
  if (note.empty()) return Error::invalid("请写明无法音像记录的情况", "note");
  if (note.size() > 2000) return Error::invalid("说明过长（不超过 2000 字节）", "note");
  auto c = case_for_write(tx, p, case_id, "recording.extend");
  if (!c) return c.error();
  if (c->status != "open") return Error::conflict("案件已办结");
  auto reqs = step_requirements(tx, *c, c->step);
  if (!reqs) return reqs.error();
  if (reqs->empty()) return Error::conflict("本环节不要求音像记录，无需批准免予记录");
  auto commitment = org::commit_private(tx, note);
  if (!commitment) return commitment.error();
  std::string date = clock::today_beijing();
  json payload{{"case_no", c->case_no}, {"case_id", c->id}, {"step", c->step}, {"reason", reason}, {"date", date},
               {"note_commitment", *commitment}};
  auto ev = append_case_event(tx, p, c->agency_id, "recording.av.exemption", "case:" + std::to_string(c->id), payload);
  if (!ev) return ev.error();
  auto ins = tx.exec("INSERT INTO av_exemptions(case_id, step, reason, note, approved_by, at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     {c->id, c->step, reason, note, p.person_id, clock::now_iso(), *ev});
  if (!ins) return ins.error();
  return touch_case(tx, c->id);
}

}  // namespace zhifa::recording::av
