// 案卷评查: the pages, the grading, the 整改 request and reply, and the JSON of issue 21.
#include <algorithm>

#include "law/calendar.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "supervision/evaluation.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

std::string in_ids(const Scope& s, store::Params& params) {
  std::string out;
  for (auto& a : s.agencies) {
    out += out.empty() ? "?" : ",?";
    params.emplace_back(a.id);
  }
  return "(" + out + ")";
}

const char* kFileSelect =
    "SELECT f.id, f.evaluation_id, f.case_id, f.agency_id, f.state, f.items_json, f.score, f.grade, f.graded_on, f.rectify_note, "
    "f.rectify_due_on, f.rectify_reply, f.rectified_on, c.case_no, c.title, a.name AS agency_name, a.code AS agency_code, e.title AS eval_title, "
    "e.year, e.kind, e.agency_id AS eval_agency FROM sup_eval_files f JOIN rec_cases c ON c.id = f.case_id JOIN agencies a ON a.id = f.agency_id "
    "JOIN sup_evaluations e ON e.id = f.evaluation_id ";

std::string state_label(const std::string& s) { return s == "pending" ? "待评分" : s == "graded" ? "已评定" : s == "rectified" ? "已整改" : s; }

json file_json(const store::Row& r, const std::string& today) {
  json items = json::parse(r.text("items_json"), nullptr, false);
  if (!items.is_array()) items = json::array();
  json deductions = json::array();
  for (auto& it : items) {
    for (auto& d : it["auto"])
      deductions.push_back({{"item", it["code"]}, {"item_name", it["name"]}, {"check", d["check"]}, {"points", d["points"]}, {"reason", d["reason"]}, {"automatic", true}});
    if (!it["score"].is_null() && it["manual"].get<bool>()) {
      int lost = it["cap"].get<int>() - it["score"].get<int>();
      if (lost > 0)
        deductions.push_back({{"item", it["code"]}, {"item_name", it["name"]}, {"check", "evaluator"}, {"points", lost},
                              {"reason", it.value("note", std::string())}, {"automatic", false}});
    }
  }
  std::string due = r.is_null("rectify_due_on") ? std::string() : r.text("rectify_due_on");
  std::string state = r.text("state");
  json j{{"id", r.integer("id")},           {"evaluation", r.integer("evaluation_id")}, {"case_id", r.integer("case_id")},
         {"case_no", r.text("case_no")},    {"title", r.text("title")},                  {"agency", r.text("agency_code")},
         {"agency_name", r.text("agency_name")}, {"state", state}, {"state_label", state_label(state)},
         {"score", r.is_null("score") ? json() : json(r.integer("score"))}, {"grade", r.text("grade")}, {"deductions", deductions},
         {"items", items}, {"rectify_note", r.text("rectify_note")}, {"rectify_due_on", due}, {"rectify_reply", r.text("rectify_reply")},
         {"rectified_on", r.is_null("rectified_on") ? std::string() : r.text("rectified_on")}};
  j["graded_on"] = r.is_null("graded_on") ? std::string() : r.text("graded_on");
  j["graded_on_text"] = j["graded_on"].get<std::string>().empty() ? "" : clock::chinese_date(j["graded_on"]);
  j["rectify_due_text"] = due.empty() ? "" : clock::chinese_date(due);
  j["rectified_text"] = r.is_null("rectified_on") ? "" : clock::chinese_date(r.text("rectified_on"));
  j["rectify_overdue"] = !due.empty() && state == "graded" && due < today;
  j["has_rectify"] = !r.text("rectify_note").empty();
  j["graded"] = state != "pending";
  j["bad"] = r.text("grade") == "不合格";
  return j;
}

}  // namespace

Result<json> evaluations_page(store::Tx& tx, const org::Principal& p, const std::string& agency) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, agency);
  if (!s) return s.error();
  store::Params params;
  std::string ids = in_ids(*s, params);
  auto evs = tx.query("SELECT e.id, e.title, e.year, e.kind, e.selection, e.created_on, a.name FROM sup_evaluations e JOIN agencies a ON a.id = e.agency_id "
                      "WHERE e.scope_id IN " + ids + " OR e.agency_id IN " + ids + " ORDER BY e.id DESC",
                      [&] { store::Params two = params; two.insert(two.end(), params.begin(), params.end()); return two; }());
  if (!evs) return evs.error();
  std::string today = clock::today_beijing();
  json out = json::array();
  for (auto& e : *evs) {
    store::Params fp{e.integer(0)};
    std::string fids = in_ids(*s, fp);
    auto files = tx.query(std::string(kFileSelect) + "WHERE f.evaluation_id = ? AND f.agency_id IN " + fids + " ORDER BY a.id, f.id", fp);
    if (!files) return files.error();
    json fs = json::array();
    int graded = 0;
    for (auto& f : *files) {
      fs.push_back(file_json(f, today));
      if (f.text("state") != "pending") ++graded;
    }
    out.push_back({{"id", e.integer(0)}, {"title", e.text(1)}, {"year", e.integer(2)}, {"kind", e.text(3) == "annual" ? "年度评查" : "专项评查"},
                   {"selection", e.text(4)}, {"created_on", clock::chinese_date(e.text(5))}, {"by", e.text(6)}, {"files", fs},
                   {"count", static_cast<std::int64_t>(fs.size())}, {"graded", graded}});
  }
  json agencies = json::array();
  for (auto& a : all->agencies) agencies.push_back({{"code", a.code}, {"name", a.name}, {"selected", a.code == agency}});
  return json{{"evaluations", out}, {"agencies", agencies}, {"has_evaluations", !out.empty()},
              {"year", std::to_string(std::stoi(today.substr(0, 4)) - 1)},
              {"may_evaluate", org::authorize(p, "supervision.evaluate", p.agency_id).allowed}};
}

