#include "org/directory.h"

#include "org/ledger_privacy.h"

#include <algorithm>
#include <cctype>

#include <regex>

#include "org/auth.h"
#include "platform/core/clock.h"

namespace zhifa::org {

namespace {

bool is_date(const std::string& s) {
  static const std::regex re(R"(^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$)");
  return std::regex_match(s, re);
}

Agency agency_from(const store::Row& r) {
  Agency a;
  a.id = r.integer("id");
  a.code = r.text("code");
  a.doc_prefix = r.text("doc_prefix");
  a.name = r.text("name");
  a.name_en = r.text("name_en");
  a.kind = r.text("kind");
  a.parent_id = r.opt_integer("parent_id");
  a.division_code = r.text("division_code");
  a.address = r.text("address");
  a.phone = r.text("phone");
  return a;
}

constexpr const char* kAgencyCols = "id, code, doc_prefix, name, name_en, kind, parent_id, division_code, address, phone";

store::Value opt(std::optional<std::int64_t> v) { return v ? store::Value(*v) : store::null(); }

}  // namespace

Result<std::vector<Agency>> list_agencies(store::Tx& tx) {
  auto rows = tx.query(std::string("SELECT ") + kAgencyCols + " FROM agencies ORDER BY COALESCE(parent_id, 0), id");
  if (!rows) return rows.error();
  std::vector<Agency> out;
  for (auto& r : *rows) out.push_back(agency_from(r));
  return out;
}

Result<std::optional<Agency>> find_agency(store::Tx& tx, const std::string& code) {
  auto r = tx.query_one(std::string("SELECT ") + kAgencyCols + " FROM agencies WHERE code = ?", {code});
  if (!r) return r.error();
  if (!*r) return std::optional<Agency>{};
  return std::optional<Agency>{agency_from(**r)};
}

Result<std::vector<Section>> list_sections(store::Tx& tx, std::int64_t agency_id) {
  auto rows = tx.query("SELECT id, agency_id, name, duties FROM sections WHERE agency_id = ? ORDER BY id", {agency_id});
  if (!rows) return rows.error();
  std::vector<Section> out;
  for (auto& r : *rows) out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3)});
  return out;
}

static Status fill_person_details(store::Tx& tx, Person& p) {
  auto roles = tx.query("SELECT role FROM person_roles WHERE person_id = ? ORDER BY role", {p.id});
  if (!roles) return roles.error();
  for (auto& r : *roles) p.roles.push_back(r.text(0));
  auto certs = tx.query("SELECT id, person_id, number, scope, valid_from, valid_to, revoked FROM certificates WHERE person_id = ? ORDER BY id", {p.id});
  if (!certs) return certs.error();
  for (auto& r : *certs)
    p.certificates.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6) != 0});
  return {};
}

static constexpr const char* kPersonSelect =
    "SELECT p.id, p.agency_id, p.section_id, p.name, p.login, p.post, p.active, a.name AS agency_name, "
    "COALESCE(s.name, '') AS section_name FROM people p JOIN agencies a ON a.id = p.agency_id "
    "LEFT JOIN sections s ON s.id = p.section_id ";

static Person person_from(const store::Row& r) {
  Person p;
  p.id = r.integer("id");
  p.agency_id = r.integer("agency_id");
  p.section_id = r.opt_integer("section_id");
  p.name = r.text("name");
  p.login = r.text("login");
  p.post = r.text("post");
  p.active = r.integer("active") != 0;
  p.agency_name = r.text("agency_name");
  p.section_name = r.text("section_name");
  return p;
}

Result<std::vector<Person>> list_people(store::Tx& tx, std::optional<std::int64_t> agency_id) {
  auto rows = agency_id ? tx.query(std::string(kPersonSelect) + "WHERE p.agency_id = ? ORDER BY p.id", {*agency_id})
                        : tx.query(std::string(kPersonSelect) + "ORDER BY p.agency_id, p.id");
  if (!rows) return rows.error();
  std::vector<Person> out;
  for (auto& r : *rows) {
    out.push_back(person_from(r));
    if (auto st = fill_person_details(tx, out.back()); !st) return st.error();
  }
  return out;
}

