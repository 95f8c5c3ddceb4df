#include "publicity/list_workflow.h"

#include <set>

#include "org/ledger_privacy.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"

namespace zhifa::publicity {

namespace {

const ListDef* def_or_null(const std::string& kind) { return find_list(kind); }

// A list is found by its agency's code: another agency's list is answered as if there were no
// such agency (org::require), the message routes give for an unknown code.
constexpr std::string_view kNoAgency = "没有这个执法主体";

std::string subject(store::Tx& tx, std::int64_t agency_id, const std::string& kind) {
  return "publicity:" + org::agency_code_of(tx, agency_id) + "/" + kind;
}

// The list's ledger event publicity.list.<what>; returns its index.
Result<std::int64_t> event_at(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, const std::string& what,
                              json payload) {
  payload["list"] = kind;
  return org::append_event(tx, p, org::agency_code_of(tx, agency_id), "publicity.list." + what, subject(tx, agency_id, kind), payload.dump());
}

Status event(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, const std::string& what,
             json payload) {
  auto r = event_at(tx, p, agency_id, kind, what, std::move(payload));
  return r ? Status{} : Status(r.error());
}

const char* kListSelect =
    "SELECT l.*, pu.name AS updated_name, ps.name AS submitted_name, pa.name AS approved_name, pr.name AS superior_name "
    "FROM publicity_lists l LEFT JOIN people pu ON pu.id = l.updated_by LEFT JOIN people ps ON ps.id = l.submitted_by "
    "LEFT JOIN people pa ON pa.id = l.approved_by LEFT JOIN people pr ON pr.id = l.superior_by WHERE l.agency_id = ? AND l.kind = ?";

store::Value person_value(const org::Principal& p) { return p.anonymous() ? store::null() : store::Value(p.person_id); }

// Refreshes the search rows (and, for the matter list, the matters table) from a version.
Status index_version(store::Tx& tx, std::int64_t agency_id, const ListDef& def, std::int64_t version, const json& rows) {
  bool pg = tx.backend() == store::Backend::kPostgres;
  if (!pg) {
    auto d = tx.exec("DELETE FROM publicity_fts WHERE rowid IN (SELECT id FROM publicity_rows WHERE agency_id = ? AND kind = ?)",
                     {agency_id, def.kind});
    if (!d) return d.error();
  }
  if (auto d = tx.exec("DELETE FROM publicity_rows WHERE agency_id = ? AND kind = ?", {agency_id, def.kind}); !d) return d.error();
  std::int64_t pos = 0;
  for (auto& r : rows) {
    std::string all;
    for (auto& f : def.fields) all += field_text(f, r) + "\n";
    auto tokens = cjk_tokens(all);
    std::string joined = fts5_text(tokens);
    std::string category = r.value("category", "");
    store::Params params{agency_id, def.kind, version, pos++, r.value(def.key, ""), category, r.dump(), joined};
    if (pg) {
      params.emplace_back(tsvector_literal(tokens));  // literal lexemes: 'a' 'b' …
      auto ins = tx.exec("INSERT INTO publicity_rows(agency_id, kind, version, position, row_key, category, data, tokens, tsv) "
                         "VALUES(?,?,?,?,?,?,?,?,CAST(? AS tsvector))", params);
      if (!ins) return ins.error();
    } else {
      auto ins = tx.query_one("INSERT INTO publicity_rows(agency_id, kind, version, position, row_key, category, data, tokens) "
                              "VALUES(?,?,?,?,?,?,?,?) RETURNING id", params);
      if (!ins) return ins.error();
      auto f = tx.exec("INSERT INTO publicity_fts(rowid, tokens) VALUES(?, ?)", {(*ins)->integer(0), joined});
      if (!f) return f.error();
    }
  }
  if (def.kind == "matters") {
    if (auto u = tx.exec("UPDATE matters SET published = 0 WHERE agency_id = ?", {agency_id}); !u) return u.error();
    for (auto& r : rows) {
      auto u = tx.exec(
          "INSERT INTO matters(agency_id, code, category, name, legal_basis, handling_unit, time_limit, procedure, discretion, published, version) "
          "VALUES(?,?,?,?,?,?,?,?,?,1,?) ON CONFLICT (agency_id, code) DO UPDATE SET category = excluded.category, name = excluded.name, "
          "legal_basis = excluded.legal_basis, handling_unit = excluded.handling_unit, time_limit = excluded.time_limit, "
          "procedure = excluded.procedure, discretion = excluded.discretion, published = 1, version = excluded.version",
          {agency_id, r.value("code", ""), r.value("category", ""), r.value("name", ""), r.value("legal_basis", ""),
           r.value("handling_unit", ""), r.value("time_limit", ""), r.value("procedure", ""),
           (r.contains("discretion") ? r["discretion"] : json::array()).dump(), version});
      if (!u) return u.error();
    }
  }
  return {};
}

Result<ListState> load_for_change(store::Tx& tx, std::int64_t agency_id, const std::string& kind) {
  if (!def_or_null(kind)) return Error::not_found("没有这种清单：" + kind);
  return load_list(tx, agency_id, kind);
}

}  // namespace

std::string state_label(const std::string& state) {
  if (state == "draft") return "草稿";
  if (state == "submitted") return "已提交审查";
  if (state == "approved") return "审查通过";
  if (state == "superior_approved") return "上级法制机构审核通过";
  if (state == "rejected") return "已退回";
  if (state == "published") return "已发布";
  return state;
}

Result<ListState> load_list(store::Tx& tx, std::int64_t agency_id, const std::string& kind) {
  ListState s;
  s.agency_id = agency_id;
  s.kind = kind;
  auto r = tx.query_one(kListSelect, {agency_id, kind});
  if (!r) return r.error();
  if (!*r) return s;
  auto& row = **r;
  s.id = row.integer("id");
  s.rows = json::parse(row.text("rows"), nullptr, false);
  if (s.rows.is_discarded()) return Error::internal("清单数据损坏");
  s.revision = row.integer("revision");
  s.state = row.text("state");
  s.reason = row.text("reason");
  s.updated_at = row.text("updated_at");
  s.updated_by = row.text("updated_name");
  s.submitted_at = row.text("submitted_at");
  s.submitted_by = row.text("submitted_name");
  s.approved_at = row.text("approved_at");
  s.approved_by = row.text("approved_name");
  s.superior_at = row.text("superior_at");
  s.superior_by = row.text("superior_name");
  s.published_version = row.integer("published_version");
  return s;
}

static Version version_from(const store::Row& row, bool with_rows) {
  Version v;
  v.version = row.integer("version");
  v.published_at = row.text("published_at");
  v.published_by = row.text("published_name");
  v.approved_by = row.text("approved_name");
  v.superior_by = row.text("superior_name");
  v.note = row.text("note");
  v.rows_sha256 = row.text("rows_sha256");
  v.ledger_index = row.opt_integer("ledger_index").value_or(-1);
  if (with_rows) {
    v.rows = json::parse(row.text("rows"), nullptr, false);
    if (v.rows.is_discarded()) v.rows = json::array();
  }
  return v;
}

static const char* kVersionSelect =
    "SELECT v.*, pp.name AS published_name, pa.name AS approved_name, pr.name AS superior_name FROM publicity_versions v "
    "LEFT JOIN people pp ON pp.id = v.published_by LEFT JOIN people pa ON pa.id = v.approved_by "
    "LEFT JOIN people pr ON pr.id = v.superior_by WHERE v.agency_id = ? AND v.kind = ?";

Result<std::vector<Version>> list_versions(store::Tx& tx, std::int64_t agency_id, const std::string& kind, bool with_rows) {
  auto rows = tx.query(std::string(kVersionSelect) + " ORDER BY v.version DESC", {agency_id, kind});
  if (!rows) return rows.error();
  std::vector<Version> out;
  for (auto& r : *rows) out.push_back(version_from(r, with_rows));
  return out;
}

Result<std::optional<Version>> find_version(store::Tx& tx, std::int64_t agency_id, const std::string& kind, std::int64_t version) {
  auto r = version == 0 ? tx.query_one(std::string(kVersionSelect) + " ORDER BY v.version DESC LIMIT 1", {agency_id, kind})
                        : tx.query_one(std::string(kVersionSelect) + " AND v.version = ?", {agency_id, kind, version});
  if (!r) return r.error();
  if (!*r) return std::optional<Version>();
  return std::optional<Version>(version_from(**r, true));
}

Result<std::int64_t> save_draft(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                const json& rows, std::int64_t expected_revision, std::vector<RowError>& errors) {
  if (auto st = org::require(p, "publicity.edit", agency_id, kNoAgency); !st) return st.error();
  const ListDef* def = def_or_null(kind);
  if (!def) return Error::not_found("没有这种清单：" + kind);
  if (auto from = derived_from(kind); !from.empty())
    return Error::conflict(def->zh + "由" + from + "生成，请在那里修改；修改后自动发布新版本");
  auto cur = load_list(tx, agency_id, kind);
  if (!cur) return cur.error();
  if (cur->revision != expected_revision) return Error::conflict(kChangedMessage);
  if (cur->state == "submitted" || cur->state == "approved" || cur->state == "superior_approved")
    return Error::conflict("清单正在审查中（" + state_label(cur->state) + "），审查结束前不能修改");
  // Service guides are one per matter of the 行政执法事项清单 (draft or published).
  std::set<std::string> matters;
  if (kind == "guides") {
    auto m = load_list(tx, agency_id, "matters");
    if (!m) return m.error();
    for (auto& r : m->rows) matters.insert(r.value("code", ""));
    auto pub = tx.query("SELECT code FROM matters WHERE agency_id = ? AND published = 1", {agency_id});
    if (!pub) return pub.error();
    for (auto& r : *pub) matters.insert(r.text(0));
  }
  errors = validate_rows(*def, rows, kind == "guides" ? &matters : nullptr);
  if (!errors.empty()) return Error::invalid(errors.front().message, errors.front().field);
  std::string now = clock::now_iso();
  std::int64_t revision = cur->revision + 1;
  if (cur->id == 0) {
    auto r = tx.exec("INSERT INTO publicity_lists(agency_id, kind, rows, revision, state, updated_at, updated_by) VALUES(?,?,?,?,?,?,?)",
                     {agency_id, kind, rows.dump(), revision, std::string("draft"), now, person_value(p)});
    if (!r) return r.error();
  } else {
    auto r = tx.exec("UPDATE publicity_lists SET rows = ?, revision = ?, state = 'draft', updated_at = ?, updated_by = ?, "
                     "submitted_by = NULL, submitted_at = NULL, approved_by = NULL, approved_at = NULL, superior_by = NULL, superior_at = NULL "
                     "WHERE id = ? AND revision = ?",
                     {rows.dump(), revision, now, person_value(p), cur->id, expected_revision});
    if (!r) return r.error();
    if (*r != 1) return Error::conflict(kChangedMessage);
  }
  // A draft is not public yet: bound by commitment; the published version carries its plain digest.
  auto draft = org::commit_private_json(tx, rows);
  if (!draft) return draft.error();
  if (auto st = event(tx, p, agency_id, kind, "saved",
                      {{"revision", revision}, {"rows", static_cast<std::int64_t>(rows.size())}, {"rows_commitment", *draft}});
      !st)
    return st.error();
  return revision;
}

static Status move(store::Tx& tx, std::int64_t list_id, const std::string& from, const std::string& sql, const store::Params& extra) {
  store::Params params = extra;
  params.emplace_back(list_id);
  params.emplace_back(from);
  auto r = tx.exec(sql + " WHERE id = ? AND state = ?", params);
  if (!r) return r.error();
  if (*r != 1) return Error::conflict(kChangedMessage);
  return {};
}

Status submit(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, std::int64_t expected_revision) {
  if (auto st = org::require(p, "publicity.edit", agency_id, kNoAgency); !st) return st;
  auto cur = load_for_change(tx, agency_id, kind);
  if (!cur) return cur.error();
  if (cur->id == 0) return Error::conflict("清单还是空的，请先录入");
  if (cur->revision != expected_revision) return Error::conflict(kChangedMessage);
  if (cur->state != "draft" && cur->state != "rejected")
    return Error::conflict("只有草稿或已退回的清单可以提交审查（当前：" + state_label(cur->state) + "）");
  if (auto st = move(tx, cur->id, cur->state, "UPDATE publicity_lists SET state = 'submitted', reason = '', submitted_by = ?, submitted_at = ?",
                     {person_value(p), clock::now_iso()});
      !st)
    return st;
  return event(tx, p, agency_id, kind, "submitted", {{"revision", cur->revision}});
}

Status approve(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind) {
  if (auto st = org::require(p, "publicity.review", agency_id, kNoAgency); !st) return st;
  auto cur = load_for_change(tx, agency_id, kind);
  if (!cur) return cur.error();
  if (cur->state != "submitted") return Error::conflict("只有已提交审查的清单可以审查通过（当前：" + state_label(cur->state) + "）");
  // 审查机制 (seed 一.1): the review is a second person's; whoever submitted cannot approve.
  auto submitter = tx.query_one("SELECT submitted_by FROM publicity_lists WHERE id = ?", {cur->id});
  if (!submitter) return submitter.error();
  if (*submitter && (*submitter)->opt_integer("submitted_by") == p.person_id)
    return Error::forbidden("提交人不能审查自己提交的清单，请由其他审查人员审查");
  if (auto st = move(tx, cur->id, "submitted", "UPDATE publicity_lists SET state = 'approved', approved_by = ?, approved_at = ?",
                     {person_value(p), clock::now_iso()});
      !st)
    return st;
  return event(tx, p, agency_id, kind, "approved", {{"revision", cur->revision}});
}

bool is_superior_reviewer(store::Tx& tx, const org::Principal& p, std::int64_t agency_id) {
  if (!org::authorize(p, "publicity.superior").allowed) return false;
  auto a = tx.query_one("SELECT parent_id FROM agencies WHERE id = ?", {agency_id});
  if (!a || !*a) return false;
  auto parent = (*a)->opt_integer("parent_id");
  // The superior agency's legal office (seed 一.4). A top-level agency (the city office) has its
  // superior legal office outside the platform; its own supervisor records that review.
  return parent ? p.agency_id == *parent : p.agency_id == agency_id;
}

Status superior_approve(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind) {
  if (auto st = org::require(p, "publicity.superior", agency_id, kNoAgency); !st) return st;
  if (!is_superior_reviewer(tx, p, agency_id)) return Error::forbidden("只有上级机关的执法监督（法制）机构可以审核主体资格清单");
  auto cur = load_for_change(tx, agency_id, kind);
  if (!cur) return cur.error();
  if (!find_list(kind)->superior_approval) return Error::conflict("此清单不需要上级审核");
  if (cur->state != "approved") return Error::conflict("须先经本机关审查通过，再报上级审核（当前：" + state_label(cur->state) + "）");
  if (auto st = move(tx, cur->id, "approved", "UPDATE publicity_lists SET state = 'superior_approved', superior_by = ?, superior_at = ?",
                     {person_value(p), clock::now_iso()});
      !st)
    return st;
  return event(tx, p, agency_id, kind, "superior_approved", {{"revision", cur->revision}});
}

Status reject(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, const std::string& reason) {
  // Whoever may reject (the agency's reviewers, the superior's legal office) may view the list.
  if (auto st = org::require(p, "publicity.view", agency_id, kNoAgency); !st) return st;
  auto cur = load_for_change(tx, agency_id, kind);
  if (!cur) return cur.error();
  bool superior_stage = cur->state == "approved" && find_list(kind)->superior_approval;
  if (cur->state == "submitted") {
    if (auto st = org::require(p, "publicity.review", agency_id, kNoAgency); !st) return st;
  } else if (superior_stage) {
    if (!is_superior_reviewer(tx, p, agency_id)) return Error::forbidden("只有上级机关的执法监督（法制）机构可以退回主体资格清单");
  } else {
    return Error::conflict("只有审查中的清单可以退回（当前：" + state_label(cur->state) + "）");
  }
  std::string r = reason;
  while (!r.empty() && (r.back() == ' ' || r.back() == '\n' || r.back() == '\r')) r.pop_back();
  if (r.empty()) return Error::invalid("请填写退回理由", "reason");
  if (r.size() > 2000) return Error::invalid("退回理由过长", "reason");
  if (auto st = move(tx, cur->id, cur->state, "UPDATE publicity_lists SET state = 'rejected', reason = ?", {r}); !st) return st;
  auto why = org::commit_private(tx, r);
  if (!why) return why.error();
  return event(tx, p, agency_id, kind, "rejected",
               {{"revision", cur->revision}, {"reason_commitment", *why}, {"stage", superior_stage ? "superior" : "agency"}});
}

Result<std::int64_t> publish(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind, const std::string& note) {
  if (auto st = org::require(p, "publicity.edit", agency_id, kNoAgency); !st) return st.error();
  auto cur = load_for_change(tx, agency_id, kind);
  if (!cur) return cur.error();
  const ListDef* def = find_list(kind);
  std::string ready = def->superior_approval ? "superior_approved" : "approved";
  if (cur->state != ready)
    return Error::conflict(def->superior_approval ? "主体资格清单须经本机关审查和上级法制机构审核后才能发布（济外侨办字〔2017〕28号 一.4）"
                                                  : "清单须经审查通过后才能发布（当前：" + state_label(cur->state) + "）");
  if (note.size() > 2000) return Error::invalid("调整说明过长", "note");
  std::int64_t version = cur->published_version + 1;
  std::string rows = cur->rows.dump(), sha = blob::sha256_hex(rows), now = clock::now_iso();
  if (auto st = move(tx, cur->id, ready, "UPDATE publicity_lists SET state = 'published', published_version = ?", {version}); !st)
    return st.error();
  auto approved = tx.query_one("SELECT approved_by, superior_by FROM publicity_lists WHERE id = ?", {cur->id});
  if (!approved) return approved.error();
  auto ab = (*approved)->opt_integer("approved_by"), sb = (*approved)->opt_integer("superior_by");
  auto ins = tx.exec("INSERT INTO publicity_versions(list_id, agency_id, kind, version, rows, rows_sha256, note, published_at, published_by, approved_by, superior_by) "
                     "VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                     {cur->id, agency_id, kind, version, rows, sha, note, now, person_value(p), ab ? store::Value(*ab) : store::null(),
                      sb ? store::Value(*sb) : store::null()});
  if (!ins) return ins.error();
  if (auto st = index_version(tx, agency_id, *def, version, cur->rows); !st) return st.error();
  auto idx = event_at(tx, p, agency_id, kind, "published",
                      {{"version", version}, {"rows", static_cast<std::int64_t>(cur->rows.size())}, {"rows_sha256", sha},
                       {"note_sha256", blob::sha256_hex(note)}});
  if (!idx) return idx.error();
  if (auto u = tx.exec("UPDATE publicity_versions SET ledger_index = ? WHERE list_id = ? AND version = ?", {*idx, cur->id, version}); !u)
    return u.error();
  return version;
}

