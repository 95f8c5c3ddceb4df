#include "demo/supervision2.h"

#include <map>

#include "demo/recording.h"
#include "law/calendar.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "demo/org.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "supervision/evaluation.h"
#include "supervision/notices.h"

namespace zhifa::supervision {

namespace {

using json = nlohmann::json;

std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }

// The county people the demo needs (the organisation's demo has one county officer only).
struct CountyPerson { const char *login, *name, *post, *agency, *role, *cert, *cert_to; };
const CountyPerson kCountyPeople[] = {
    {"rc_head", "赵刚", "主任", "rencheng", "agency_head", nullptr, nullptr},
    {"yz_head", "钱丽", "主任", "yanzhou", "agency_head", nullptr, nullptr},
    {"yz_officer1", "孙浩", "科员", "yanzhou", "officer", "37081220190011", "2028-12-31"},
    // Her certificate lapsed before last year: the 评查 deducts for it (主体合法).
    {"yz_officer2", "周敏", "科员", "yanzhou", "officer", "37081220150012", "2020-12-31"},
};

Result<std::map<std::string, org::Principal>> people(store::Database& db) {
  std::map<std::string, org::Principal> who;
  auto st = db.write([&](store::Tx& tx) -> Status {
    for (auto& c : kCountyPeople) {
      auto have = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(c.login)});
      if (!have) return have.error();
      if (*have) continue;
      auto a = org::find_agency(tx, c.agency);
      if (!a || !*a) return Error::internal(std::string("demo agency missing: ") + c.agency);
      org::NewPerson np;
      np.person.agency_id = (*a)->id;
      np.person.name = c.name;
      np.person.login = c.login;
      np.person.post = c.post;
      np.person.roles = {c.role};
      np.password = org::kDemoPassword;
      auto id = org::create_person(tx, np);
      if (!id) return id.error();
      if (c.cert)
        if (auto x = org::add_certificate(tx, {0, *id, c.cert, "外事侨务行政处罚、行政检查", "2015-01-01", c.cert_to, false}); !x) return x.error();
    }
    return {};
  });
  if (!st) return st.error();
  st = db.read([&](store::Tx& tx) -> Status {
    for (const char* login : {"wangqiang", "liuyang", "zhangwei", "zhoujian", "chenjing", "mawen", "rc_head", "yz_head", "yz_officer1", "yz_officer2"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    return {};
  });
  if (!st) return st.error();
  return who;
}

// The smallest PDF a viewer opens: the reply's attachment.
std::string tiny_pdf(const std::string& title) {
  return "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
         "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n% " + title + "\ntrailer<</Root 1 0 R>>\n%%EOF\n";
}

}  // namespace

#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())

namespace {

// The annual 评查 of last year's files by the city office (周健), graded, with 整改 requests.
Status demo_evaluation(store::Database& db, std::map<std::string, org::Principal>& who, const std::string& today, const std::string& y) {
  using recording::in_write;
  auto& sup = who["zhoujian"];
  // The annual 评查 of last year's files by the city office (周健), drawn with RFC 3797.
  NewEvaluation ne{"", y, "annual", y + "年度行政执法案卷评查", "3 12 18 25 31\n7 9", "3"};
  auto eid = in_write(db, [&](store::Tx& tx) { return create_evaluation(tx, sup, ne, today); });
  if (!eid) return eid.error();
  struct Pattern { const char *facts, *law, *note; };
  const Pattern patterns[] = {{"25", "15", ""}, {"20", "15", "现场检查笔录未记载当事人对违法事实的确认"}, {"8", "5", "证据仅有当事人陈述，缺少书证；未引用处罚依据的具体条款"},
                              {"22", "12", "决定书引用法律条款不完整"}};
  auto due = in_write(db, [&](store::Tx& tx) { return law::working_days_after(tx, today, 15); });
  if (!due) return due.error();
  std::vector<std::pair<std::int64_t, std::string>> files;
  DEMO_TRY(db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query("SELECT f.id, a.code FROM sup_eval_files f JOIN agencies a ON a.id = f.agency_id WHERE f.evaluation_id = ? ORDER BY f.id", {*eid});
    if (!r) return r.error();
    for (auto& x : *r) files.push_back({x.integer(0), x.text(1)});
    return {};
  }));
  int i = 0;
  bool city_rectify = false;
  for (auto& [fid, code] : files) {
    const Pattern& pt = patterns[i++ % 4];
    GradeInput g;
    g.scores = {{"facts", pt.facts}, {"law", pt.law}};
    g.notes = {{"facts", pt.note}, {"law", pt.note}};
    auto page = in_write(db, [&](store::Tx& tx) { return eval_file_page(tx, sup, fid, today); });
    if (!page) return page.error();
    for (auto& it : (*page)["items"])
      if (it["code"] == "discretion") g.scores["discretion"] = std::to_string(it["cap"].get<int>());
    bool rectify = std::string(pt.facts) != "25" || (code == "jnwqb" && !city_rectify);
    if (rectify) {
      g.rectify_note = "请补正案卷材料，完善证据和法律依据的引用，并对同类案件开展自查。";
      g.rectify_due_on = *due;
      if (code == "jnwqb") city_rectify = true;
    }
    DEMO_TRY(in_write(db, [&](store::Tx& tx) { return grade_file(tx, sup, fid, g, today); }));
  }
  for (auto& [fid, code] : files)
    if (code == "rencheng") {
      auto st = in_write(db, [&](store::Tx& tx) {
        return reply_rectification(tx, who["rc_head"], fid, "已补充书证并重新归档，对本年度同类案件开展了自查。", today);
      });
      if (st) break;  // the first with a request
    }

  return {};
}

