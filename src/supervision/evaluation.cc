#include "supervision/evaluation.h"

#include <algorithm>
#include <set>

#include "inspection/rfc3797.h"
#include "law/calendar.h"
#include "org/events.h"
#include "platform/core/clock.h"
#include "platform/core/text.h"

namespace zhifa::supervision {

using json = nlohmann::json;

namespace {
const std::map<std::string, std::string>& check_labels() {
  static const std::map<std::string, std::string> m = {
      {"officers", "两名持证执法人员"}, {"deadlines", "办理期限"}, {"review", "重大执法决定法制审核"}, {"publication", "决定按时公示"},
      {"band", "裁量基准"}, {"signed", "文书签发"}, {"documents", "必备文书齐全"}, {"av", "音像记录"}};
  return m;
}
std::string label_of_check(const std::string& c) {
  auto it = check_labels().find(c);
  return it == check_labels().end() ? c : it->second;
}
}  // namespace

std::vector<EvalItem> default_standard() {
  return {
      {"subject", "主体合法", "《行政处罚法》第十七条、第四十二条：具有法定职权，执法人员不少于两人且持证", 10, {"officers"}, false},
      {"facts", "事实清楚证据确凿", "《行政处罚法》第四十条：违法事实不清、证据不足的，不得给予行政处罚", 25, {}, true},
      {"law", "适用法律正确", "《行政诉讼法》第七十条：适用法律、法规错误的，判决撤销", 15, {}, true},
      {"procedure", "程序合法", "《行政处罚法》第五十八条、第六十条；国办发〔2018〕118号：法制审核、法定期限、决定公示", 20,
       {"deadlines", "review", "publication"}, false},
      {"discretion", "裁量适当", "《行政处罚法》第五条、第三十四条：过罚相当，适用裁量基准", 10, {"band"}, true},
      {"writing", "文书规范", "国办发〔2018〕118号：执法文书规范、依法签发", 10, {"signed"}, false},
      {"archive", "归档完整", "国办发〔2018〕118号：执法全过程记录，案卷归档完整", 10, {"documents", "av"}, false},
  };
}

Status check_standard(const std::vector<EvalItem>& items) {
  if (items.empty()) return Error::invalid("评查标准至少要有一个评查项目", "items");
  int sum = 0;
  std::set<std::string> codes, checks;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& it = items[i];
    std::string f = "items." + std::to_string(i);
    if (it.code.empty() || !codes.insert(it.code).second) return Error::invalid("第 " + std::to_string(i + 1) + " 项的代码为空或重复", f + ".code");
    if (it.name.empty() || it.name.size() > 200 || !text::valid_utf8(it.name))
      return Error::invalid("第 " + std::to_string(i + 1) + " 项须填写项目名称（不超过 200 字节）", f + ".name");
    if (it.rule.empty() || it.rule.size() > 1000) return Error::invalid("“" + it.name + "”须写明所依据的规定", f + ".rule");
    if (it.points < 1 || it.points > 100) return Error::invalid("“" + it.name + "”的分值须为 1 至 100 的整数", f + ".points");
    for (auto& c : it.checks) {
      if (!check_labels().count(c)) return Error::invalid("“" + it.name + "”含有未知的自动评查项：" + c, f + ".checks");
      if (!checks.insert(c).second) return Error::invalid("自动评查项“" + label_of_check(c) + "”只能属于一个评查项目", f + ".checks");
    }
    if (it.checks.empty() && !it.manual) return Error::invalid("“" + it.name + "”既无自动评查项，也不由评查人员评分", f + ".manual");
    sum += it.points;
  }
  if (sum != 100) return Error::invalid("评查标准各项分值之和须为 100 分，现为 " + std::to_string(sum) + " 分", "points");
  return {};
}

json standard_to_json(const std::vector<EvalItem>& items) {
  json a = json::array();
  for (auto& it : items) a.push_back({{"code", it.code}, {"name", it.name}, {"rule", it.rule}, {"points", it.points}, {"checks", it.checks}, {"manual", it.manual}});
  return a;
}

