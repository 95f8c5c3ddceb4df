// Demo cases for 济宁市人民政府外事侨务办公室: licences (华侨回国定居审批, 邀请外国人来华审批), a
// confirmation (归侨侨眷身份确认), a general penalty case and an on-the-spot penalty, in
// different states, with signed documents. Run through the same service as the workspace,
// so every act and signature is in the ledger. Idempotent: settings marker "demo_recording".
#include "law/identifiers.h"
#include "org/auth.h"
#include "platform/core/clock.h"
#include "demo/recording.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "review/service.h"

namespace zhifa::recording {

namespace {

std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }
std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }

struct Matter { std::optional<std::int64_t> id; std::string code, name, category; };

}  // namespace

Status ensure_demo_cases(store::Database& db, blob::BlobStore* blobs) {
  bool done = false;
  std::map<std::string, org::Principal> who;
  std::map<std::string, Matter> matters;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto m = store::get_setting(tx, "demo_recording");
    if (!m) return m.error();
    done = m->has_value();
    if (done) return {};
    for (const char* login : {"wangqiang", "liuyang", "lili"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    // The published matters when publicity's demo made them; else codes only.
    std::vector<Matter> fallback = {{{}, "JNWQB-XK-001", "华侨回国定居审批", "行政许可"},
                                    {{}, "JNWQB-XK-002", "邀请外国人来华审批", "行政许可"},
                                    {{}, "JNWQB-QR-001", "归侨侨眷身份确认", "行政确认"},
                                    {{}, "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "行政处罚"}};
    for (auto& f : fallback) {
      auto r = tx.query_one("SELECT id, code, name, category FROM matters WHERE agency_id = ? AND published = 1 AND name LIKE ? ORDER BY id LIMIT 1",
                            {who["wangqiang"].agency_id, "%" + f.name.substr(0, 12) + "%"});
      if (r && *r) f = {(*r)->integer(0), (*r)->text(1), (*r)->text(2), (*r)->text(3)};
      matters[f.category + (f.category == "行政许可" && matters.count("行政许可") ? "2" : "")] = f;
    }
    if (!matters.count("行政处罚") || matters["行政处罚"].category != "行政处罚") matters["行政处罚"] = {{}, "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "行政处罚"};
    return {};
  });
  if (!st) return st;
  if (done) return {};
  auto& wang = who["wangqiang"];
  auto& liu = who["liuyang"];
  auto& head = who["lili"];
  std::string today = clock::today_beijing();

  auto open = [&](const Matter& m, const std::string& procedure, Party party, const std::string& facts, std::int64_t fine) -> Result<std::int64_t> {
    NewCase c;
    c.matter_id = m.id;
    c.matter_code = m.code;
    c.matter_name = m.name;
    c.category = m.category;
    c.procedure_id = procedure;
    c.party = std::move(party);
    c.facts = facts;
    c.fine_fen = fine;
    c.co_officer_id = liu.person_id;
    c.location.place = "济宁市政务服务中心外事侨务窗口";
    return in_write(db, [&](store::Tx& tx) { return open_case(tx, wang, c); });
  };
  auto sign = [&](std::int64_t case_id, const std::string& kind, const org::Principal& signer) -> Status {
    auto d = in_write(db, [&](store::Tx& tx) { return draft_document(tx, wang, case_id, kind); });
    if (!d) return d.error();
    return in_write(db, [&](store::Tx& tx) { return sign_document(tx, blobs, signer, *d); });
  };
  auto go = [&](std::int64_t case_id, const std::string& t, const org::Principal& by, bool pair = false) -> Status {
    ActInput in;
    in.transition = t;
    if (pair) in.co_officers = {liu.person_id};
    in.location.place = "济宁市人民政府外事侨务办公室";
    return in_write(db, [&](store::Tx& tx) { return act(tx, by, case_id, in); });
  };
#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())

  // 1. 华侨回国定居审批: accepted, under review (deadline running).
  auto c1 = open(matters["行政许可"], "", {"person", "陈国华", rid("37080219580312201"), "加拿大多伦多市（国内联系地址：济宁市任城区古槐路18号）", "13905371234"},
                 "申请人陈国华，1958年生，1988年出国定居加拿大，现申请回国定居，拟在济宁市任城区落户。已提交护照、国外居留证明、无犯罪记录证明等材料。", 0);
  if (!c1) return c1.error();
  DEMO_TRY(sign(*c1, "licence_acceptance", wang));
  DEMO_TRY(go(*c1, "accept", wang));
  // ALL art. 42: the head extends the decision deadline by 10 working days (once).
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return extend_deadline(tx, head, *c1, {"licence.decision", "申请人在加拿大的无犯罪记录证明需经我驻外使领馆认证核实，二十个工作日内不能作出决定。", ""}); }));

  // 2. 邀请外国人来华审批 (organisation): granted and delivered (closed).
  Matter invite = matters.count("行政许可2") ? matters["行政许可2"] : matters["行政许可"];
  auto c2 = open(invite, "", {"organisation", "济宁鲁源国际经贸有限公司", uscc("91370800MA3C5NXK0"), "济宁市高新区崇文大道2号", "05372345678"},
                 "申请邀请德国技术人员2名来华进行设备安装调试，停留期限30日。", 0);
  if (!c2) return c2.error();
  DEMO_TRY(sign(*c2, "licence_acceptance", wang));
  DEMO_TRY(go(*c2, "accept", wang));
  DEMO_TRY(sign(*c2, "licence_review_opinion", wang));
  DEMO_TRY(go(*c2, "propose", wang));
  DEMO_TRY(sign(*c2, "licence_grant", head));
  DEMO_TRY(go(*c2, "grant", head));
  DEMO_TRY(sign(*c2, "service_receipt", wang));
  DEMO_TRY(go(*c2, "delivered", wang));

  // 3. 归侨侨眷身份确认: application waiting for correction.
  auto c3 = open(matters["行政确认"], "confirmation", {"person", "王秀英", rid("37088119650708402"), "曲阜市鼓楼北街6号", "13605378888"},
                 "缺少亲属关系证明（户口簿或者公安机关出具的证明）原件。", 0);
  if (!c3) return c3.error();
  DEMO_TRY(sign(*c3, "confirmation_correction", wang));
  DEMO_TRY(go(*c3, "request_correction", wang));

  // 4. 行政处罚 general procedure: filed, investigated on site, notice served — statement period.
  auto c4 = open(matters["行政处罚"], "penalty", {"organisation", "济宁环球旅行服务有限公司", uscc("91370811MA3D8QWL2"), "济宁市太白湖新区圣贤路9号", "05376667777"},
                 "当事人在未取得邀请外国人来华审批的情况下，以本单位名义向3名外国人出具邀请函件，违反了外国人来华邀请管理的有关规定。", 500000);
  if (!c4) return c4.error();
  DEMO_TRY(sign(*c4, "case_filing", head));
  DEMO_TRY(go(*c4, "file", wang));
  DEMO_TRY(sign(*c4, "inspection_record", wang));
  DEMO_TRY(sign(*c4, "investigation_report", wang));
  DEMO_TRY(sign(*c4, "penalty_notice", head));
  DEMO_TRY(go(*c4, "notify", wang));

  // 5. 简易程序: on-the-spot warning, executed and filed.
  auto c5 = open(matters["行政处罚"], "simplified_penalty", {"person", "赵磊", rid("37083019850211301"), "金乡县金乡街道中心街3号", ""},
                 "当事人未按规定报告所邀请外国人的行程变更情况，情节轻微。", 10000);
  if (!c5) return c5.error();
  DEMO_TRY(sign(*c5, "on_site_decision", wang));
  DEMO_TRY(sign(*c5, "service_receipt", wang));
  DEMO_TRY(go(*c5, "decide", wang, true));

  return db.write([&](store::Tx& tx) -> Status {
    auto r = tx.exec("INSERT INTO settings(key, value) VALUES ('demo_recording', ?) ON CONFLICT (key) DO NOTHING", {today});
    return r ? Status{} : Status(r.error());
  });
#undef DEMO_TRY
}

