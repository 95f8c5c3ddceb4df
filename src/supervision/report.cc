#include "supervision/report.h"

#include "law/money.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "platform/render/pdf.h"
#include "supervision/charts.h"
#include "supervision/scope.h"
#include "supervision/statistics.h"
#include "supervision/xlsx.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {

constexpr const char* kNoReport = "没有这份年度报告";

struct Report {
  std::int64_t id = 0, agency_id = 0;
  int year = 0;
  std::string state, agency_code, agency_name, published_on, updated_at;
  json figures;
  Narrative n;
};

Result<std::optional<Report>> load(store::Tx& tx, std::int64_t agency_id, int year) {
  auto r = tx.query_one(
      "SELECT r.id, r.state, r.figures_json, r.overview, r.problems, r.plans, COALESCE(r.published_on, ''), r.updated_at, a.code, a.name "
      "FROM sup_reports r JOIN agencies a ON a.id = r.agency_id WHERE r.agency_id = ? AND r.year = ?",
      {agency_id, static_cast<std::int64_t>(year)});
  if (!r) return r.error();
  if (!*r) return std::optional<Report>();
  const auto& row = **r;
  Report rep;
  rep.id = row.integer(0);
  rep.agency_id = agency_id;
  rep.year = year;
  rep.state = row.text(1);
  rep.figures = json::parse(row.text(2), nullptr, false);
  rep.n = {row.text(3), row.text(4), row.text(5)};
  rep.published_on = row.text(6);
  rep.updated_at = row.text(7);
  rep.agency_code = row.text(8);
  rep.agency_name = row.text(9);
  return std::optional<Report>(std::move(rep));
}

// The agency `code` if `p` may write its report (supervision.report, own agency or below).
Result<org::Agency> agency_for(store::Tx& tx, const org::Principal& p, const std::string& code) {
  if (code.empty()) return Error::invalid("请选择执法主体", "agency");
  auto all = supervised(tx, p);
  if (!all) return all.error();
  for (auto& a : all->agencies)
    if (a.code == code) {
      if (auto st = org::require(p, "supervision.report", a.id, "没有这个执法主体"); !st) return st.error();
      return a;
    }
  return Error::not_found("没有这个执法主体");
}

std::string deadline_of(int year) { return std::to_string(year + 1) + "-01-31"; }  // 118: by 31 January

// The figures as rows of (item, value), the same in the page, the PDF and the workbook.
std::vector<std::vector<std::string>> figure_rows(const json& f) {
  auto n = [&](const json& v) { return v.is_number_float() ? std::to_string(v.get<double>()).substr(0, std::to_string(v.get<double>()).find('.') + 2) : v.dump(); };
  std::vector<std::vector<std::string>> rows = {{"项目", "数值"}};
  rows.push_back({"立案 / 受理案件（件）", n(f["cases"]["total"])});
  for (auto& c : f["cases"]["by_category"]) rows.push_back({"其中" + c["label"].get<std::string>() + "（件）", n(c["count"])});
  for (auto& c : f["cases"]["by_outcome"]) rows.push_back({"办理结果：" + c["label"].get<std::string>() + "（件）", n(c["count"])});
  rows.push_back({"罚款决定（件）", n(f["fines"]["count"])});
  rows.push_back({"罚款金额（元）", f["fines"]["sum_yuan"].get<std::string>()});
  rows.push_back({"罚款金额中位数（元）", f["fines"]["median_yuan"].get<std::string>()});
  rows.push_back({"准予行政许可（件）", n(f["licences"]["granted"])});
  rows.push_back({"不予行政许可（件）", n(f["licences"]["refused"])});
  rows.push_back({"行政许可平均用时（工作日）", n(f["licences"]["average_working_days"])});
  rows.push_back({"按期完成的法定期限（个）", n(f["deadlines"]["met"])});
  rows.push_back({"超期完成或已超期的法定期限（个）", std::to_string(f["deadlines"]["missed"].get<std::int64_t>() + f["deadlines"]["overdue"].get<std::int64_t>())});
  rows.push_back({"提请法制审核（件）", n(f["reviews"]["submitted"])});
  rows.push_back({"重大执法决定占比（%）", n(f["reviews"]["major_share_pct"])});
  rows.push_back({"执法决定按时公示（件）", n(f["publications"]["on_time"])});
  rows.push_back({"执法决定逾期公示或逾期未公示（件）", std::to_string(f["publications"]["late"].get<std::int64_t>() + f["publications"]["overdue"].get<std::int64_t>())});
  rows.push_back({"双随机抽查检查对象（户）", n(f["inspections"]["drawn"])});
  rows.push_back({"抽查结果已公示（户）", n(f["inspections"]["published"])});
  rows.push_back({"收到投诉举报（件）", n(f["complaints"]["received"])});
  rows.push_back({"按期答复投诉举报（件）", n(f["complaints"]["answered_on_time"])});
  return rows;
}