Result<std::vector<EvalItem>> standard_from_json(const json& j) {
  if (!j.is_array()) return Error::invalid("评查标准须为项目数组", "items");
  std::vector<EvalItem> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const json& x = j[i];
    std::string f = "items." + std::to_string(i);
    if (!x.is_object()) return Error::invalid("第 " + std::to_string(i + 1) + " 项须为对象", f);
    EvalItem it;
    auto str = [&](const char* k) { return x.contains(k) && x[k].is_string() ? x[k].get<std::string>() : std::string(); };
    it.code = str("code");
    it.name = str("name");
    it.rule = str("rule");
    if (!x.contains("points") || !x["points"].is_number_integer()) return Error::invalid("第 " + std::to_string(i + 1) + " 项的分值须为整数", f + ".points");
    it.points = static_cast<int>(std::clamp<std::int64_t>(x["points"].get<std::int64_t>(), -1, 1000));
    if (x.contains("checks") && x["checks"].is_array())
      for (auto& c : x["checks"])
        if (c.is_string()) it.checks.push_back(c.get<std::string>());
    it.manual = x.value("manual", false);
    out.push_back(std::move(it));
  }
  return out;
}

Result<std::vector<EvalItem>> load_standard(store::Tx& tx, std::int64_t agency_id) {
  auto r = tx.query_one("SELECT items_json FROM sup_eval_standards WHERE agency_id = ?", {agency_id});
  if (!r) return r.error();
  if (!*r) return default_standard();
  return standard_from_json(json::parse((*r)->text(0), nullptr, false));
}

Result<json> standard_page(store::Tx& tx, const org::Principal& p) {
  auto items = load_standard(tx, p.agency_id);
  if (!items) return items.error();
  json rows = standard_to_json(*items);
  for (auto& r : rows) {
    std::string checks;
    for (auto& c : r["checks"]) checks += (checks.empty() ? "" : "、") + label_of_check(c.get<std::string>());
    r["checks_text"] = checks.empty() ? "—" : checks;
  }
  return json{{"items", rows}, {"agency", p.agency_name}};
}

Status save_standard(store::Tx& tx, const org::Principal& p, const std::vector<EvalItem>& items) {
  if (auto st = org::require(p, "supervision.evaluate", p.agency_id, "没有这个执法主体"); !st) return st;
  if (auto st = check_standard(items); !st) return st;
  std::string now = clock::now_iso(), js = standard_to_json(items).dump();
  auto u = tx.exec("UPDATE sup_eval_standards SET items_json = ?, updated_by = ?, updated_at = ? WHERE agency_id = ?", {js, p.person_id, now, p.agency_id});
  if (!u) return u.error();
  if (*u == 0) {
    auto i = tx.exec("INSERT INTO sup_eval_standards (agency_id, items_json, updated_by, updated_at) VALUES (?, ?, ?, ?)", {p.agency_id, js, p.person_id, now});
    if (!i) return i.error();
  }
  return {};
}

std::string grade_of(int score) {
  // Grades of issue 21: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 < 60.
  return score >= 90 ? "优秀" : score >= 80 ? "良好" : score >= 60 ? "合格" : "不合格";
}

// The items of a file: the standard's items with the automatic deductions (capped by the points).
json file_items(const std::vector<EvalItem>& standard, const std::map<std::string, std::vector<Deduction>>& checks) {
  json items = json::array();
  for (auto& it : standard) {
    json autos = json::array();
    int ded = 0;
    for (auto& c : it.checks) {
      auto f = checks.find(c);
      if (f == checks.end()) continue;
      for (auto& d : f->second) {
        autos.push_back({{"check", d.check}, {"check_label", label_of_check(d.check)}, {"points", d.points}, {"reason", d.reason}});
        ded += d.points;
      }
    }
    int cap = std::max(0, it.points - std::min(ded, it.points));
    items.push_back({{"code", it.code}, {"name", it.name}, {"rule", it.rule}, {"points", it.points}, {"manual", it.manual},
                     {"auto", autos}, {"auto_deducted", it.points - cap}, {"cap", cap}, {"score", it.manual ? json() : json(cap)}, {"note", ""}});
  }
  return items;
}

