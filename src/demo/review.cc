#include "demo/review.h"

#include <map>

#include "org/permissions.h"
#include "review/catalog.h"
#include "review/service.h"

namespace zhifa::review {

namespace {

CatalogRule rule(const char* code, const char* name, const char* source) {
  CatalogRule r;
  r.code = code;
  r.name = name;
  r.legal_source = source;
  return r;
}

Result<org::Principal> principal(store::Tx& tx, const std::string& login) {
  auto r = tx.query_one("SELECT p.id, p.agency_id, p.name FROM people p WHERE p.login = ?", {login});
  if (!r) return r.error();
  if (!*r) return Error::not_found("demo person " + login);
  org::Principal p;
  p.person_id = (*r)->integer(0);
  p.agency_id = (*r)->integer(1);
  p.name = (*r)->text(2);
  p.login = login;
  p.jurisdiction = {p.agency_id};
  auto roles = tx.query("SELECT role FROM person_roles WHERE person_id = ?", {p.person_id});
  if (!roles) return roles.error();
  for (auto& x : *roles) p.roles.insert(x.text(0));
  return p;
}

std::vector<ElementAnswer> all_pass() {
  std::vector<ElementAnswer> out;
  for (int e = 1; e <= kElementCount; ++e) out.push_back({e, e == 10 ? "na" : "pass", e == 10 ? "不涉嫌犯罪" : ""});
  return out;
}

}  // namespace

Status ensure_demo_review(store::Database& db) {
  return db.write([&](store::Tx& tx) -> Status {
    auto done = store::get_setting(tx, "demo_review");
    if (!done) return done.error();
    if (*done) return {};
    auto admin = principal(tx, "admin");
    auto officer = principal(tx, "wangqiang");
    auto officer2 = principal(tx, "liuyang");
    auto reviewer = principal(tx, "zhaomin");
    auto head = principal(tx, "lili");
    auto adviser = principal(tx, "sunli");
    for (auto* x : {&admin, &officer, &officer2, &reviewer, &head, &adviser})
      if (!*x) return x->error();
    std::int64_t agency = admin->agency_id;

    // 重大执法决定法制审核目录清单 of the office (seed 三.3; local practice thresholds).
    const char* kPenalty = "《行政处罚法》第五十八条；济外侨办字〔2017〕28号 三.3";
    std::vector<CatalogRule> rules;
    {
      auto r = rule("R01", "对公民处以一万元以上罚款", kPenalty);
      r.category = "行政处罚", r.party_kind = "person", r.min_fine_fen = 1'000'000;
      rules.push_back(r);
      r = rule("R02", "对法人或者其他组织处以十万元以上罚款", kPenalty);
      r.category = "行政处罚", r.party_kind = "organisation", r.min_fine_fen = 10'000'000;
      rules.push_back(r);
      r = rule("R03", "没收违法所得、非法财物价值十万元以上", kPenalty);
      r.category = "行政处罚", r.min_confiscation_fen = 10'000'000;
      rules.push_back(r);
      r = rule("R04", "吊销许可证件", "《行政处罚法》第五十八条、第六十三条");
      r.measure = "revoke_licence";
      rules.push_back(r);
      r = rule("R05", "责令停产停业、责令关闭", "《行政处罚法》第五十八条、第六十三条");
      r.measure = "stop_business";
      rules.push_back(r);
      r = rule("R06", "经过听证程序作出的行政执法决定", "《行政处罚法》第五十八条第一款第（二）项");
      r.requires_hearing = true;
      rules.push_back(r);
      r = rule("R07", "超出行政处罚裁量基准作出的处罚决定", "国办发〔2018〕118号；本机关行政处罚裁量基准");
      r.category = "行政处罚", r.requires_outside_benchmark = true;
      rules.push_back(r);
      r = rule("R08", "不予批准华侨回国定居", "《中华人民共和国归侨侨眷权益保护法》；国办发〔2018〕118号");
      r.category = "行政许可", r.matter_code = "JNWQB-XK-001", r.measure = "refuse_licence";
      rules.push_back(r);
      r = rule("R10", "查封、扣押财物", "《行政强制法》第二十二条；国办发〔2018〕118号");
      r.category = "行政强制", r.measure = "seize";
      rules.push_back(r);
      r = rule("R11", "涉及重大公共利益、可能造成重大社会影响或引发社会风险的", "《行政处罚法》第五十八条第一款第（一）项");
      r.requires_social_impact = true;
      rules.push_back(r);
      r = rule("R12", "案件情况疑难复杂、涉及多个法律关系的", "《行政处罚法》第五十八条第一款第（三）项");
      r.requires_complex = true;
      rules.push_back(r);
    }
    // Issue 14: saving the rules publishes the portal's 目录清单 (one source).
    if (auto v = save_rules(tx, *admin, agency, rules, "首次公布（与法制审核规则同源）"); !v) return v.error();
    if (auto st = save_settings(tx, *admin, agency, {7, 3}); !st) return st;

    // 1. Waiting for a reviewer: a company fined 150,000 yuan (R02).
    SubmissionInput a;
    a.case_id = 900001;
    a.case_title = "济宁某国际贸易有限公司未按规定为外籍人员办理邀请手续案";
    a.draft =
        "行政处罚决定书\n当事人：济宁某国际贸易有限公司\n"
        "经查，当事人于2025年6月至8月间未按规定为外籍人员办理邀请手续……\n"
        "依据有关规定，决定对当事人处以罚款人民币壹拾伍万元。";
    a.facts.agency_id = agency;
    a.facts.category = "行政处罚";
    a.facts.party_kind = "organisation";
    a.facts.fine_fen = 15'000'000;
    a.materials = {{"立案审批表", ""}, {"询问笔录（2025-09-02）", ""}, {"现场检查笔录", ""}, {"行政处罚事先告知书及送达回证", ""}};
    a.handlers = {officer->person_id, officer2->person_id};
    if (auto r = submit_for_review(tx, *officer, a); !r) return r.error();

    // 2. Returned with problems (element 6: discretion benchmark), awaiting correction.
    SubmissionInput b;
    b.case_id = 900002;
    b.case_title = "张某某非法聘用外国人案";
    b.draft = "行政处罚决定书\n当事人：张某某\n经查，当事人聘用未取得工作许可的外国人二名……\n决定对当事人处以罚款人民币贰万元。";
    b.facts.agency_id = agency;
    b.facts.category = "行政处罚";
    b.facts.party_kind = "person";
    b.facts.fine_fen = 2'000'000;
    b.facts.outside_discretion_benchmark = true;
    b.materials = {{"立案审批表", ""}, {"询问笔录", ""}, {"劳动合同复印件", ""}};
    b.handlers = {officer->person_id};
    auto bid = submit_for_review(tx, *officer, b);
    if (!bid) return bid.error();
    if (auto st = take(tx, *reviewer, *bid); !st) return st;
    auto answers = all_pass();
    answers[5] = {6, "problem", "罚款数额超出本机关裁量基准中“情节一般”档次的上限，决定书未说明从重处罚的理由。"};
    if (auto st = answer_elements(tx, *reviewer, *bid, answers); !st) return st;
    if (auto r = request_adviser_opinion(tx, *reviewer, *bid, adviser->person_id, "本案能否依当事人主动消除违法后果从轻处罚？"); !r)
      return r.error();
    if (auto st = give_opinion(tx, *reviewer, *bid, "problems", "请依裁量基准重新确定罚款数额，或在决定书中说明从重处罚的事实和理由。"); !st)
      return st;

    // 3. Passed after one round: licence refusal for 华侨回国定居 (R08), opinion issued.
    SubmissionInput c;
    c.case_id = 900003;
    c.case_title = "李某某华侨回国定居申请不予批准案";
    c.draft = "不予行政许可决定书\n申请人：李某某\n经审查，申请人提交的定居材料不符合规定条件……\n决定不予批准。";
    c.facts.agency_id = agency;
    c.facts.category = "行政许可";
    c.facts.matter_code = "JNWQB-XK-001";
    c.facts.party_kind = "person";
    c.facts.measures = {"refuse_licence"};
    c.materials = {{"申请书", ""}, {"受理通知书", ""}, {"审查意见", ""}};
    c.handlers = {officer2->person_id};
    auto cid = submit_for_review(tx, *officer2, c);
    if (!cid) return cid.error();
    if (auto st = take(tx, *reviewer, *cid); !st) return st;
    if (auto st = answer_elements(tx, *reviewer, *cid, all_pass()); !st) return st;
    if (auto st = give_opinion(tx, *reviewer, *cid, "agree", "经审核，该决定事实清楚，证据充分，适用依据正确，程序合法，同意作出。"); !st) return st;

    return store::put_setting(tx, "demo_review", "1");
  });
}

}  // namespace zhifa::review
