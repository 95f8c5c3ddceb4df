#include "demo/supervision.h"

#include <map>

#include "demo/recording.h"
#include "law/calendar.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "publicity/decisions.h"
#include "platform/core/clock.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "supervision/report.h"
#include "supervision/warnings.h"

namespace zhifa::supervision {

namespace {
std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }
std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }
}  // namespace

Status ensure_demo_supervision(store::Database& db, blob::BlobStore* blobs) {
  using recording::in_write;
  bool done = false;
  std::map<std::string, org::Principal> who;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto m = store::get_setting(tx, "demo_supervision");
    if (!m) return m.error();
    done = m->has_value();
    if (done) return {};
    for (const char* login : {"wangqiang", "liuyang", "lili", "zhoujian", "chenjing"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    return {};
  });
  if (!st) return st;
  if (done) return {};
  auto &wang = who["wangqiang"], &liu = who["liuyang"], &head = who["lili"], &sup = who["zhoujian"], &editor = who["chenjing"];
  std::string today = clock::today_beijing();
  int year = std::stoi(today.substr(0, 4)) - 1;
  std::string y = std::to_string(year);
#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())

  auto open = [&](const std::string& code, const std::string& category, const std::string& proc, const std::string& date,
                  recording::Party party, std::int64_t fine, const std::string& facts) {
    recording::NewCase c;
    c.matter_code = code;
    c.category = category;
    c.procedure_id = proc;
    c.party = std::move(party);
    c.fine_fen = fine;
    c.facts = facts;
    c.co_officer_id = liu.person_id;
    c.on_date = date;
    return in_write(db, [&](store::Tx& tx) { return recording::open_case(tx, wang, c); });
  };
  auto sign = [&](std::int64_t id, const std::string& kind, const org::Principal& signer) -> Status {
    auto d = in_write(db, [&](store::Tx& tx) { return recording::draft_document(tx, wang, id, kind); });
    if (!d) return d.error();
    return in_write(db, [&](store::Tx& tx) { return recording::sign_document(tx, blobs, signer, *d); });
  };
  auto go = [&](std::int64_t id, const std::string& t, const org::Principal& by, const std::string& date, bool pair = false) -> Status {
    recording::ActInput in;
    in.transition = t;
    in.on_date = date;
    if (pair) in.co_officers = {liu.person_id};
    if (t == "executed") in.execution_evidence = "非税收入缴款书 37080026" + date.substr(0, 4) + std::to_string(100000 + id);
    in.location.place = "济宁市人民政府外事侨务办公室";
    return in_write(db, [&](store::Tx& tx) { return recording::act(tx, by, id, in); });
  };

  // Last year: 双随机 inspections of inviting organisations over the year, and two on-the-spot
  // penalties (行政处罚法 第五十一条: a citizen up to 200 yuan).
  const char* inspected[][3] = {{"-03-12", "济宁鲁源国际经贸有限公司", "91370800MA3C5NXK0"}, {"-05-20", "济宁环球旅行服务有限公司", "91370811MA3D8QWL2"},
                                {"-09-09", "济宁华远国际人才服务有限公司", "91370800MA3E2RTY5"}, {"-11-18", "曲阜孔子国际文化交流中心", "91370881MA3F1KLM3"}};
  for (auto& i : inspected) {
    auto id = open("JNWQB-JC-001", "行政检查", "inspection", y + i[0], {"organisation", i[1], uscc(i[2]), "", ""}, 0,
                   "依据随机抽查计划，对邀请外国人来华的单位进行检查。");
    if (!id) return id.error();
  }
  const std::pair<const char*, std::int64_t> fined[] = {{"37083019850211302", 10000}, {"37080219770615203", 20000}};
  std::vector<std::int64_t> decided;
  for (auto& [idno, fine] : fined) {
    auto id = open("JNWQB-CF-001", "行政处罚", "simplified_penalty", y + "-06-16", {"person", "孙某", rid(idno), "", ""}, fine,
                   "当事人未按规定报告所邀请外国人的行程变更情况，情节轻微，当场作出处罚决定。");
    if (!id) return id.error();
    DEMO_TRY(sign(*id, "on_site_decision", wang));
    DEMO_TRY(sign(*id, "service_receipt", wang));
    DEMO_TRY(go(*id, "decide", wang, y + "-06-16", true));
    DEMO_TRY(go(*id, "executed", wang, y + "-06-20"));  // the fine paid within 15 days (APL art. 67)
    decided.push_back(*id);
  }
  // Their publication (7 working days, 118) by the editor 陈静, through the mask review.
  DEMO_TRY(db.write([&](store::Tx& tx) -> Status {
    for (auto id : decided) {
      auto d = tx.query_one("SELECT id FROM pub_decisions WHERE source = ?", {"case:" + std::to_string(id)});
      if (!d) return d.error();
      if (!*d) continue;
      auto pub = publicity::load_decision(tx, (*d)->integer(0));
      if (!pub) return pub.error();
      if (pub->mask_required)
        if (auto s = publicity::confirm_masks(tx, editor, pub->id, pub->revision); !s) return s;
      if (auto s = publicity::publish_decision(tx, editor, pub->id, y + "-06-19"); !s) return s;
    }
    return {};
  }));

  // This year: a 华侨回国定居 licence accepted 45 days ago, its 20-working-day decision limit
  // passed (ALL art. 42) — a red warning, and 周健 urges 王强.
  auto late = law::Date::parse(today, "today");
  if (!late) return late.error();
  std::string accepted = late->plus_days(-45).str();
  auto lic = open("JNWQB-XK-001", "行政许可", "licence", accepted, {"person", "林美华", rid("37083219620310402"), "新加坡（国内联系地址：梁山县水泊中路8号）", ""}, 0,
                  "申请人林美华申请回国定居，已提交护照、居留证明等材料，材料齐全。");
  if (!lic) return lic.error();
  DEMO_TRY(sign(*lic, "licence_acceptance", wang));
  DEMO_TRY(go(*lic, "accept", wang, accepted));
  // And one whose limit falls within the next three working days (a yellow warning): the latest
  // acceptance date whose 20th working day is not before two working days from today.
  std::string yellow_on;
  DEMO_TRY(db.read([&](store::Tx& tx) -> Status {
    auto cal = law::load_calendar(tx);
    if (!cal) return cal.error();
    auto target = cal->add_working_days(*late, 2);
    if (!target) return target.error();
    for (int back = 20; back < 60 && yellow_on.empty(); ++back) {
      auto due = cal->add_working_days(late->plus_days(-back), 20);
      if (due && due->date <= target->date) yellow_on = late->plus_days(-back).str();
    }
    return {};
  }));
  if (!yellow_on.empty()) {
    auto lic2 = open("JNWQB-XK-001", "行政许可", "licence", yellow_on, {"person", "黄志明", rid("37080219550821301"), "马来西亚吉隆坡（国内联系地址：嘉祥县呈祥大道12号）", ""}, 0,
                     "申请人黄志明申请回国定居，材料齐全，正在审查。");
    if (!lic2) return lic2.error();
    DEMO_TRY(sign(*lic2, "licence_acceptance", wang));
    DEMO_TRY(go(*lic2, "accept", wang, yellow_on));
  }
  auto ws = in_write(db, [&](store::Tx& tx) { return warnings(tx, sup, today); });
  if (!ws) return ws.error();
  for (auto& w : *ws)
    if (w.kind == "case" && w.ref_id == *lic && w.red) {
      UrgeInput u{"case", *lic, w.rule, "请于三个工作日内作出决定并书面告知申请人；确需延长的，报机关负责人批准。"};
      DEMO_TRY(in_write(db, [&](store::Tx& tx) { return urge(tx, sup, u, today); }));
      break;
    }

  // Last year's annual report (国办发〔2018〕118号), published by 31 January.
  auto rep = in_write(db, [&](store::Tx& tx) { return generate_report(tx, sup, "jnwqb", year, today); });
  if (!rep) return rep.error();
  Narrative n{y + "年，我办严格落实行政执法公示、执法全过程记录、重大执法决定法制审核三项制度，依法开展行政许可、行政确认、行政处罚和双随机抽查工作，"
                  "执法信息按规定在门户网站“行政执法公示”专栏公开。",
              "个别执法决定未在七个工作日内公示；县（市、区）外侨办执法数据报送不够及时。",
              "加强对县（市、区）外侨办的指导监督，推行执法决定公示期限电子监察，按时公开年度执法数据。"};
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return save_narrative(tx, sup, "jnwqb", year, n); }));
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return review_report(tx, head, "jnwqb", year); }));
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return publish_report(tx, head, "jnwqb", year, std::to_string(year + 1) + "-01-26"); }));
#undef DEMO_TRY
  return db.write([&](store::Tx& tx) { return store::put_setting(tx, "demo_supervision", today); });
}

}  // namespace zhifa::supervision