Result<json> evaluations_api(store::Tx& tx, const org::Principal& p, const std::string& agency) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, agency);
  if (!s) return s.error();
  store::Params params;
  std::string ids = in_ids(*s, params);
  auto files = tx.query(std::string(kFileSelect) + "WHERE f.agency_id IN " + ids + " AND f.state <> 'pending' ORDER BY f.evaluation_id, a.id, f.id", params);
  if (!files) return files.error();
  std::string today = clock::today_beijing();
  json out = json::array();
  for (auto& f : *files) {
    json j = file_json(f, today);
    json o{{"id", j["id"]}, {"evaluation", j["evaluation"]}, {"evaluation_title", f.text("eval_title")}, {"year", f.integer("year")},
           {"kind", f.text("kind")}, {"case_id", j["case_id"]}, {"case_no", j["case_no"]}, {"agency", j["agency"]}, {"state", j["state"]},
           {"score", j["score"]}, {"grade", j["grade"]}, {"graded_on", j["graded_on"]}, {"deductions", j["deductions"]},
           {"rectification", {{"request", j["rectify_note"]}, {"due_on", j["rectify_due_on"]}, {"reply", j["rectify_reply"]}, {"rectified_on", j["rectified_on"]}}}};
    out.push_back(o);
  }
  return json{{"agency", {{"code", s->agencies.front().code}, {"name", s->agencies.front().name}}}, {"files", out}};
}

namespace {
Result<store::Row> load_file(store::Tx& tx, const Scope& s, std::int64_t id) {
  auto r = tx.query_one(std::string(kFileSelect) + "WHERE f.id = ?", {id});
  if (!r) return r.error();
  if (!*r || !s.contains((*r)->integer("agency_id"))) return Error::not_found("没有这份评查案卷");
  return **r;
}
}  // namespace

Result<json> eval_file_page(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const std::string& today) {
  auto s = supervised(tx, p);
  if (!s) return s.error();
  auto r = load_file(tx, *s, file_id);
  if (!r) return r.error();
  json j = file_json(*r, today);
  j["eval_title"] = r->text("eval_title");
  j["may_grade"] = org::authorize(p, "supervision.evaluate", r->integer("eval_agency")).allowed && s->contains(r->integer("eval_agency")) &&
                   r->text("state") != "rectified";
  return j;
}

