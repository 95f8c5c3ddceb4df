// 备案 (issue 21): plans, published lists and published annual reports filed with the legal
// office of the superior, acknowledged or returned with reasons.
#include <algorithm>

#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"
#include "publicity/lists.h"
#include "supervision/notices.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

constexpr const char* kNoFiling = "没有这份备案";

// The superior legal office: the parent agency; for a top-level agency the government's
// 行政执法监督机构 (the setting complaints.oversight_agency, e.g. 济宁市司法局).
Result<std::int64_t> superior_of(store::Tx& tx, std::int64_t agency_id) {
  auto a = tx.query_one("SELECT parent_id FROM agencies WHERE id = ?", {agency_id});
  if (!a) return a.error();
  if (*a && !(*a)->is_null(0)) return (*a)->integer(0);
  auto code = store::get_setting(tx, "complaints.oversight_agency");
  if (!code) return code.error();
  if (code->has_value()) {
    auto o = tx.query_one("SELECT id FROM agencies WHERE code = ?", {**code});
    if (!o) return o.error();
    if (*o && (*o)->integer(0) != agency_id) return (*o)->integer(0);
  }
  return Error::conflict("本机关没有上级法制机构可以备案");
}

std::string kind_label(const std::string& k) { return k == "plan" ? "双随机抽查计划" : k == "list" ? "公示清单" : k == "report" ? "行政执法数据年度报告" : k; }
std::string state_label(const std::string& s) { return s == "filed" ? "待审查" : s == "acknowledged" ? "已备案" : s == "returned" ? "已退回" : s; }

// What is filed: its reference and title; refused when it does not exist or is not published.
Result<std::pair<std::string, std::string>> subject_of(store::Tx& tx, std::int64_t agency_id, const NewFiling& in) {
  if (in.kind == "list") {
    const publicity::ListDef* def = publicity::find_list(in.ref);
    if (!def) return Error::invalid("请选择要备案的清单", "ref");
    auto r = tx.query_one("SELECT published_version FROM publicity_lists WHERE agency_id = ? AND kind = ?", {agency_id, in.ref});
    if (!r) return r.error();
    std::int64_t v = *r ? (*r)->integer(0) : 0;
    if (v <= 0) return Error::invalid("《" + def->zh + "》尚未公开发布，不能备案：请先经审查后发布", "ref");
    return std::pair{"list:" + in.ref + ":" + std::to_string(v), "《" + def->zh + "》第 " + std::to_string(v) + " 版"};
  }
  if (in.kind == "report") {
    if (in.ref.size() != 4 || !std::all_of(in.ref.begin(), in.ref.end(), ::isdigit)) return Error::invalid("请填写年度报告的年份", "ref");
    auto r = tx.query_one("SELECT state FROM sup_reports WHERE agency_id = ? AND year = ?", {agency_id, std::stoll(in.ref)});
    if (!r) return r.error();
    if (!*r || (*r)->text(0) != "published") return Error::invalid(in.ref + "年度行政执法数据年度报告尚未公开，不能备案", "ref");
    return std::pair{"report:" + in.ref, in.ref + "年度行政执法数据年度报告"};
  }
  if (in.kind == "plan") {
    if (in.ref.empty() || in.ref.size() > 18 || !std::all_of(in.ref.begin(), in.ref.end(), ::isdigit)) return Error::invalid("请选择要备案的抽查计划", "ref");
    auto r = tx.query_one("SELECT number, matter_name FROM insp_plans WHERE id = ? AND agency_id = ?", {std::stoll(in.ref), agency_id});
    if (!r) return r.error();
    if (!*r) return Error::invalid("没有这份抽查计划", "ref");
    return std::pair{"plan:" + in.ref, "双随机抽查计划 " + (*r)->text(0) + "（" + (*r)->text(1) + "）"};
  }
  return Error::invalid("请选择备案类型：抽查计划、公示清单或年度报告", "kind");
}

}  // namespace