Result<std::int64_t> publish_derived(store::Tx& tx, const org::Principal& p, std::int64_t agency_id, const std::string& kind,
                                     const json& rows, const std::string& note) {
  const ListDef* def = def_or_null(kind);
  if (!def || derived_from(kind).empty()) return Error::internal("list " + kind + " is not derived");
  auto cur = load_list(tx, agency_id, kind);
  if (!cur) return cur.error();
  std::string text = rows.dump(), sha = blob::sha256_hex(text), now = clock::now_iso();
  if (cur->published_version > 0 && cur->rows.dump() == text) return cur->published_version;
  std::int64_t version = cur->published_version + 1, list_id = cur->id;
  if (list_id == 0) {
    auto r = tx.query_one("INSERT INTO publicity_lists(agency_id, kind, rows, revision, state, updated_at, updated_by, published_version) "
                          "VALUES(?,?,?,1,'published',?,?,?) RETURNING id",
                          {agency_id, kind, text, now, person_value(p), version});
    if (!r) return r.error();
    list_id = (*r)->integer(0);
  } else {
    auto r = tx.exec("UPDATE publicity_lists SET rows = ?, revision = revision + 1, state = 'published', updated_at = ?, updated_by = ?, "
                     "published_version = ? WHERE id = ?",
                     {text, now, person_value(p), version, list_id});
    if (!r) return r.error();
  }
  auto ins = tx.exec("INSERT INTO publicity_versions(list_id, agency_id, kind, version, rows, rows_sha256, note, published_at, published_by, approved_by, superior_by) "
                     "VALUES(?,?,?,?,?,?,?,?,?,NULL,NULL)",
                     {list_id, agency_id, kind, version, text, sha, note, now, person_value(p)});
  if (!ins) return ins.error();
  if (auto st = index_version(tx, agency_id, *def, version, rows); !st) return st.error();
  auto idx = event_at(tx, p, agency_id, kind, "published",
                      {{"version", version}, {"rows", static_cast<std::int64_t>(rows.size())}, {"rows_sha256", sha},
                       {"note_sha256", blob::sha256_hex(note)}});
  if (!idx) return idx.error();
  if (auto u = tx.exec("UPDATE publicity_versions SET ledger_index = ? WHERE list_id = ? AND version = ?", {*idx, list_id, version}); !u)
    return u.error();
  return version;
}