Result<std::optional<Person>> find_person(store::Tx& tx, std::int64_t id) {
  auto r = tx.query_one(std::string(kPersonSelect) + "WHERE p.id = ?", {id});
  if (!r) return r.error();
  if (!*r) return std::optional<Person>{};
  Person p = person_from(**r);
  if (auto st = fill_person_details(tx, p); !st) return st.error();
  return std::optional<Person>{std::move(p)};
}

FieldErrors validate_agency(const Agency& a) {
  FieldErrors e;
  static const std::regex code_re("^[a-z][a-z0-9-]{1,31}$");
  if (!std::regex_match(a.code, code_re)) e["code"] = "代码须为2–32位小写字母、数字或连字符，以字母开头";
  if (a.name.empty() || a.name.size() > 200) e["name"] = "名称必填（最多200字节）";
  if (a.doc_prefix.empty() || a.doc_prefix.size() > 30) e["doc_prefix"] = "发文字号机关代字必填，如“济外侨”";
  if (a.kind != "city" && a.kind != "county" && a.kind != "zone" && a.kind != "other") e["kind"] = "类型须为市级、县（市、区）级、功能区或其他";
  static const std::regex div_re(R"(^(\d{6})?$)");
  if (!std::regex_match(a.division_code, div_re)) e["division_code"] = "行政区划代码为6位数字（GB/T 2260），可留空";
  return e;
}