Result<std::int64_t> file_filing(store::Tx& tx, const org::Principal& p, const NewFiling& in, const std::string& today) {
  if (auto st = org::require(p, "supervision.file", p.agency_id, "没有这个执法主体"); !st) return st.error();
  auto subject = subject_of(tx, p.agency_id, in);
  if (!subject) return subject.error();
  auto sup = superior_of(tx, p.agency_id);
  if (!sup) return sup.error();
  auto dup = tx.query_one("SELECT id FROM sup_filings WHERE agency_id = ? AND ref = ? AND state <> 'returned'", {p.agency_id, subject->first});
  if (!dup) return dup.error();
  if (*dup) return Error::conflict(subject->second + "已经报送备案");
  auto id = tx.query("INSERT INTO sup_filings (agency_id, superior_id, kind, ref, title, state, filed_by, filed_on) VALUES (?, ?, ?, ?, ?, 'filed', ?, ?) RETURNING id",
                     {p.agency_id, *sup, in.kind, subject->first, subject->second, p.person_id, today});
  if (!id) return id.error();
  std::int64_t fid = (*id)[0].integer(0);
  json payload{{"filing", fid}, {"kind", in.kind}, {"superior", org::agency_code_of(tx, *sup)}, {"on", today}};
  auto ev = org::append_event(tx, p, org::agency_code_of(tx, p.agency_id), "supervision.filing.filed", "filing:" + std::to_string(fid), payload.dump());
  if (!ev) return ev.error();
  if (auto u = tx.exec("UPDATE sup_filings SET ledger_index = ? WHERE id = ?", {*ev, fid}); !u) return u.error();
  return fid;
}

Status decide_filing(store::Tx& tx, const org::Principal& p, std::int64_t id, const std::string& decision, const std::string& reason,
                     const std::string& today) {
  auto r = tx.query_one("SELECT superior_id, agency_id, state FROM sup_filings WHERE id = ?", {id});
  if (!r) return r.error();
  if (*r && (*r)->integer(1) == p.agency_id) return Error::forbidden("备案由上级法制机构审查，报送机关不能自行审查");
  if (!*r || (*r)->integer(0) != p.agency_id) return Error::not_found(kNoFiling);
  if (auto st = org::require(p, "supervision.file", p.agency_id, kNoFiling); !st) return st;
  if (decision != "acknowledge" && decision != "return") return Error::invalid("请选择：予以备案或退回", "decision");
  if ((*r)->text(2) != "filed") return Error::conflict("这份备案已经审查（" + state_label((*r)->text(2)) + "）");
  if (decision == "return" && (reason.empty() || reason.size() > 4000 || !text::valid_utf8(reason)))
    return Error::invalid("退回须写明理由（不超过 4000 字节）", "reason");
  std::string state = decision == "acknowledge" ? "acknowledged" : "returned";
  auto u = tx.exec("UPDATE sup_filings SET state = ?, reason = ?, decided_by = ?, decided_on = ? WHERE id = ?",
                   {state, decision == "return" ? reason : std::string(), p.person_id, today, id});
  if (!u) return u.error();
  return org::record_event(tx, p, org::agency_code_of(tx, (*r)->integer(1)), "supervision.filing.decided", "filing:" + std::to_string(id),
                           json{{"filing", id}, {"state", state}, {"on", today}}.dump());
}