// 督查通报 and 备案.
Status demo_notices(store::Database& db, blob::BlobStore* blobs, std::map<std::string, org::Principal>& who, const std::string& today,
                    const std::string& y) {
  using recording::in_write;
  auto& sup = who["zhoujian"];
  // 督查通报: issued 40 days ago to every office below, 10 working days to reply.
  std::string issued = law::Date::parse(today)->plus_days(-40).str();
  NewNotice n1{"关于开展行政执法案卷自查的督查通报",
               "请各县（市、区）外侨办对照评查标准，对本单位行政处罚案卷开展自查，重点检查执法人员持证、文书签发和决定公示情况，并书面报告自查结果。", {}, true, "", "10"};
  auto nid = in_write(db, [&](store::Tx& tx) { return issue_notice(tx, sup, n1, issued); });
  if (!nid) return nid.error();
  std::string due1;
  DEMO_TRY(db.read([&](store::Tx& tx) -> Status {
    auto r = tx.query_one("SELECT due_on FROM sup_notices WHERE id = ?", {*nid});
    if (!r || !*r) return r ? Error::internal("notice") : r.error();
    due1 = (*r)->text(0);
    return {};
  }));
  DEMO_TRY(in_write(db, [&](store::Tx& tx) {
    return reply_notice(tx, blobs, who["rc_head"], *nid, "已完成自查：抽查案卷 12 件，发现 1 件缺少送达回证，已补正。",
                        {{"任城区外侨办自查报告.pdf", tiny_pdf("rencheng self-check")}}, law::Date::parse(issued)->plus_days(6).str());
  }));
  DEMO_TRY(in_write(db, [&](store::Tx& tx) {
    return reply_notice(tx, blobs, who["yz_head"], *nid, "自查已完成，执法人员周敏执法证已过期，已停止其执法资格并申请换证。", {},
                        law::Date::parse(due1)->plus_days(5).str());
  }));
  // A recent one, still open.
  NewNotice n2{"关于按时公示行政执法决定的督查通报", "请任城区、兖州区外侨办于期限内报告上月执法决定公示情况。", {"rencheng", "yanzhou"}, false, "", "10"};
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return issue_notice(tx, sup, n2, today); }));

  // 备案: the city office's published lists and last year's annual report, with 济宁市司法局 (马文).
  std::vector<std::int64_t> filed;
  for (std::pair<const char*, std::string> f : {std::pair{"list", std::string("matters")}, {"list", "inspections"}, {"report", y}, {"list", "subjects"}}) {
    auto id = in_write(db, [&](store::Tx& tx) { return file_filing(tx, sup, NewFiling{f.first, f.second}, today); });
    if (id) filed.push_back(*id);
  }
  for (std::size_t j = 0; j + 1 < filed.size(); ++j)
    DEMO_TRY(in_write(db, [&](store::Tx& tx) { return decide_filing(tx, who["mawen"], filed[j], "acknowledge", "", today); }));
  return {};
}

}  // namespace

