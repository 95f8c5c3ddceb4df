#include "demo/inspection.h"

#include <array>

#include "inspection/cases.h"
#include "inspection/draws.h"
#include "inspection/plans.h"
#include "inspection/results.h"
#include "law/identifiers.h"
#include "demo/org.h"
#include "org/auth.h"
#include "org/directory.h"
#include "publicity/list_workflow.h"
#include "org/events.h"
#include "platform/blob/blob_store.h"
#include "platform/core/clock.h"
#include "recording/av/requirement.h"
#include "recording/av/uploads.h"
#include "recording/cases.h"
#include "recording/documents.h"

namespace zhifa::inspection {

namespace {

struct DemoAgency { const char* code; const char* city; const char* division; const char* region; int objects; };
constexpr std::array<DemoAgency, 3> kAgencies = {{{"jnwqb", "济宁", "370800", "济宁市", 320},
                                                  {"rencheng", "任城", "370811", "任城区", 160},
                                                  {"yanzhou", "兖州", "370812", "兖州区", 120}}};

constexpr std::array<const char*, 24> kWords = {"鲁源", "运河", "圣地", "太白", "东方", "华夏", "齐鲁", "泰和", "金桥", "恒信", "博远", "瑞丰",
                                                "宏达", "汇通", "德润", "嘉禾", "明远", "同心", "海川", "北湖", "孔孟", "微山", "儒风", "南池"};
constexpr std::array<const char*, 6> kTrades = {"机械", "生物科技", "新材料", "食品", "纺织", "电子"};

// A USCC of a company (9 = 市场监管, 1 = 企业) in the division, with a valid check character.
std::string uscc(const char* division, int n) {
  static const char* chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  std::string s = std::string("91") + division;
  // Four characters that look random, then n in base 31 (unique within the division).
  unsigned v = 2654435761u * static_cast<unsigned>(n + 17);
  for (int i = 0; i < 4; ++i, v /= 31) s.push_back(chars[v % 31]);
  std::string tail;
  for (int i = 0, m = n; i < 5; ++i, m /= 31) tail.insert(tail.begin(), chars[m % 31]);
  s += tail;
  s.push_back(law::uscc_check_char(s));
  return s;
}

// The i-th object of an agency: a third inviting units, a third travel agencies, a third
// overseas-Chinese-funded companies.
ObjectInput object(const DemoAgency& a, int i) {
  std::string w = kWords[i % kWords.size()], w2 = kWords[(i / kWords.size() + 5) % kWords.size()];
  ObjectInput o;
  o.code = uscc(a.division, i);
  o.region = a.region;
  o.risk_grade = i % 7 == 0 ? "高" : i % 3 == 0 ? "中" : "低";
  switch (i % 3) {
    case 0:
      o.object_type = "被授权邀请单位";
      o.name = std::string(a.city) + w + w2 + kTrades[i % kTrades.size()] + "有限公司";
      o.tags = "邀请外国人来华";
      break;
    case 1:
      o.object_type = "旅行社";
      o.name = std::string(a.city) + w + w2 + "国际旅行社有限公司";
      o.tags = "出境游组团";
      break;
    default:
      o.object_type = "侨资企业";
      o.name = std::string(a.city) + w + w2 + kTrades[(i + 2) % kTrades.size()] + "有限公司";
      o.tags = "侨资";
  }
  return o;
}

Result<org::Principal> person(store::Tx& tx, const char* login) {
  auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
  if (!id) return id.error();
  if (!*id) return Error::internal(std::string("demo person missing: ") + login);
  return org::load_principal(tx, (*id)->integer(0));
}

// The directories: inserted directly (the demo acts as the system), one ledger event per agency.
Status seed_directories(store::Tx& tx) {
  for (auto& a : kAgencies) {
    auto agency = tx.query_one("SELECT id FROM agencies WHERE code = ?", {std::string(a.code)});
    if (!agency) return agency.error();
    if (!*agency) continue;
    std::int64_t id = (*agency)->integer(0);
    std::string codes;
    for (int i = 0; i < a.objects; ++i) {
      auto o = object(a, i);
      codes += o.code + "\n";
      if (!validate_object(o).empty()) return Error::internal("demo object " + o.code + " is invalid");
      auto r = tx.exec("INSERT INTO insp_objects (agency_id, code, name, object_type, region, risk_grade, tags, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       {id, o.code, o.name, o.object_type, o.region, o.risk_grade, o.tags, clock::now_iso()});
      if (!r) return r.error();
    }
    json ev{{"objects", a.objects}, {"rows_sha256", blob::sha256_hex(codes)}};
    if (auto st = org::record_event(tx, org::Principal{}, a.code, "inspection.objects.imported", std::string("inspection/objects/") + a.code, ev.dump());
        !st)
      return st;
  }
  return {};
}

// The 现场检查 step's A/V record (音像记录事项清单 AV-01): a photo of the scene — the bytes of the
// demo's first photo (demo/av.cc), recorded now by the lead — or, when the demo has no photo
// (ffmpeg missing), the head's approved exemption for a device failure.
Status scene_photo(store::Tx& tx, const org::Principal& lead, const org::Principal& head, std::int64_t case_id) {
  auto photo = tx.query_one("SELECT sha256, size_bytes, media, thumb_sha256 FROM av_items WHERE kind = 'photo' ORDER BY id LIMIT 1");
  if (!photo) return photo.error();
  if (!*photo) return recording::av::grant_exemption(tx, head, case_id, "device_failure", "执法记录仪电量耗尽，经机关负责人批准免予音像记录");
  auto media = json::parse((*photo)->text("media"), nullptr, false);
  recording::av::MediaFacts facts;
  if (media.is_object()) {
    facts.probed = media.value("probed", true);
    facts.container = media.value("container", "");
    facts.width = media.value("width", 0);
    facts.height = media.value("height", 0);
    facts.streams = media.value("streams", 0);
    facts.video_codec = media.value("video_codec", "");
  }
  recording::av::NewItem in{case_id, (*photo)->integer("size_bytes"), "inspection", "photo", "现场检查照片.jpg", (*photo)->text("sha256"),
                            "JZY-0001", clock::now_iso(), "", (*photo)->text("thumb_sha256"), facts};
  auto id = recording::av::add_item(tx, lead, in);
  return id ? Status{} : Status(id.error());
}

// One drawn object inspected as a case by its two drawn inspectors, ending in `result`.
Status inspect(store::Tx& tx, blob::BlobStore* blobs, std::int64_t agency, const Inspection& i, const std::string& result,
               const std::string& findings, const std::string& date, const org::Principal& head) {
  std::vector<org::Principal> two;
  for (auto id : i.inspector_ids) {
    auto pr = org::load_principal(tx, id);
    if (!pr) return pr.error();
    two.push_back(*pr);
  }
  if (two.size() != 2) return Error::internal("demo inspection without two inspectors");
  if (!two[0].has("officer")) std::swap(two[0], two[1]);
  const auto &lead = two[0], &co = two[1];
  auto case_id = start_inspection_case(tx, lead, agency, i.id);
  if (!case_id) return Error::internal("demo inspection case: " + case_id.error().message);
  auto sign = [&](const char* kind, const org::Principal& signer) -> Status {
    auto d = recording::draft_document(tx, lead, *case_id, kind);
    if (!d) return d.error();
    return recording::sign_document(tx, blobs, signer, *d);
  };
  auto go = [&](const char* t, bool pair) -> Status {
    recording::ActInput in;
    in.transition = t;
    if (pair) in.co_officers = {co.person_id};
    in.location.place = "检查对象经营场所";
    return recording::act(tx, lead, *case_id, in);
  };
  if (auto st = go("start", false); !st) return Error::internal("demo inspection start: " + st.error().message);
  if (auto st = sign("inspection_record", lead); !st) return Error::internal("demo inspection record: " + st.error().message);
  // 音像记录事项清单 AV-01 names 现场检查: the scene photographed before the step completes.
  if (auto st = scene_photo(tx, lead, head, *case_id); !st) return Error::internal("demo inspection A/V: " + st.error().message);
  if (auto st = go("finish", true); !st) return Error::internal("demo inspection finish: " + st.error().message);
  if (auto st = sign("inspection_result", head); !st) return Error::internal("demo inspection result: " + st.error().message);
  if (result == "rectification")
    if (auto st = sign("rectification_order", head); !st) return Error::internal("demo rectification order: " + st.error().message);
  auto rec = record_result(tx, lead, agency, i.id, ResultInput{result, findings, date});
  if (!rec) return Error::internal("demo result: " + rec.error().message);
  if (result == "case_opened") {
    auto pc = open_penalty_case(tx, lead, agency, i.id, "JNWQB-CF-002");
    if (!pc) pc = open_penalty_case(tx, lead, agency, i.id, "JNWQB-CF-001");
    if (!pc) return Error::internal("demo penalty case: " + pc.error().message);
  }
  return {};
}

Status seed_draw(store::Tx& tx, blob::BlobStore* blobs) {
  auto agency = tx.query_one("SELECT id FROM agencies WHERE code = 'jnwqb'");
  if (!agency) return agency.error();
  if (!*agency) return {};
  std::int64_t a = (*agency)->integer(0);
  auto officer = person(tx, "wangqiang"), head = person(tx, "lili"), editor = person(tx, "chenjing");
  if (!officer) return officer.error();
  if (!head) return head.error();
  if (!editor) return editor.error();
  PlanInput in{"JNWQB-CC-001", "被授权邀请单位", clock::beijing_date_in_days(-60), clock::beijing_date_in_days(60), clock::beijing_date_in_days(-10)};
  auto plan = create_plan(tx, *officer, a, in);
  if (!plan) return Error::internal("demo plan: " + plan.error().message);
  if (auto pub = publish_plan(tx, *officer, a, plan->id); !pub) return Error::internal("demo plan publication: " + pub.error().message);
  auto frozen = freeze_plan(tx, *officer, a, plan->id, "中国福利彩票双色球第2026138期开奖号码（红球6个、蓝球1个，按开奖公告）");
  if (!frozen) return Error::internal("demo freeze: " + frozen.error().message);
  auto drawn = enter_randomness(tx, *head, a, plan->id, {"03 07 12 19 25 31", "09"});
  if (!drawn) return Error::internal("demo draw: " + drawn.error().message);
  auto list = plan_inspections(tx, *officer, a, plan->id);
  if (!list) return list.error();
  // Each drawn object: its 行政检查 case (start → 现场检查笔录 → finish → 检查结果告知书), then
  // the result, which ends the case; the first finding became a penalty case; all published.
  for (std::size_t n = 0; n < list->size(); ++n) {
    const auto& i = (*list)[n];
    std::string result = n == 0 ? "case_opened" : n == 1 ? "rectification" : "no_problem";
    std::string findings = n == 0 ? "邀请函件所列外国人在华实际从事的活动与邀请事由不符，单位未落实邀请管理责任，已立案调查"
                           : n == 1 ? "邀请外国人来华工作的备案材料不全，已责令限期补正" : "";
    if (auto st = inspect(tx, blobs, a, i, result, findings, in.inspection_date, *head); !st) return st;
    auto pub = publish_result(tx, *editor, a, i.id);
    if (!pub) return Error::internal("demo publication: " + pub.error().message);
  }
  return {};
}

// A county office (issue 18, demo): its people for the workflow (a head; an officer who is also
// the publicity editor; a second certified officer when it has fewer than two), its published
// 随机抽查事项清单, and one plan from it — published, frozen, drawn by the second officer.
struct DemoCounty {
  const char* code; const char* unit; const char* login; const char* cert_prefix; const char* matter; const char* object_type;
  const char* proportion; const char* balls; const char* basis;
  const char* risk_proportions;  // 分级抽查比例: the draw in pools per risk grade (inspection/draw_record.h), or ""
};
constexpr std::array<DemoCounty, 2> kCounties = {{
    {"rencheng", "任城区人民政府外事侨务办公室", "rc", "370811202100", "RCWQB-CC-001", "旅行社", "5%", "04 10 15 22 26 32", "《旅行社条例》第四十一条", ""},
    {"yanzhou", "兖州区人民政府外事侨务办公室", "yz", "370812202100", "YZWQB-CC-001", "侨资企业", "10%", "01 08 13 20 29 33", "《中华人民共和国归侨侨眷权益保护法》；《山东省华侨权益保护条例》",
     "高 30%；中 10%；低 5%"},
}};

Result<org::Principal> county_person(store::Tx& tx, std::int64_t agency, const std::string& login, const std::string& name,
                                     std::vector<std::string> roles, const std::string& cert) {
  org::NewPerson np;
  np.person.agency_id = agency;
  np.person.name = name;
  np.person.login = login;
  np.person.post = "科员";
  np.person.roles = std::move(roles);
  np.password = org::kDemoPassword;
  auto id = org::create_person(tx, np);
  if (!id) return Error::internal("demo county person " + login + ": " + id.error().message);
  if (!cert.empty())
    if (auto c = org::add_certificate(tx, {0, *id, cert, "外事侨务行政许可、行政检查", "2024-01-01", "2029-12-31", false}); !c) return c.error();
  return org::load_principal(tx, *id);
}

Status seed_county(store::Tx& tx, const DemoCounty& d, const org::Principal& superior) {
  auto agency = tx.query_one("SELECT id FROM agencies WHERE code = ?", {std::string(d.code)});
  if (!agency) return agency.error();
  if (!*agency) return {};
  std::int64_t a = (*agency)->integer(0);
  std::string l = d.login;
  auto head = county_person(tx, a, l + "-head", std::string(d.code) == "rencheng" ? "孟凡" : "曲婷", {"agency_head"}, "");
  if (!head) return head.error();
  auto first = county_person(tx, a, l + "-officer1", std::string(d.code) == "rencheng" ? "韩磊" : "孔雪", {"officer", "publicity_editor"},
                             std::string(d.cert_prefix) + "01");
  if (!first) return first.error();
  // The second inspector: the county's existing certified officer (张伟 in 任城), else a new one.
  auto existing = tx.query_one("SELECT p.id FROM people p JOIN certificates c ON c.person_id = p.id WHERE p.agency_id = ? AND p.id <> ? "
                               "ORDER BY p.id",
                               {a, first->person_id});
  if (!existing) return existing.error();
  auto second = *existing ? org::load_principal(tx, (*existing)->integer(0))
                          : county_person(tx, a, l + "-officer2", "颜博", {"officer"}, std::string(d.cert_prefix) + "02");
  if (!second) return second.error();
  json rows = json::array({{{"code", d.matter}, {"name", std::string(d.object_type) + "经营活动情况抽查"}, {"inspecting_body", d.unit},
                            {"legal_basis", d.basis},
                            {"objects", std::string("本辖区") + d.object_type}, {"content", "经营资质、涉外业务备案、外国人接待与邀请情况"},
                            {"method", "书面检查、实地核查"}, {"proportion", d.proportion}, {"frequency", "每年1次"}}});
  if (*d.risk_proportions) rows[0]["risk_proportions"] = d.risk_proportions;
  auto cur = publicity::load_list(tx, a, "inspections");
  if (!cur) return cur.error();
  std::vector<publicity::RowError> errors;
  auto rev = publicity::save_draft(tx, *first, a, "inspections", rows, cur->revision, errors);
  if (!rev) return Error::internal("demo county list: " + rev.error().message);
  if (auto st = publicity::submit(tx, *first, a, "inspections", *rev); !st) return st;
  if (auto st = publicity::approve(tx, *head, a, "inspections"); !st) return st;
  if (publicity::find_list("inspections")->superior_approval)
    if (auto st = publicity::superior_approve(tx, superior, a, "inspections"); !st) return st;
  if (auto v = publicity::publish(tx, *first, a, "inspections", "首次公布"); !v) return v.error();
  PlanInput in{d.matter, d.object_type, clock::beijing_date_in_days(-30), clock::beijing_date_in_days(90), clock::beijing_date_in_days(7)};
  auto plan = create_plan(tx, *first, a, in);
  if (!plan) return Error::internal("demo county plan: " + plan.error().message);
  if (auto pub = publish_plan(tx, *first, a, plan->id); !pub) return pub.error();
  auto frozen = freeze_plan(tx, *first, a, plan->id, "中国福利彩票双色球第2026139期开奖号码（红球6个、蓝球1个，按开奖公告）");
  if (!frozen) return Error::internal("demo county freeze: " + frozen.error().message);
  auto drawn = enter_randomness(tx, *second, a, plan->id, {d.balls, "05"});
  if (!drawn) return Error::internal("demo county draw: " + drawn.error().message);
  return {};
}

}  // namespace

Status ensure_demo_inspection(store::Database& db, blob::BlobStore* blobs) {
  return db.write([&](store::Tx& tx) -> Status {
    auto done = tx.query_one("SELECT value FROM settings WHERE key = 'demo_inspection'");
    if (!done) return done.error();
    if (*done) return {};
    if (auto st = seed_directories(tx); !st) return st;
    if (auto st = seed_draw(tx, blobs); !st) return st;
    auto superior = person(tx, "zhoujian");
    if (!superior) return superior.error();
    for (auto& county : kCounties)
      if (auto st = seed_county(tx, county, *superior); !st) return st;
    auto r = tx.exec("INSERT INTO settings(key, value) VALUES('demo_inspection', '1')");
    return r ? Status{} : Status(r.error());
  });
}

}  // namespace zhifa::inspection