Status ensure_demo_review_case(store::Database& db, blob::BlobStore* blobs) {
  bool done = false;
  std::map<std::string, org::Principal> who;
  Matter m{{}, "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "行政处罚"};
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto mk = store::get_setting(tx, "demo_recording_review");
    if (!mk) return mk.error();
    done = mk->has_value();
    if (done) return {};
    for (const char* login : {"wangqiang", "liuyang", "lili", "zhaomin"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    auto r = tx.query_one("SELECT id, code, name, category FROM matters WHERE agency_id = ? AND published = 1 AND category = '行政处罚' ORDER BY id LIMIT 1",
                          {who["wangqiang"].agency_id});
    if (!r) return r.error();
    if (*r) m = {(*r)->integer(0), (*r)->text(1), (*r)->text(2), (*r)->text(3)};
    return {};
  });
  if (!st) return st;
  if (done) return {};
  auto& wang = who["wangqiang"];
  auto& liu = who["liuyang"];
  auto& head = who["lili"];
#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())
  // 6. 行政处罚 general procedure, a major decision (a company fined 150,000 yuan: the catalog's
  // R02): statement period over, submitted to legal review (APL art. 58) — the submission is in
  // the reviewers' queue from the case itself, and 赵敏 has taken it.
  NewCase c;
  c.matter_id = m.id;
  c.matter_code = m.code;
  c.matter_name = m.name;
  c.category = m.category;
  c.procedure_id = "penalty";
  c.party = {"organisation", "济宁华远国际人才服务有限公司", uscc("91370800MA3E2RTY5"), "济宁市任城区建设路66号", "05373216549"};
  c.facts = "当事人在未取得邀请外国人来华审批的情况下，2025年7月至9月间以本单位名义先后向12名外国人出具邀请函件，并收取费用，违法情节严重。";
  c.fine_fen = 15'000'000;
  c.co_officer_id = liu.person_id;
  c.location.place = "济宁市任城区建设路66号";
  auto id = in_write(db, [&](store::Tx& tx) { return open_case(tx, wang, c); });
  if (!id) return id.error();
  auto sign = [&](const std::string& kind, const org::Principal& signer) -> Status {
    auto d = in_write(db, [&](store::Tx& tx) { return draft_document(tx, wang, *id, kind); });
    if (!d) return d.error();
    return in_write(db, [&](store::Tx& tx) { return sign_document(tx, blobs, signer, *d); });
  };
  auto go = [&](const std::string& t, const std::string& note = {}) -> Status {
    ActInput in;
    in.transition = t;
    in.note = note;
    in.location.place = "济宁市人民政府外事侨务办公室";
    return in_write(db, [&](store::Tx& tx) { return act(tx, wang, *id, in); });
  };
  DEMO_TRY(sign("case_filing", head));
  DEMO_TRY(go("file"));
  DEMO_TRY(sign("inspection_record", wang));
  DEMO_TRY(sign("inquiry_record", wang));
  DEMO_TRY(sign("investigation_report", wang));
  DEMO_TRY(sign("penalty_notice", head));
  DEMO_TRY(go("notify"));
  DEMO_TRY(sign("statement_record", wang));
  auto draft = in_write(db, [&](store::Tx& tx) { return draft_document(tx, wang, *id, "penalty_decision"); });
  if (!draft) return draft.error();
  DEMO_TRY(go("submit_review", "当事人陈述申辩意见不成立；拟处罚款十五万元，属于重大执法决定，提请法制审核"));
  return db.write([&](store::Tx& tx) -> Status {
    auto sub = review::latest_submission(tx, *id);
    if (!sub) return sub.error();
    if (*sub) {
      if (auto t = review::take(tx, who["zhaomin"], *sub); !t) return t;
    }
    auto r = tx.exec("INSERT INTO settings(key, value) VALUES ('demo_recording_review', ?) ON CONFLICT (key) DO NOTHING", {clock::today_beijing()});
    return r ? Status{} : Status(r.error());
  });
#undef DEMO_TRY
}

}  // namespace zhifa::recording