json report_json(const Report& r) {
  json rows = json::array();
  auto fr = figure_rows(r.figures);
  for (std::size_t i = 1; i < fr.size(); ++i) rows.push_back({{"item", fr[i][0]}, {"value", fr[i][1]}});
  return {{"id", r.id}, {"year", r.year}, {"state", r.state}, {"draft", r.state == "draft"}, {"reviewed", r.state == "reviewed"},
          {"published", r.state == "published"}, {"agency_code", r.agency_code}, {"agency_name", r.agency_name},
          {"overview", r.n.overview}, {"problems", r.n.problems}, {"plans", r.n.plans}, {"rows", rows},
          {"published_on", r.published_on.empty() ? std::string() : clock::chinese_date(r.published_on)},
          {"on_time", !r.published_on.empty() && r.published_on <= deadline_of(r.year)}};
}

Result<Report> published(store::Tx& tx, const std::string& code, int year) {
  auto a = org::find_agency(tx, code);
  if (!a) return a.error();
  if (!*a) return Error::not_found(kNoReport);
  auto r = load(tx, (*a)->id, year);
  if (!r) return r.error();
  if (!*r || (*r)->state != "published") return Error::not_found(kNoReport);
  return std::move(**r);
}

}  // namespace

Result<int> parse_year(const std::string& text) {
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) return Error::invalid("年度须为四位数字，例如 2025", "year");
  int y = std::stoi(text);
  if (y < 2000 || y > 2100) return Error::invalid("年度须在 2000 至 2100 之间", "year");
  return y;
}

Result<json> report_workspace(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, code);
  if (!s) return s.error();
  const org::Agency& agency = s->agencies.front();
  json ctx{{"year", year}, {"agency_code", agency.code}, {"agency_name", agency.name}, {"deadline", clock::chinese_date(deadline_of(year))},
           {"ended", std::to_string(year) < today.substr(0, 4)}};
  auto r = load(tx, agency.id, year);
  if (!r) return r.error();
  ctx["report"] = *r ? report_json(**r) : json(nullptr);
  json agencies = json::array();
  for (auto& a : all->agencies) {
    auto x = load(tx, a.id, year);
    if (!x) return x.error();
    std::string state = !*x ? "未编制" : (*x)->state == "published" ? "已公开" : (*x)->state == "reviewed" ? "已审核待公开" : "编制中";
    bool late = !*x || (*x)->state != "published" ? today > deadline_of(year) : (*x)->published_on > deadline_of(year);
    agencies.push_back({{"code", a.code}, {"name", a.name}, {"state", state}, {"published", *x && (*x)->state == "published"}, {"late", late},
                        {"published_on", *x && !(*x)->published_on.empty() ? clock::chinese_date((*x)->published_on) : std::string()}});
  }
  ctx["agencies"] = agencies;
  return ctx;
}