Result<std::int64_t> create_evaluation(store::Tx& tx, const org::Principal& p, const NewEvaluation& in, const std::string& today) {
  auto all = supervised(tx, p);
  if (!all) return all.error();
  auto s = narrow(*all, in.agency);
  if (!s) return s.error();
  if (auto st = org::require(p, "supervision.evaluate", p.agency_id, "没有这个执法主体"); !st) return st.error();
  if (in.kind != "annual" && in.kind != "special") return Error::invalid("请选择评查类型：年度评查或专项评查", "kind");
  int year = 0;
  if (in.year.size() != 4 || !std::all_of(in.year.begin(), in.year.end(), ::isdigit) || (year = std::stoi(in.year)) < 2000 ||
      in.year > today.substr(0, 4))
    return Error::invalid("评查年度须为不晚于今年的四位年份，例如 " + today.substr(0, 4), "year");
  if (in.title.empty() || in.title.size() > 300 || !text::valid_utf8(in.title)) return Error::invalid("请填写评查名称（不超过 300 字节）", "title");
  int per = 0;
  if (in.per_agency.empty() || in.per_agency.size() > 3 || !std::all_of(in.per_agency.begin(), in.per_agency.end(), ::isdigit) ||
      (per = std::stoi(in.per_agency)) < 1 || per > 200)
    return Error::invalid("每个执法主体抽取的案卷数须为 1 至 200 的整数", "per_agency");
  std::vector<std::string> sources;
  for (std::size_t a = 0; a < in.sources.size();) {
    auto b = in.sources.find('\n', a);
    std::string line = in.sources.substr(a, b == std::string::npos ? std::string::npos : b - a);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) sources.push_back(line);
    if (b == std::string::npos) break;
    a = b + 1;
  }
  auto key = inspection::rfc3797::canonical_key(sources);
  if (!key) return Error::invalid("随机数来源须为公开的数字（如当期彩票开奖号码），每行一组：" + key.error().message, "sources");
  auto standard = load_standard(tx, p.agency_id);
  if (!standard) return standard.error();
  // The candidates: cases of each agency decided in the year, in id order (RFC 3797 picks among them).
  std::string from = in.year + "-01-01", to = in.year + "-12-31", selection = "RFC 3797 随机抽取，密钥 " + *key + "；";
  std::vector<std::pair<std::int64_t, std::int64_t>> picked;  // case, agency
  for (auto& a : s->agencies) {
    auto rows = tx.query("SELECT DISTINCT c.id FROM rec_cases c JOIN rec_acts x ON x.case_id = c.id WHERE c.agency_id = ? AND x.transition IN "
                         "('impose','decide','no_penalty','grant','refuse','confirm') AND x.on_date >= ? AND x.on_date <= ? ORDER BY c.id",
                         {a.id, from, to});
    if (!rows) return rows.error();
    if (rows->empty()) continue;
    auto n = static_cast<std::int64_t>(std::min<std::size_t>(per, rows->size()));
    auto pos = inspection::rfc3797::select(*key + a.code + "/", static_cast<std::int64_t>(rows->size()), n);
    if (!pos) return pos.error();
    for (auto i : *pos) picked.push_back({(*rows)[i - 1].integer(0), a.id});
    selection += a.name + " " + std::to_string(rows->size()) + " 件中抽取 " + std::to_string(n) + " 件；";
  }
  if (picked.empty()) return Error::invalid(in.year + "年，所选执法主体没有作出决定的案件可供评查", "year");
  auto id = tx.query("INSERT INTO sup_evaluations (agency_id, scope_id, year, kind, title, selection, standard_json, created_by, created_on) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                     {p.agency_id, s->agencies.front().id, year, in.kind, in.title, selection, standard_to_json(*standard).dump(), p.person_id, today});
  if (!id) return id.error();
  std::int64_t eid = (*id)[0].integer(0);
  for (auto& [case_id, agency_id] : picked) {
    auto checks = automatic_checks(tx, p, *s, case_id, today);
    if (!checks) return checks.error();
    auto ins = tx.exec("INSERT INTO sup_eval_files (evaluation_id, case_id, agency_id, state, items_json) VALUES (?, ?, ?, 'pending', ?)",
                       {eid, case_id, agency_id, file_items(*standard, *checks).dump()});
    if (!ins) return ins.error();
  }
  json payload{{"evaluation", eid}, {"scope", s->agencies.front().code}, {"year", year}, {"kind", in.kind},
               {"files", static_cast<std::int64_t>(picked.size())}, {"on", today}};
  auto ev = org::append_event(tx, p, org::agency_code_of(tx, p.agency_id), "supervision.evaluation.created", "evaluation:" + std::to_string(eid), payload.dump());
  if (!ev) return ev.error();
  if (auto u = tx.exec("UPDATE sup_evaluations SET ledger_index = ? WHERE id = ?", {*ev, eid}); !u) return u.error();
  return eid;
}

}  // namespace zhifa::supervision
