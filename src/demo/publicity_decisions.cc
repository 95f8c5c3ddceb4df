// Demo decisions for 济宁市人民政府外事侨务办公室: a year of licence, penalty and confirmation
// decisions, published through the mask review by the editor 陈静 (one late, one withdrawn
// after an administrative reconsideration, one past its display period, two still pending),
// plus the decisions the demo cases issued. Idempotent (settings key demo_decisions).
#include "law/calendar.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "platform/core/clock.h"
#include "publicity/decisions.h"
#include "demo/publicity.h"

namespace zhifa::publicity {

namespace {

std::string rid(const std::string& first17) { return first17 + law::resident_id_check_char(first17); }
std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }

struct Demo {
  int days_ago;           // decision date, calendar days before today
  std::string category, matter_code, matter_name, party_kind, party_name, party_code, conclusion, body;
  int publish_after = 3;  // working days after the decision (0: not yet published)
};

struct Person { const char* name; std::string id; const char* phone; const char* address; };
const std::vector<Person>& demo_people() {
  static const std::vector<Person> people = {
      {"李建国", rid("37080219520817101"), "13905378123", "济宁市任城区洸河路66号"},
      {"张淑芬", rid("37088119560302202"), "13853712345", "曲阜市静轩西路19号"},
      {"刘德明", rid("37082719490921303"), "15965701234", "鱼台县谷亭街道滨湖路8号"},
      {"孙丽华", rid("37088319610514404"), "18653778899", "邹城市岗山北路102号"},
      {"吴志强", rid("37082819580106505"), "13562788765", "嘉祥县呈祥大道55号"},
      {"周美玲", rid("37083019630725606"), "13792367788", "金乡县奎星路17号"},
  };
  return people;
}

std::vector<Demo> demo_decisions() {
  std::vector<Demo> out;
  const auto& people = demo_people();
  struct Org { const char* name; std::string code; };
  std::vector<Org> orgs = {
      {"济宁鲁源国际经贸有限公司", uscc("91370800MA3C5NXK0")},  {"山东圣德机械制造有限公司", uscc("91370800MA3F2KLM7")},
      {"济宁孔孟之乡国际旅行社有限公司", uscc("91370800MA3G7PQR1")}, {"曲阜三孔文化传播有限公司", uscc("91370881MA3H4TPU2")},
      {"济宁高新区瑞丰纺织有限公司", uscc("91370800MA3J9WWX3")},   {"邹城市恒远矿山机械有限公司", uscc("91370883MA3K1YXA4")},
  };
  int day = 400;
  for (std::size_t i = 0; i < 6; ++i) {
    const auto& p = people[i];
    out.push_back({day -= 23, "行政许可", "JNWQB-XK-001", "华侨回国定居审批", "person", p.name, "", "准予行政许可",
                   std::string("申请人：") + p.name + "，公民身份号码：" + p.id + "，联系电话：" + p.phone + "，现住址：" + p.address +
                       "。\n\n申请人于本年度向本机关提出华侨回国定居申请，提交了护照、国外长期居留证明、无犯罪记录证明和拟定居地住房证明等材料。"
                       "经审查，申请材料齐全，符合《中华人民共和国出境入境管理法》和《华侨回国定居办理工作规定》规定的条件。\n\n"
                       "根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予申请人回国定居，并于本决定作出之日起十日内颁发《华侨回国定居证》。"});
    const auto& o = orgs[i];
    out.push_back({day -= 11, "行政许可", "JNWQB-XK-002", "邀请外国人来华审批", "organisation", o.name, o.code, "准予行政许可",
                   std::string("申请单位：") + o.name + "，统一社会信用代码：" + o.code +
                       "。\n\n申请单位申请邀请外国技术人员来华开展设备安装调试和技术交流，停留期限不超过九十日。经审查，邀请事由真实，被邀请人身份明确，"
                       "申请单位具备接待能力。\n\n根据《中华人民共和国行政许可法》第三十八条第一款和《中华人民共和国外国人入境出境管理条例》的规定，"
                       "本机关决定准予邀请，出具《邀请外国人来华邀请函》。"});
  }
  // Penalties (on organisations and on natural persons).
  out.push_back({150, "行政处罚", "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "organisation", orgs[2].name, orgs[2].code,
                 "警告，并处罚款人民币5000元",
                 std::string("当事人：") + orgs[2].name + "，统一社会信用代码：" + orgs[2].code +
                     "。\n\n经查，当事人在未取得邀请外国人来华审批的情况下，以本单位名义向3名外国人出具邀请函件，违反了《中华人民共和国外国人入境出境管理条例》第七条的规定。"
                     "以上事实有现场检查笔录、询问笔录、邀请函件复印件等证据证实。本机关已依法告知当事人拟作出行政处罚的事实、理由、依据及依法享有的权利，"
                     "当事人未提出陈述、申辩。\n\n依据《中华人民共和国行政许可法》第七十八条、第八十条的规定，本机关决定对当事人给予如下行政处罚：警告，并处罚款人民币5000元。"});
  out.push_back({96, "行政处罚", "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "person", people[4].name, "", "罚款人民币2000元",
                 std::string("当事人：") + people[4].name + "，公民身份号码：" + people[4].id + "，联系电话：" + people[4].phone + "，住址：" +
                     people[4].address + "。\n\n经查，当事人为其亲属" + "吴小军" +
                     "代为出具虚假的邀请外国人来华材料。以上事实有询问笔录、书证等证据证实。当事人在陈述申辩中承认上述事实。\n\n"
                     "当事人的上述行为违反了《中华人民共和国行政许可法》第三十一条的规定。依据《中华人民共和国行政许可法》第七十八条的规定，本机关决定对当事人罚款人民币2000元。当事人应当自收到本决定书之日起十五日内缴纳罚款。"});
  out.back().publish_after = 9;  // published late: 9 working days (118 allows 7)
  out.push_back({60, "行政处罚", "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "organisation", orgs[4].name, orgs[4].code,
                 "罚款人民币10000元",
                 std::string("当事人：") + orgs[4].name + "，统一社会信用代码：" + orgs[4].code + "，法定代表人：王立新，联系电话：0537-2215566。" +
                     "\n\n经查，当事人邀请的外国人入境后从事与邀请事由不符的活动，当事人未按规定报告。以上事实有现场检查笔录、询问笔录等证据证实。\n\n"
                     "依据《中华人民共和国行政许可法》第八十条的规定，本机关决定对当事人罚款人民币10000元。"});
  // Confirmations (other decisions: 20 working days).
  out.push_back({120, "行政确认", "JNWQB-QR-001", "归侨侨眷身份确认", "person", people[1].name, "", "予以确认",
                 std::string("申请人：") + people[1].name + "，公民身份号码：" + people[1].id +
                     "。\n\n经审查，申请人提交的户口簿、亲属关系证明等材料真实有效，符合《中华人民共和国归侨侨眷权益保护法》规定的侨眷身份条件，本机关予以确认。"});
  out.back().publish_after = 12;  // within its 20 working days
  // Pending: one in time, one overdue.
  out.push_back({3, "行政许可", "JNWQB-XK-001", "华侨回国定居审批", "person", people[5].name, "", "准予行政许可",
                 std::string("申请人：") + people[5].name + "，公民身份号码：" + people[5].id + "，联系电话：" + people[5].phone +
                     "。\n\n经审查，申请人符合华侨回国定居条件。根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予申请人回国定居。",
                 0});
  out.push_back({20, "行政处罚", "JNWQB-CF-001", "对违反外国人来华邀请管理规定行为的处罚", "organisation", orgs[5].name, orgs[5].code,
                 "警告", std::string("当事人：") + orgs[5].name + "，统一社会信用代码：" + orgs[5].code +
                             "。\n\n经查，当事人未按规定报告所邀请外国人的行程变更情况，情节轻微，并已及时改正。依据《中华人民共和国行政处罚法》第三十二条、《中华人民共和国外国人入境出境管理条例》第七条的规定，本机关决定对当事人给予警告。",
                 0});
  return out;
}

}  // namespace