Result<json> filings_page(store::Tx& tx, const org::Principal& p) {
  auto q = [&](const char* where) -> Result<json> {
    auto rows = tx.query(std::string("SELECT f.id, f.kind, f.title, f.state, f.reason, f.filed_on, f.decided_on, a.name, s.name FROM sup_filings f "
                                     "JOIN agencies a ON a.id = f.agency_id JOIN agencies s ON s.id = f.superior_id WHERE ") + where + " ORDER BY f.id DESC",
                         {p.agency_id});
    if (!rows) return rows.error();
    json out = json::array();
    for (auto& r : *rows)
      out.push_back({{"id", r.integer(0)}, {"kind", r.text(1)}, {"kind_label", kind_label(r.text(1))}, {"title", r.text(2)}, {"state", r.text(3)},
                     {"state_label", state_label(r.text(3))}, {"reason", r.text(4)}, {"filed_on", clock::chinese_date(r.text(5))},
                     {"decided_on", r.is_null(6) ? "" : clock::chinese_date(r.text(6))}, {"agency", r.text(7)}, {"superior", r.text(8)},
                     {"pending", r.text(3) == "filed"}, {"returned", r.text(3) == "returned"}});
    return out;
  };
  auto mine = q("f.agency_id = ?");
  if (!mine) return mine.error();
  auto inbox = q("f.superior_id = ?");
  if (!inbox) return inbox.error();
  json lists = json::array();
  for (auto& d : publicity::list_defs()) lists.push_back({{"kind", d.kind}, {"name", d.zh}});
  auto plans = tx.query("SELECT id, number, matter_name FROM insp_plans WHERE agency_id = ? ORDER BY id DESC LIMIT 50", {p.agency_id});
  if (!plans) return plans.error();
  json ps = json::array();
  for (auto& r : *plans) ps.push_back({{"id", r.integer(0)}, {"name", r.text(1) + "（" + r.text(2) + "）"}});
  bool may = org::authorize(p, "supervision.file", p.agency_id).allowed;
  return json{{"mine", *mine}, {"inbox", *inbox}, {"has_mine", !mine->empty()}, {"has_inbox", !inbox->empty()}, {"lists", lists}, {"plans", ps}, {"has_plans", !ps.empty()},
              {"year", std::to_string(std::stoi(clock::today_beijing().substr(0, 4)) - 1)}, {"may_file", may}, {"may_decide", may}};
}

Status notice_tasks(store::Tx& tx, const org::Principal& p, const std::string& today, json& out) {
  if (p.anonymous()) return {};
  auto n = tx.query("SELECT n.id, n.title, n.due_on FROM sup_notice_recipients r JOIN sup_notices n ON n.id = r.notice_id "
                    "WHERE r.agency_id = ? AND r.replied_on IS NULL ORDER BY n.due_on",
                    {p.agency_id});
  if (!n) return n.error();
  for (auto& r : *n)
    out.push_back({{"level", r.text(2) < today ? "danger" : "warn"},
                   {"text", "督查通报待回复：" + r.text(1) + "（期限 " + clock::chinese_date(r.text(2)) + (r.text(2) < today ? "，已逾期" : "") + "）"},
                   {"href", "/workspace/supervision/notices/" + std::to_string(r.integer(0))}, {"due", r.text(2)}});
  if (p.has("agency_head") || p.has("supervisor")) {
    auto f = tx.query("SELECT COUNT(*), MIN(rectify_due_on) FROM sup_eval_files WHERE agency_id = ? AND state = 'graded' AND rectify_note <> ''", {p.agency_id});
    if (!f) return f.error();
    if (!f->empty() && (*f)[0].integer(0) > 0)
      out.push_back({{"level", (*f)[0].text(1) < today ? "danger" : "warn"},
                     {"text", "案卷评查整改：" + std::to_string((*f)[0].integer(0)) + " 件待报送整改情况（最早期限 " + clock::chinese_date((*f)[0].text(1)) + "）"},
                     {"href", "/workspace/supervision/rectifications"}, {"due", (*f)[0].text(1)}});
    auto w = tx.query("SELECT COUNT(*) FROM sup_filings WHERE superior_id = ? AND state = 'filed'", {p.agency_id});
    if (!w) return w.error();
    if (!w->empty() && (*w)[0].integer(0) > 0)
      out.push_back({{"level", "info"}, {"text", "备案审查：" + std::to_string((*w)[0].integer(0)) + " 件待审查"}, {"href", "/workspace/supervision/filings"}});
  }
  return {};
}

}  // namespace zhifa::supervision
