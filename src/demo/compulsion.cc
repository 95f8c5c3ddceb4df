#include "demo/compulsion.h"

#include <map>

#include "demo/recording.h"
#include "law/identifiers.h"
#include "org/auth.h"
#include "platform/core/clock.h"
#include "recording/av/requirement.h"
#include "recording/cases.h"
#include "recording/documents.h"
#include "review/service.h"

namespace zhifa::recording {

namespace {

std::string uscc(const std::string& first17) { return first17 + law::uscc_check_char(first17); }

}  // namespace

Status ensure_demo_compulsion(store::Database& db, blob::BlobStore* blobs) {
  bool done = false;
  std::map<std::string, org::Principal> who;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto m = store::get_setting(tx, "demo_compulsion");
    if (!m) return m.error();
    done = m->has_value();
    if (done) return {};
    for (const char* login : {"wangqiang", "liuyang", "lili", "zhaomin"}) {
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
  auto &wang = who["wangqiang"], &liu = who["liuyang"], &head = who["lili"], &reviewer = who["zhaomin"];
#define DEMO_TRY(x) \
  if (auto s_ = (x); !s_) return Status(s_.error())

  auto open = [&](const std::string& code, const std::string& category, Party party, const std::string& facts) {
    NewCase c;
    c.matter_code = code;
    c.category = category;
    c.party = std::move(party);
    c.facts = facts;
    c.co_officer_id = liu.person_id;
    c.location.place = "济宁市任城区红星中路18号";
    return in_write(db, [&](store::Tx& tx) { return open_case(tx, wang, c); });
  };
  auto sign = [&](std::int64_t id, const std::string& kind, const org::Principal& signer) -> Status {
    auto d = in_write(db, [&](store::Tx& tx) { return draft_document(tx, wang, id, kind); });
    if (!d) return d.error();
    return in_write(db, [&](store::Tx& tx) { return sign_document(tx, blobs, signer, *d); });
  };
  auto go = [&](std::int64_t id, const std::string& t, const org::Principal& by, bool pair = false, const std::string& note = {}) -> Status {
    ActInput in;
    in.transition = t;
    in.note = note;
    if (pair) in.co_officers = {liu.person_id};
    in.waive_hearing = t == "notify";  // the party waives the hearing in writing (APL art. 64)
    in.location.place = "济宁市任城区红星中路18号";
    return in_write(db, [&](store::Tx& tx) { return act(tx, by, id, in); });
  };
  // 赵敏 takes the case's submission, finds all 11 elements in order and agrees (APL art. 58).
  auto pass_review = [&](std::int64_t id, const std::string& opinion) -> Status {
    return db.write([&](store::Tx& tx) -> Status {
      auto sub = review::latest_submission(tx, id);
      if (!sub) return sub.error();
      if (!*sub) return Error::internal("demo: no submission for case " + std::to_string(id));
      if (auto t = review::take(tx, reviewer, *sub); !t) return t;
      std::vector<review::ElementAnswer> all;
      for (int e = 1; e <= 11; ++e) all.push_back({e, "pass", ""});
      if (auto a = review::answer_elements(tx, reviewer, *sub, all); !a) return a;
      return review::give_opinion(tx, reviewer, *sub, "agree", opinion);
    });
  };

  // 1. 查封、扣押 (行政强制法 第十八条、第二十四条): reviewed (R10), carried out today by two officers,
  // the decision and the list handed over on the spot; the 30-day term (第二十五条) runs.
  auto seizure = open("JNWQB-QZ-001", "行政强制", {"organisation", "济宁瑞丰商务咨询有限公司", uscc("91370800MA3G7PXQ1"), "济宁市任城区红星中路18号", "05372281234"},
                      "群众举报当事人伪造外事部门邀请函件出售。经现场检查，当事人经营场所内存放疑似伪造的邀请函件37份及用于制作的电脑、打印机、印章各1件，"
                      "需查封、扣押以防止证据损毁、违法行为继续。");
  if (!seizure) return seizure.error();
  DEMO_TRY(sign(*seizure, "seizure_approval", head));
  DEMO_TRY(sign(*seizure, "seizure_decision", head));
  DEMO_TRY(go(*seizure, "submit_review", wang, false, "拟查封、扣押涉案函件及制作设备，属于重大执法决定目录清单事项，提请法制审核"));
  DEMO_TRY(pass_review(*seizure, "事实清楚，证据确凿，适用法律正确，程序合法，同意实施查封、扣押。"));
  DEMO_TRY(go(*seizure, "to_scene", wang));
  DEMO_TRY(sign(*seizure, "seizure_list", wang));
  DEMO_TRY(sign(*seizure, "scene_record", wang));
  // 118: the scene is recorded on video; here the device failed and the head approved it.
  DEMO_TRY(in_write(db, [&](store::Tx& tx) {
    return av::grant_exemption(tx, head, *seizure, "device_failure", "执法记录仪现场故障无法录像，已由两名执法人员现场拍照并制作现场笔录，报机关负责人批准。");
  }));
  DEMO_TRY(go(*seizure, "seize", wang, true));

  // 2. 裁量基准: band "情节一般" allows 罚款 only; 责令停止邀请业务 (责令停产停业) is outside it —
  // recorded with the reason, so the decision is outside the benchmark (R07), reviewed, then made.
  auto fined = open("JNWQB-CF-002", "行政处罚", {"organisation", "济宁远航国际交流有限公司", uscc("91370811MA3H2KLP5"), "济宁市太白湖新区荷花路6号", "05372219876"},
                    "当事人经许可邀请外国人来华开展商务交流，2025年8月超越许可范围邀请2名外国人来华从事劳务活动。");
  if (!fined) return fined.error();
  CaseFactsInput f;
  f.facts = "当事人超越许可范围邀请2名外国人来华从事劳务活动，经责令改正后仍继续以本单位名义对外出具邀请函件。";
  f.fine_fen = 1'500'000;
  f.measures = {"stop_business"};
  f.band = 1;
  f.outside_band_reason = "责令改正后继续违法邀请，仅处罚款不足以制止违法行为，依法并处责令停止邀请业务";
  DEMO_TRY(in_write(db, [&](store::Tx& tx) { return update_case_facts(tx, wang, *fined, f); }));
  DEMO_TRY(sign(*fined, "case_filing", head));
  DEMO_TRY(go(*fined, "file", wang));
  DEMO_TRY(sign(*fined, "investigation_report", wang));
  DEMO_TRY(sign(*fined, "penalty_notice", head));
  DEMO_TRY(go(*fined, "notify", wang));
  DEMO_TRY(go(*fined, "submit_review", wang, false, "拟处罚款一万五千元并责令停止邀请业务，超出所适用情节的处罚种类，提请法制审核"));
  DEMO_TRY(pass_review(*fined, "超出裁量基准的理由成立，同意作出处罚决定。"));
  DEMO_TRY(go(*fined, "to_decision", wang));
  DEMO_TRY(sign(*fined, "penalty_decision", head));
  DEMO_TRY(go(*fined, "impose", head));
#undef DEMO_TRY
  return db.write([&](store::Tx& tx) { return store::put_setting(tx, "demo_compulsion", clock::today_beijing()); });
}

}  // namespace zhifa::recording