Status grade_file(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const GradeInput& in, const std::string& today) {
  auto s = supervised(tx, p);
  if (!s) return s.error();
  auto r = load_file(tx, *s, file_id);
  if (!r) return r.error();
  if (!s->contains(r->integer("eval_agency"))) return Error::not_found("没有这份评查案卷");
  if (auto st = org::require(p, "supervision.evaluate", r->integer("eval_agency"), "没有这份评查案卷"); !st) return st;
  if (r->text("state") == "rectified") return Error::conflict("该案卷已整改完毕，评查结果不再修改");
  // The automatic items as the records stand today.
  auto checks = automatic_checks(tx, p, *s, r->integer("case_id"), today);
  if (!checks) return checks.error();
  // The standard's checks are those of the evaluation (fixed when it began).
  auto ev = tx.query_one("SELECT standard_json FROM sup_evaluations WHERE id = ?", {r->integer("evaluation_id")});
  if (!ev || !*ev) return ev ? Error::internal("evaluation missing") : ev.error();
  auto std_items = standard_from_json(json::parse((*ev)->text(0), nullptr, false));
  if (!std_items) return std_items.error();
  json items = file_items(*std_items, *checks);
  int total = 0;
  for (std::size_t i = 0; i < std_items->size(); ++i) {
    const EvalItem& it = (*std_items)[i];
    json& x = items[i];
    if (it.manual) {
      std::string field = "score_" + it.code;
      auto f = in.scores.find(it.code);
      std::string v = f == in.scores.end() ? "" : f->second;
      int cap = x["cap"];
      if (v.empty()) return Error::invalid("请为“" + it.name + "”评分（0 至 " + std::to_string(cap) + " 分）", field);
      if (v.size() > 3 || !std::all_of(v.begin(), v.end(), ::isdigit) || std::stoi(v) > cap)
        return Error::invalid("“" + it.name + "”的得分须为 0 至 " + std::to_string(cap) + " 的整数（本项 " + std::to_string(it.points) +
                                  " 分，自动扣 " + std::to_string(it.points - cap) + " 分）",
                              field);
      x["score"] = std::stoi(v);
      auto n = in.notes.find(it.code);
      std::string note = n == in.notes.end() ? "" : n->second;
      if (note.size() > 2000 || !text::valid_utf8(note)) return Error::invalid("扣分理由不得超过 2000 字节", "note_" + it.code);
      if (x["score"].get<int>() < cap && note.empty()) return Error::invalid("“" + it.name + "”扣分时须写明扣分理由", "note_" + it.code);
      x["note"] = note;
    }
    total += x["score"].get<int>();
  }
  if (in.rectify_note.size() > 4000 || !text::valid_utf8(in.rectify_note)) return Error::invalid("整改要求不得超过 4000 字节", "rectify_note");
  std::string due = in.rectify_due_on;
  if (!in.rectify_note.empty() || !due.empty()) {
    if (in.rectify_note.empty()) return Error::invalid("请写明整改要求", "rectify_note");
    auto d = law::Date::parse(due, "rectify_due_on");
    if (!d) return Error::invalid("整改期限须为“年-月-日”格式的日期", "rectify_due_on");
    if (due < today) return Error::invalid("整改期限不能早于今天", "rectify_due_on");
  }
  std::string grade = grade_of(total);
  auto u = tx.exec("UPDATE sup_eval_files SET state = 'graded', items_json = ?, score = ?, grade = ?, graded_by = ?, graded_on = ?, rectify_note = ?, "
                   "rectify_due_on = ? WHERE id = ?",
                   {items.dump(), total, grade, p.person_id, today, in.rectify_note, due.empty() ? store::Value(std::monostate{}) : store::Value(due), file_id});
  if (!u) return u.error();
  json payload{{"file", file_id}, {"case", r->integer("case_id")}, {"score", total}, {"grade", grade == "优秀" ? "excellent" : grade == "良好" ? "good" : grade == "合格" ? "pass" : "fail"},
               {"rectify_due", due.empty() ? today : due}, {"on", today}};
  auto e = org::append_event(tx, p, r->text("agency_code"), "supervision.evaluation.graded", "eval_file:" + std::to_string(file_id), payload.dump());
  if (!e) return e.error();
  return {};
}

Result<json> rectifications_page(store::Tx& tx, const org::Principal& p) {
  auto files = tx.query(std::string(kFileSelect) + "WHERE f.agency_id = ? AND f.state <> 'pending' ORDER BY f.id DESC", {p.agency_id});
  if (!files) return files.error();
  std::string today = clock::today_beijing();
  json out = json::array();
  for (auto& f : *files) {
    json j = file_json(f, today);
    j["eval_title"] = f.text("eval_title");
    j["may_reply"] = j["has_rectify"].get<bool>() && f.text("state") == "graded" && (p.has("agency_head") || p.has("supervisor"));
    out.push_back(j);
  }
  return json{{"files", out}, {"has_files", !out.empty()}, {"agency", p.agency_name}};
}

Status reply_rectification(store::Tx& tx, const org::Principal& p, std::int64_t file_id, const std::string& reply, const std::string& today) {
  auto r = tx.query_one("SELECT agency_id, state, rectify_note FROM sup_eval_files WHERE id = ?", {file_id});
  if (!r) return r.error();
  if (!*r || (*r)->integer(0) != p.agency_id || (*r)->text(1) == "pending") return Error::not_found("没有这份评查案卷");
  if (!p.has("agency_head") && !p.has("supervisor")) return Error::forbidden("整改情况由本机关负责人或法制（监督）机构报送");
  if ((*r)->text(2).empty()) return Error::conflict("该案卷没有整改要求");
  if ((*r)->text(1) == "rectified") return Error::conflict("整改情况已经报送");
  if (reply.empty() || reply.size() > 4000 || !text::valid_utf8(reply)) return Error::invalid("请填写整改情况（不超过 4000 字节）", "reply");
  auto u = tx.exec("UPDATE sup_eval_files SET state = 'rectified', rectify_reply = ?, rectified_by = ?, rectified_on = ? WHERE id = ?",
                   {reply, p.person_id, today, file_id});
  if (!u) return u.error();
  return org::record_event(tx, p, org::agency_code_of(tx, p.agency_id), "supervision.evaluation.rectified", "eval_file:" + std::to_string(file_id),
                           json{{"file", file_id}, {"on", today}}.dump());
}

}  // namespace zhifa::supervision