// My tasks: lists waiting for the principal's review, approval or publication.
Status list_tasks(store::Tx& tx, const org::Principal& p, json& tasks) {
  if (p.anonymous()) return {};
  auto rows = tx.query("SELECT l.agency_id, l.kind, l.state, a.code, a.name FROM publicity_lists l JOIN agencies a ON a.id = l.agency_id "
                       "WHERE l.state IN ('submitted', 'approved', 'superior_approved', 'rejected')");
  if (!rows) return rows.error();
  for (auto& r : *rows) {
    std::int64_t agency = r.integer(0);
    const ListDef* d = find_list(r.text(1));
    if (!d) continue;
    std::string state = r.text(2), href = "/workspace/publicity/" + r.text(3) + "/" + d->kind, text;
    bool own = p.agency_id == agency;
    if (state == "submitted" && own && org::authorize(p, "publicity.review", agency).allowed) text = d->zh + " 已提交，待您审查";
    else if (state == "approved" && d->superior_approval && is_superior_reviewer(tx, p, agency)) text = r.text(4) + " 的" + d->zh + " 待上级法制机构审核（济外侨办字〔2017〕28号 一.4）";
    else if (own && org::authorize(p, "publicity.edit", agency).allowed &&
             (state == (d->superior_approval ? "superior_approved" : "approved")))
      text = d->zh + " 已审查通过，可以发布";
    else if (own && state == "rejected" && org::authorize(p, "publicity.edit", agency).allowed) text = d->zh + " 被退回，请修改后重新提交";
    if (!text.empty()) tasks.push_back({{"level", state == "rejected" ? "warn" : "info"}, {"text", text}, {"href", href}});
  }
  return {};
}

}  // namespace zhifa::publicity