Result<std::int64_t> generate_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today) {
  auto a = agency_for(tx, p, code);
  if (!a) return a.error();
  // 118: the report is of the previous year's data; a year not yet ended has no complete data.
  if (std::to_string(year) >= today.substr(0, 4))
    return Error::invalid(std::to_string(year) + "年尚未结束，不能生成该年度的行政执法数据年度报告（" + std::to_string(year + 1) + "年1月1日起可生成）", "year");
  Scope one;
  one.agencies.push_back(*a);
  one.ids.insert(a->id);
  auto figures = statistics(tx, one, Period{std::to_string(year) + "-01-01", std::to_string(year) + "-12-31"}, today);
  if (!figures) return figures.error();
  auto existing = load(tx, a->id, year);
  if (!existing) return existing.error();
  std::string now = clock::now_iso();
  if (*existing) {
    if ((*existing)->state != "draft") return Error::conflict("该年度报告已审核或已公开，不能重新生成");
    auto r = tx.exec("UPDATE sup_reports SET figures_json = ?, updated_at = ? WHERE id = ?", {figures->dump(), now, (*existing)->id});
    if (!r) return r.error();
    return (*existing)->id;
  }
  auto id = tx.query("INSERT INTO sup_reports (agency_id, year, state, figures_json, created_by, updated_at) VALUES (?, ?, 'draft', ?, ?, ?) RETURNING id",
                     {a->id, static_cast<std::int64_t>(year), figures->dump(), p.person_id, now});
  if (!id) return id.error();
  return (*id)[0].integer(0);
}

Status save_narrative(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const Narrative& n) {
  auto a = agency_for(tx, p, code);
  if (!a) return a.error();
  for (auto* s : {&n.overview, &n.problems, &n.plans})
    if (s->size() > 20000) return Error::invalid("每一部分不得超过 20000 字节（约 6000 个汉字）", s == &n.overview ? "overview" : s == &n.problems ? "problems" : "plans");
  auto r = load(tx, a->id, year);
  if (!r) return r.error();
  if (!*r) return Error::not_found(kNoReport);
  if ((*r)->state != "draft") return Error::conflict("该年度报告已审核或已公开，不能修改");
  auto u = tx.exec("UPDATE sup_reports SET overview = ?, problems = ?, plans = ?, updated_at = ? WHERE id = ?",
                   {n.overview, n.problems, n.plans, clock::now_iso(), (*r)->id});
  return u ? Status{} : Status(u.error());
}

Status review_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year) {
  auto a = agency_for(tx, p, code);
  if (!a) return a.error();
  if (!p.has("agency_head") || p.agency_id != a->id) return Error::forbidden("年度报告由本机关负责人审核");
  auto r = load(tx, a->id, year);
  if (!r) return r.error();
  if (!*r) return Error::not_found(kNoReport);
  if ((*r)->state != "draft") return Error::conflict("该年度报告不在编制中");
  if ((*r)->n.overview.empty()) return Error::invalid("请先填写“总体情况”", "overview");
  auto u = tx.exec("UPDATE sup_reports SET state = 'reviewed', reviewed_by = ?, updated_at = ? WHERE id = ?", {p.person_id, clock::now_iso(), (*r)->id});
  return u ? Status{} : Status(u.error());
}

Status publish_report(store::Tx& tx, const org::Principal& p, const std::string& code, int year, const std::string& today) {
  auto a = agency_for(tx, p, code);
  if (!a) return a.error();
  if (!p.has("agency_head") || p.agency_id != a->id) return Error::forbidden("年度报告由本机关负责人批准公开");
  auto r = load(tx, a->id, year);
  if (!r) return r.error();
  if (!*r) return Error::not_found(kNoReport);
  if ((*r)->state != "reviewed") return Error::conflict("年度报告须先审核，才能公开");
  bool on_time = today <= deadline_of(year);
  json payload{{"year", year}, {"report", (*r)->id}, {"figures_sha256", blob::sha256_hex((*r)->figures.dump())}, {"on", today}, {"on_time", on_time}};
  auto ev = org::append_event(tx, p, a->code, "supervision.report.published", "report:" + std::to_string((*r)->id), payload.dump());
  if (!ev) return ev.error();
  auto u = tx.exec("UPDATE sup_reports SET state = 'published', published_by = ?, published_on = ?, published_event = ?, updated_at = ? WHERE id = ?",
                   {p.person_id, today, *ev, clock::now_iso(), (*r)->id});
  return u ? Status{} : Status(u.error());
}