Status ensure_demo_supervision2(store::Database& db, blob::BlobStore* blobs) {
  using recording::in_write;
  bool done = false;
  if (auto st = db.read([&](store::Tx& tx) -> Status {
        auto m = store::get_setting(tx, "demo_supervision2");
        if (!m) return m.error();
        done = m->has_value();
        return {};
      });
      !st)
    return st;
  if (done) return {};
  auto who = people(db);
  if (!who) return who.error();
  auto &wang = (*who)["wangqiang"], &liu = (*who)["liuyang"], &editor = (*who)["chenjing"];
  std::string today = clock::today_beijing();
  std::string y = std::to_string(std::stoi(today.substr(0, 4)) - 1);
  // Last year: on-the-spot fines of inviting organisations (行政处罚法第五十一条: up to 3000 yuan
  // for an organisation), handled in the city office and then by the county offices below it.
  struct Fine { const char *date, *name, *uscc17, *agency; std::int64_t yuan; };
  const Fine fines[] = {
      {"-03-11", "任城区远航商务咨询有限公司", "91370811MA3G1AB10", "rencheng", 300}, {"-04-08", "任城区海川文化传播有限公司", "91370811MA3G2CD20", "rencheng", 500},
      {"-05-13", "任城区博远教育咨询有限公司", "91370811MA3G3EF30", "rencheng", 800}, {"-06-10", "兖州区恒信国际贸易有限公司", "91370812MA3H1GH40", "yanzhou", 500},
      {"-07-15", "兖州区启明人力资源有限公司", "91370812MA3H2JK50", "yanzhou", 1000}, {"-09-09", "兖州区东方会展服务有限公司", "91370812MA3H3LM60", "yanzhou", 1000},
      {"-10-21", "兖州区金桥商贸有限公司", "91370812MA3H4NP70", "yanzhou", 3000},  // the 同案同罚 outlier
  };
  std::vector<std::pair<std::int64_t, std::string>> made;
  int k = 0;
  for (auto& f : fines) {
    std::string date = y + f.date;
    recording::NewCase c;
    c.matter_code = "JNWQB-CF-001";
    c.category = "行政处罚";
    c.procedure_id = "simplified_penalty";
    c.party = {"organisation", f.name, uscc(f.uscc17), "", ""};
    c.fine_fen = f.yuan * 100;
    c.facts = "当事人邀请外国人来华后，未按规定报告其行程变更情况，当场作出处罚决定。";
    c.co_officer_id = liu.person_id;
    c.on_date = date;
    auto id = in_write(db, [&](store::Tx& tx) { return recording::open_case(tx, wang, c); });
    if (!id) return id.error();
    for (const char* kind : {"on_site_decision", "service_receipt"}) {
      auto d = in_write(db, [&](store::Tx& tx) { return recording::draft_document(tx, wang, *id, kind); });
      if (!d) return d.error();
      DEMO_TRY(in_write(db, [&](store::Tx& tx) { return recording::sign_document(tx, blobs, wang, *d); }));
    }
    recording::ActInput in;
    in.transition = "decide";
    in.on_date = date;
    in.co_officers = {liu.person_id};
    in.location.place = "当事人经营场所";
    DEMO_TRY(in_write(db, [&](store::Tx& tx) { return recording::act(tx, wang, *id, in); }));
    // The fine paid within 15 days (行政处罚法第六十七条).
    recording::ActInput paid;
    paid.transition = "executed";
    paid.on_date = law::Date::parse(date)->plus_days(5).str();
    paid.execution_evidence = "非税收入缴款书 3708002026" + std::to_string(200000 + *id);  // APL arts. 67, 72
    DEMO_TRY(in_write(db, [&](store::Tx& tx) { return recording::act(tx, wang, *id, paid); }));
    // Published by 陈静: on time, except the third (a day late on the official calendar's 7 working days).
    DEMO_TRY(db.write([&](store::Tx& tx) -> Status {
      auto d = tx.query_one("SELECT id, due_on FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(*id)});
      if (!d) return d.error();
      if (!*d) return {};
      auto pub = publicity::load_decision(tx, (*d)->integer(0));
      if (!pub) return pub.error();
      if (pub->mask_required)
        if (auto s = publicity::confirm_masks(tx, editor, pub->id, pub->revision); !s) return s;
      std::string on = k == 2 ? law::Date::parse((*d)->text(1))->plus_days(1).str() : date;
      return publicity::publish_decision(tx, editor, pub->id, on);
    }));
    made.push_back({*id, f.agency});
    ++k;
  }
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return recording::draft_document(tx, wang, made[1].first, "filing_report"); }));
  // The county offices' files: moved to the county with its officers (任城区: 张伟 alone; 兖州区:
  // 孙浩 and 周敏) and numbered by the county; one draft left unsigned (文书规范).
  DEMO_TRY(db.write([&](store::Tx& tx) -> Status {
    int n = 0;
    for (auto& [id, code] : made) {
      auto a = org::find_agency(tx, code);
      if (!a || !*a) return Error::internal("demo agency");
      bool rc = code == "rencheng";
      std::int64_t lead = rc ? (*who)["zhangwei"].person_id : (*who)["yz_officer1"].person_id;
      store::Value co = rc ? store::Value(std::monostate{}) : store::Value((*who)["yz_officer2"].person_id);
      std::string no = (*a)->doc_prefix + "罚〔" + y + "〕" + std::to_string(++n) + "号";
      if (auto u = tx.exec("UPDATE rec_cases SET agency_id = ?, lead_officer_id = ?, co_officer_id = ?, case_no = ? WHERE id = ?", {(*a)->id, lead, co, no, id}); !u)
        return u.error();
      if (auto u = tx.exec("UPDATE pub_decisions SET agency_id = ?, case_no = ? WHERE source = ?", {(*a)->id, no, "case:" + std::to_string(id)}); !u) return u.error();
    }
    return {};
  }));

  DEMO_TRY(demo_evaluation(db, *who, today, y));
  DEMO_TRY(demo_notices(db, blobs, *who, today, y));
  return db.write([&](store::Tx& tx) { return store::put_setting(tx, "demo_supervision2", today); });
}

}  // namespace zhifa::supervision