Status ensure_demo_decisions(store::Database& db) {
  auto st = db.write([&](store::Tx& tx) -> Status {
    auto done = store::get_setting(tx, "demo_decisions");
    if (!done) return done.error();
    if (*done) return {};
    auto agency = tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'");
    if (!agency) return agency.error();
    if (!*agency) return Error::internal("demo decisions need the demo organisation first");
    std::int64_t a = (*agency)->integer(0);
    auto principal = [&](const char* login) -> Result<org::Principal> {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return Error::internal(std::string("demo person missing: ") + login);
      return org::load_principal(tx, (*id)->integer(0));
    };
    auto editor = principal("chenjing"), officer = principal("wangqiang"), reviewer = principal("zhaomin");
    if (!editor) return editor.error();
    if (!officer) return officer.error();
    if (!reviewer) return reviewer.error();
    auto today = law::Date::parse(clock::today_beijing());
    if (!today) return today.error();
    auto publish = [&](std::int64_t id, const std::string& on) -> Status {
      auto d = load_decision(tx, id);
      if (!d) return d.error();
      if (d->mask_required)
        if (auto s = confirm_masks(tx, *editor, id, d->revision); !s) return s;
      return publish_decision(tx, *editor, id, on);
    };

    // Decisions the demo cases issued (recording opened their publications).
    auto from_cases = tx.query("SELECT id FROM pub_decisions WHERE agency_id = ? AND state = 'pending' AND source LIKE 'case:%' ORDER BY id", {a});
    if (!from_cases) return from_cases.error();
    for (auto& r : *from_cases)
      if (auto s = publish(r.integer(0), ""); !s) return s;

    int n = 0;
    std::vector<std::int64_t> published;
    for (auto& x : demo_decisions()) {
      DecisionIssued in;
      in.agency_id = a;
      in.source = "demo:" + std::to_string(++n);
      in.category = x.category;
      in.matter_code = x.matter_code;
      in.matter_name = x.matter_name;
      in.party_kind = x.party_kind;
      in.party_name = x.party_name;
      in.party_code = x.party_code;
      for (auto& p : demo_people())
        if (x.party_kind == "person" && x.party_name == p.name) in.party_address = p.address;
      in.conclusion = x.conclusion;
      std::string date = today->plus_days(-x.days_ago).str();
      in.decision_date = date;
      std::string kind = x.category == "行政许可" ? "许" : x.category == "行政处罚" ? "罚" : "确";
      in.decision_no = "济外侨" + kind + "〔" + date.substr(0, 4) + "〕" + std::to_string(100 + n) + "号";
      in.body = x.body;
      auto id = open_decision_publication(tx, *officer, in);
      if (!id) return id.error();
      if (x.publish_after == 0) continue;
      auto on = law::working_days_after(tx, date, x.publish_after);
      if (!on) return on.error();
      if (*on > today->str()) *on = today->str();
      if (auto s = publish(*id, *on); !s) return s;
      published.push_back(*id);
      if (x.category == "行政处罚")
        if (auto s = set_fulfilment(tx, *officer, *id, "已履行", "罚款已缴入国库", *on); !s) return s;
    }
    // An organisation's licence revoked on reconsideration: withdrawn within 3 working days (APL art. 48).
    if (published.size() > 3) {
      std::int64_t w = published[3];
      auto d = load_decision(tx, w);
      if (!d) return d.error();
      auto trigger = std::max(d->published_on, today->plus_days(-30).str());
      if (auto s = request_withdrawal(tx, *reviewer, w, "revoked",
                                      "经行政复议，济宁市人民政府以邀请事由所附材料不实为由撤销该许可决定（济政复决字〔2026〕12号），本机关依法撤下公示。",
                                      trigger);
          !s)
        return s;
      auto on = law::working_days_after(tx, trigger, 2);
      if (!on) return on.error();
      if (auto s = withdraw_decision(tx, *editor, w, std::min(*on, today->str())); !s) return s;
    }
    // The 任城区 office has two decisions waiting, one past its 7 working days: the city's
    // supervisor sees it (seed 二.(二)).
    auto county = tx.query_one("SELECT id FROM agencies WHERE code = 'rencheng'");
    if (!county) return county.error();
    if (*county) {
      int k = 0;
      for (int days_ago : {16, 2}) {
        DecisionIssued c;
        c.agency_id = (**county).integer(0);
        c.source = "demo:rencheng:" + std::to_string(++k);
        c.category = "行政许可";
        c.matter_code = "RCWQ-XK-001";
        c.matter_name = "邀请外国人来华审批";
        c.party_kind = "organisation";
        c.party_name = k == 1 ? "济宁任城区宏达纺织有限公司" : "济宁运河国际物流有限公司";
        c.party_code = uscc(k == 1 ? "91370811MA3L2BC15" : "91370811MA3M7DE26");
        c.conclusion = "准予行政许可";
        c.decision_date = today->plus_days(-days_ago).str();
        c.decision_no = "任外侨许〔" + c.decision_date.substr(0, 4) + "〕" + std::to_string(20 + k) + "号";
        c.body = "申请单位：" + c.party_name + "，统一社会信用代码：" + c.party_code + "。经审查，准予邀请外国技术人员来华进行设备维护。";
        auto cid = open_decision_publication(tx, *officer, c);
        if (!cid) return cid.error();
      }
    }
    // A decision from 2022, past its 36-month display period.
    DecisionIssued old;
    old.agency_id = a;
    old.source = "demo:2022";
    old.category = "行政许可";
    old.matter_code = "JNWQB-XK-002";
    old.matter_name = "邀请外国人来华审批";
    old.party_kind = "organisation";
    old.party_name = "济宁金宇特钢有限公司";
    old.party_code = uscc("91370800MA3B2CDE5");
    old.conclusion = "准予行政许可";
    old.decision_date = "2022-03-10";
    old.decision_no = "济外侨许〔2022〕7号";
    old.body = "申请单位：济宁金宇特钢有限公司。经审查，准予邀请外国技术人员2名来华。";
    auto oid = open_decision_publication(tx, *officer, old);
    if (!oid) return oid.error();
    if (auto s = publish_decision(tx, *editor, *oid, "2022-03-15"); !s) return s;
    return store::put_setting(tx, "demo_decisions", "1");
  });
  if (!st) return st;
  return db.write([](store::Tx& tx) -> Status {
    auto n = expire_display_periods(tx);  // the 2022 decision leaves the public lists
    return n ? Status{} : Status(n.error());
  });
}

}  // namespace zhifa::publicity
