#include "inspection/directory.h"

#include <algorithm>
#include <map>

#include "org/directory.h"
#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "publicity/exchange.h"

namespace zhifa::inspection {

Object object_from_row(const store::Row& r) {
  return Object{r.integer("id"), r.integer("agency_id"), r.text("code"), r.text("name"), r.text("object_type"),
                r.text("region"), r.text("risk_grade"), r.text("tags")};
}

namespace {

Error field_error(const std::vector<std::pair<std::string, std::string>>& errors) {
  return Error::invalid(errors.front().second, errors.front().first);
}

// Inserts or updates by (agency, code); true when added.
Result<bool> upsert(store::Tx& tx, std::int64_t agency_id, const ObjectInput& o) {
  auto found = tx.query_one("SELECT id FROM insp_objects WHERE agency_id = ? AND code = ?", {agency_id, o.code});
  if (!found) return found.error();
  if (*found) {
    auto u = tx.exec("UPDATE insp_objects SET name = ?, object_type = ?, region = ?, risk_grade = ?, tags = ? WHERE id = ?",
                     {o.name, o.object_type, o.region, o.risk_grade, o.tags, (*found)->integer("id")});
    if (!u) return u.error();
    return false;
  }
  auto i = tx.exec("INSERT INTO insp_objects (agency_id, code, name, object_type, region, risk_grade, tags, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   {agency_id, o.code, o.name, o.object_type, o.region, o.risk_grade, o.tags, clock::now_iso()});
  if (!i) return i.error();
  return true;
}

std::string agency_subject(store::Tx& tx, std::int64_t agency_id) { return "inspection/objects/" + org::agency_code_of(tx, agency_id); }

}  // namespace

Result<std::int64_t> add_object(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ObjectInput& in) {
  if (auto st = org::require(p, "inspection.directory", agency_id, kNoAgency); !st) return st.error();
  if (auto e = validate_object(in); !e.empty()) return field_error(e);
  auto dup = tx.query_one("SELECT id FROM insp_objects WHERE agency_id = ? AND code = ?", {agency_id, in.code});
  if (!dup) return dup.error();
  if (*dup) return Error::conflict("名录库中已有该统一社会信用代码的对象", "code");
  if (auto u = upsert(tx, agency_id, in); !u) return u.error();
  auto id = tx.query_one("SELECT id FROM insp_objects WHERE agency_id = ? AND code = ?", {agency_id, in.code});
  if (!id || !*id) return Error::internal("检查对象未能保存");
  json ev{{"objects", 1}, {"rows_sha256", blob::sha256_hex(in.code)}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.objects.imported", agency_subject(tx, agency_id), ev.dump()); !e)
    return e.error();
  return (*id)->integer("id");
}

Result<ImportReport> import_objects(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, std::string_view bytes,
                                    std::vector<std::string>* row_errors) {
  if (auto st = org::require(p, "inspection.directory", agency_id, kNoAgency); !st) return st.error();
  if (bytes.empty()) return Error::invalid("请上传检查对象名录（CSV 或 XLSX）", "file");
  auto table = publicity::read_table(bytes);
  if (!table) return table.error();
  if (table->size() < 2) return Error::invalid("文件中没有数据行（第一行为表头）", "file");
  std::map<std::size_t, std::string> col;  // column index → key
  for (std::size_t c = 0; c < (*table)[0].size(); ++c)
    for (auto& [key, zh] : object_columns())
      if ((*table)[0][c] == key || (*table)[0][c] == zh) col[c] = key;
  for (auto& [key, zh] : object_columns()) {
    bool present = false;
    for (auto& [c, k] : col) present = present || k == key;
    if (!present && (key == "code" || key == "name" || key == "object_type")) return Error::invalid("表头缺少“" + zh + "”列", "file");
  }
  std::vector<ObjectInput> rows;
  std::string errors;
  int bad = 0;
  std::map<std::string, std::size_t> seen;
  for (std::size_t r = 1; r < table->size(); ++r) {
    ObjectInput o;
    for (auto& [c, key] : col) {
      std::string v = c < (*table)[r].size() ? (*table)[r][c] : "";
      (key == "code" ? o.code : key == "name" ? o.name : key == "object_type" ? o.object_type : key == "region" ? o.region
                       : key == "risk_grade" ? o.risk_grade : o.tags) = v;
    }
    if (o.code.empty() && o.name.empty() && o.object_type.empty()) continue;  // a blank line
    auto e = validate_object(o);
    if (seen.count(o.code)) e.push_back({"code", "与第" + std::to_string(seen[o.code] + 1) + "行重复"});
    seen[o.code] = r;
    for (auto& [f, m] : e) {
      if (++bad <= 50) errors += "第" + std::to_string(r + 1) + "行 " + m + "；";
      if (row_errors && bad <= 200) row_errors->push_back("第" + std::to_string(r + 1) + "行 " + m);
    }
    rows.push_back(std::move(o));
  }
  if (bad > 0) return Error::invalid("导入未执行（全部或全不）：" + std::to_string(bad) + " 处错误：" + errors, "file");
  if (rows.empty()) return Error::invalid("文件中没有数据行", "file");
  ImportReport rep;
  for (auto& o : rows) {
    auto added = upsert(tx, agency_id, o);
    if (!added) return added.error();
    (*added ? rep.added : rep.updated) += 1;
  }
  json ev{{"objects", static_cast<std::int64_t>(rows.size())}, {"rows_sha256", blob::sha256_hex(bytes)}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.objects.imported", agency_subject(tx, agency_id), ev.dump()); !e)
    return e.error();
  return rep;
}

Result<ObjectPage> list_objects(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ObjectQuery& q) {
  if (auto st = org::require(p, "inspection.view", agency_id, kNoAgency); !st) return st.error();
  ObjectPage out;
  std::string where = "WHERE agency_id = ?";
  store::Params params{agency_id};
  if (!q.q.empty()) {
    where += " AND (name LIKE ? OR code LIKE ?)";
    std::string like = "%" + q.q + "%";
    params.push_back(like);
    params.push_back(like);
  }
  for (auto [col, v] : {std::pair{"object_type", &q.object_type}, {"region", &q.region}, {"risk_grade", &q.risk_grade}})
    if (!v->empty()) {
      where += std::string(" AND ") + col + " = ?";
      params.push_back(*v);
    }
  auto n = tx.query_one("SELECT COUNT(*) AS n FROM insp_objects " + where, params);
  if (!n) return n.error();
  out.total = (*n)->integer("n");
  static const std::vector<std::string> sortable = {"code", "name", "object_type", "region", "risk_grade"};
  std::string order = std::find(sortable.begin(), sortable.end(), q.sort) != sortable.end() ? q.sort : "id";
  params.push_back(q.per_page);
  params.push_back((std::max<std::int64_t>(q.page, 1) - 1) * q.per_page);
  auto rows = tx.query("SELECT * FROM insp_objects " + where + " ORDER BY " + order + (q.desc ? " DESC" : "") + ", id LIMIT ? OFFSET ?", params);
  if (!rows) return rows.error();
  for (auto& r : *rows) out.items.push_back(object_from_row(r));
  for (auto [col, dest] : {std::pair{"object_type", &out.types}, {"region", &out.regions}}) {
    auto vals = tx.query(std::string("SELECT DISTINCT ") + col + " AS v FROM insp_objects WHERE agency_id = ? ORDER BY v", {agency_id});
    if (!vals) return vals.error();
    for (auto& r : *vals)
      if (!r.text("v").empty()) dest->push_back(r.text("v"));
  }
  return out;
}

Result<std::int64_t> declare_conflict(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const ConflictInput& in) {
  if (auto st = org::require(p, "inspection.plan", agency_id, kNoAgency); !st) return st.error();
  if (std::find(conflict_kinds().begin(), conflict_kinds().end(), in.kind) == conflict_kinds().end())
    return Error::invalid("请选择回避情形（近亲属、近期检查过、利害关系）", "kind");
  auto person = tx.query_one("SELECT id FROM people WHERE id = ? AND agency_id = ?", {in.person_id, agency_id});
  if (!person) return person.error();
  if (!*person) return Error::invalid("本机关没有这名执法人员", "person_id");
  auto obj = tx.query_one("SELECT id FROM insp_objects WHERE agency_id = ? AND code = ?", {agency_id, in.object_code});
  if (!obj) return obj.error();
  if (!*obj) return Error::invalid("名录库中没有该检查对象", "object_code");
  auto object_id = (*obj)->integer("id");
  auto dup = tx.query_one("SELECT id FROM insp_conflicts WHERE person_id = ? AND object_id = ? AND kind = ?", {in.person_id, object_id, in.kind});
  if (!dup) return dup.error();
  if (*dup) return (*dup)->integer("id");
  auto i = tx.query_one("INSERT INTO insp_conflicts (agency_id, person_id, object_id, kind, ground, created_by, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        {agency_id, in.person_id, object_id, in.kind, in.ground, p.person_id ? store::Value(p.person_id) : store::null(), clock::now_iso()});
  if (!i || !*i) return i ? Error::internal("回避未能保存") : i.error();
  auto ground = org::commit_private(tx, in.ground);
  if (!ground) return ground.error();
  json ev{{"person", in.person_id}, {"object", object_id}, {"kind", in.kind}, {"ground_commitment", *ground}};
  if (auto e = org::append_event(tx, p, org::agency_code_of(tx, agency_id), "inspection.conflict.declared",
                                 "inspection/conflicts/" + std::to_string((*i)->integer("id")), ev.dump());
      !e)
    return e.error();
  return (*i)->integer("id");
}

Result<std::int64_t> agency_id_of(store::Tx& tx, const std::string& code) {
  auto a = org::find_agency(tx, code);
  if (!a) return a.error();
  if (!*a) return Error::not_found(kNoAgency);
  return (*a)->id;
}

Result<std::vector<std::pair<std::int64_t, std::int64_t>>> conflicts_of(store::Tx& tx, std::int64_t agency_id) {
  auto rows = tx.query("SELECT person_id, object_id FROM insp_conflicts WHERE agency_id = ?", {agency_id});
  if (!rows) return rows.error();
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  for (auto& r : *rows) out.push_back({r.integer("person_id"), r.integer("object_id")});
  return out;
}

}  // namespace zhifa::inspection