Result<std::int64_t> create_agency(store::Tx& tx, const Agency& a) {
  if (auto e = validate_agency(a); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  auto r = tx.query_one(
      "INSERT INTO agencies(code, doc_prefix, name, name_en, kind, parent_id, division_code, address, phone, created_at) "
      "VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {a.code, a.doc_prefix, a.name, a.name_en, a.kind, opt(a.parent_id), a.division_code, a.address, a.phone, clock::now_iso()});
  if (!r) {
    if (r.error().kind == ErrorKind::kConflict) return Error::invalid("代码“" + a.code + "”已被使用", "code");
    return r.error();
  }
  return (*r)->integer(0);
}

Status update_agency(store::Tx& tx, const Agency& a) {
  if (auto e = validate_agency(a); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  auto r = tx.exec("UPDATE agencies SET doc_prefix=?, name=?, name_en=?, kind=?, division_code=?, address=?, phone=? WHERE id=?",
                   {a.doc_prefix, a.name, a.name_en, a.kind, a.division_code, a.address, a.phone, a.id});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no such agency");
  return {};
}

Result<std::int64_t> create_section(store::Tx& tx, const Section& s) {
  if (s.name.empty()) return Error::invalid("科室名称必填", "name");
  auto r = tx.query_one("INSERT INTO sections(agency_id, name, duties) VALUES(?,?,?) RETURNING id", {s.agency_id, s.name, s.duties});
  if (!r) return r.error();
  return (*r)->integer(0);
}

FieldErrors validate_person(const NewPerson& np, bool creating) {
  FieldErrors e;
  const Person& p = np.person;
  static const std::regex login_re("^[a-z][a-z0-9._-]{2,31}$");
  if (p.name.empty() || p.name.size() > 60) e["name"] = "姓名必填";
  if (creating && !std::regex_match(p.login, login_re)) e["login"] = "登录名须为3–32位小写字母、数字、点、下划线或连字符，以字母开头";
  if ((creating || !np.password.empty()) && np.password.size() < 8) e["password"] = "密码至少8位";
  for (auto& r : p.roles)
    if (!is_role(r)) e["roles"] = "未知角色：" + r;
  return e;
}

static Status set_roles(store::Tx& tx, std::int64_t person_id, const std::vector<std::string>& roles) {
  if (auto r = tx.exec("DELETE FROM person_roles WHERE person_id = ?", {person_id}); !r) return r.error();
  for (auto& role : roles)
    if (auto r = tx.exec("INSERT INTO person_roles(person_id, role) VALUES(?, ?) ON CONFLICT DO NOTHING", {person_id, role}); !r)
      return r.error();
  return {};
}

Result<std::int64_t> create_person(store::Tx& tx, const NewPerson& np) {
  if (auto e = validate_person(np, true); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  const Person& p = np.person;
  auto r = tx.query_one(
      "INSERT INTO people(agency_id, section_id, name, login, password_hash, post, active, created_at) "
      "VALUES(?,?,?,?,?,?,1,?) RETURNING id",
      {p.agency_id, opt(p.section_id), p.name, p.login, hash_password(np.password), p.post, clock::now_iso()});
  if (!r) {
    if (r.error().kind == ErrorKind::kConflict) return Error::invalid("登录名“" + p.login + "”已被使用", "login");
    return r.error();
  }
  std::int64_t id = (*r)->integer(0);
  if (auto st = set_roles(tx, id, p.roles); !st) return st.error();
  return id;
}

Status update_person(store::Tx& tx, const Person& p, const std::string& new_password) {
  if (auto e = validate_person({p, new_password}, false); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  auto old_roles = tx.query("SELECT role FROM person_roles WHERE person_id = ?", {p.id});
  if (!old_roles) return old_roles.error();
  bool role_removed = false;
  for (auto& row : *old_roles)
    role_removed |= std::find(p.roles.begin(), p.roles.end(), row.text(0)) == p.roles.end();
  auto r = tx.exec("UPDATE people SET name=?, post=?, section_id=?, active=? WHERE id=?",
                   {p.name, p.post, opt(p.section_id), std::int64_t{p.active ? 1 : 0}, p.id});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no such person");
  if (!new_password.empty())
    if (auto r2 = tx.exec("UPDATE people SET password_hash=? WHERE id=?", {hash_password(new_password), p.id}); !r2) return r2.error();
  // A new password, a role taken away or a deactivation ends every session and API token of
  // the person: whoever held the old password or acted in the old role is out now.
  if (!new_password.empty() || role_removed || !p.active)
    if (auto st = revoke_credentials(tx, p.id); !st) return st;
  return set_roles(tx, p.id, p.roles);
}

FieldErrors validate_certificate(const Certificate& c) {
  FieldErrors e;
  if (c.number.empty() || c.number.size() > 40) e["number"] = "执法证号必填";
  // The number is published (执法人员公示) and recorded in the ledger as a code.
  else if (!is_ledger_code(c.number))
    e["number"] = "执法证号只能由数字、字母和连字符等组成";
  if (c.scope.empty()) e["scope"] = "执法种类必填";
  if (!is_date(c.valid_from)) e["valid_from"] = "日期格式为 YYYY-MM-DD";
  if (!is_date(c.valid_to)) e["valid_to"] = "日期格式为 YYYY-MM-DD";
  if (e.empty() && c.valid_to < c.valid_from) e["valid_to"] = "有效期止不能早于有效期起";
  return e;
}

Result<std::int64_t> add_certificate(store::Tx& tx, const Certificate& c) {
  if (auto e = validate_certificate(c); !e.empty()) return Error::invalid(e.begin()->second, e.begin()->first);
  auto r = tx.query_one("INSERT INTO certificates(person_id, number, scope, valid_from, valid_to) VALUES(?,?,?,?,?) RETURNING id",
                        {c.person_id, c.number, c.scope, c.valid_from, c.valid_to});
  if (!r) {
    if (r.error().kind == ErrorKind::kConflict) return Error::invalid("执法证号“" + c.number + "”已存在", "number");
    return r.error();
  }
  return (*r)->integer(0);
}

Status revoke_certificate(store::Tx& tx, std::int64_t certificate_id) {
  auto r = tx.exec("UPDATE certificates SET revoked = 1 WHERE id = ?", {certificate_id});
  if (!r) return r.error();
  if (*r == 0) return Error::not_found("no such certificate");
  return {};
}

}  // namespace zhifa::org