Result<json> public_report(store::Tx& tx, const std::string& code, int year) {
  auto r = published(tx, code, year);
  if (!r) return r.error();
  return report_json(*r);
}

Result<std::string> report_pdf(store::Tx& tx, const std::string& code, int year) {
  auto r = published(tx, code, year);
  if (!r) return r.error();
  render::PdfDocument doc;
  doc.title = r->agency_name + std::to_string(year) + "年度行政执法数据报告";
  using K = render::PdfBlock::Kind;
  doc.blocks.push_back({K::kCentered, "（" + clock::chinese_date(r->published_on) + "公开）", {}, {}, 0});
  doc.blocks.push_back({K::kHeading, "一、总体情况", {}, {}, 0});
  doc.blocks.push_back({K::kParagraph, r->n.overview, {}, {}, 0});
  doc.blocks.push_back({K::kHeading, "二、行政执法数据", {}, {}, 0});
  doc.blocks.push_back({K::kTable, "", figure_rows(r->figures), {}, 0});
  // The charts, after the table that states the same numbers.
  std::vector<Bar> categories;
  for (auto& c : r->figures["cases"]["by_category"]) categories.push_back({c["label"].get<std::string>(), c["count"].get<std::int64_t>(), ""});
  doc.blocks.push_back({K::kImagePng, "", {}, bar_chart_png("按执法类别统计的案件数", categories), 150});
  const json& d = r->figures["deadlines"];
  doc.blocks.push_back({K::kImagePng, "", {}, bar_chart_png("法定期限遵守情况", {{"按期完成", d["met"].get<std::int64_t>(), "ok"},
                                                                                {"超期完成", d["missed"].get<std::int64_t>(), "bad"},
                                                                                {"在期限内", d["running"].get<std::int64_t>(), ""},
                                                                                {"已超期未完成", d["overdue"].get<std::int64_t>(), "bad"}}), 150});
  if (!r->n.problems.empty()) {
    doc.blocks.push_back({K::kHeading, "三、存在的问题", {}, {}, 0});
    doc.blocks.push_back({K::kParagraph, r->n.problems, {}, {}, 0});
  }
  if (!r->n.plans.empty()) {
    doc.blocks.push_back({K::kHeading, "四、下一步工作", {}, {}, 0});
    doc.blocks.push_back({K::kParagraph, r->n.plans, {}, {}, 0});
  }
  doc.footer = "依据《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）";
  return render::render_pdf(doc);
}

Result<std::string> report_xlsx(store::Tx& tx, const std::string& code, int year) {
  auto r = published(tx, code, year);
  if (!r) return r.error();
  Sheet figures{"行政执法数据", figure_rows(r->figures)};
  Sheet agencies{"说明", {{"项目", "内容"}, {"执法主体", r->agency_name}, {"年度", std::to_string(year)}, {"公开日期", clock::chinese_date(r->published_on)},
                         {"总体情况", r->n.overview}, {"存在的问题", r->n.problems}, {"下一步工作", r->n.plans}}};
  return write_xlsx({figures, agencies});
}

Status report_tasks(store::Tx& tx, const org::Principal& p, const std::string& today, json& tasks) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  int year = std::stoi(today.substr(0, 4)) - 1;
  std::int64_t missing = 0;
  for (auto& a : all->agencies) {
    auto r = load(tx, a.id, year);
    if (!r) return r.error();
    if (!*r || (*r)->state != "published") ++missing;
  }
  if (!missing) return {};
  bool red = today > deadline_of(year);
  tasks.push_back({{"level", red ? "danger" : "warn"},
                   {"text", std::to_string(year) + "年度行政执法数据年度报告：" + std::to_string(missing) + " 个执法主体尚未公开" +
                                (red ? "（已超过1月31日）" : "（应于1月31日前公开）")},
                   {"href", "/workspace/supervision/reports/" + std::to_string(year)},
                   {"due", deadline_of(year)}});
  return {};
}

}  // namespace zhifa::supervision
