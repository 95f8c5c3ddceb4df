#include "demo/complaints.h"

#include <functional>
#include <map>

#include "complaints/service.h"
#include "law/calendar.h"
#include "org/auth.h"
#include "platform/core/clock.h"

namespace zhifa::complaints {

namespace {

std::string days_ago(int n) {
  auto today = law::Date::parse(clock::today_beijing());
  return today ? today->plus_days(-n).str() : clock::today_beijing();
}

// A tiny valid PNG (1×1), as a photo attachment.
std::string tiny_png() {
  static const unsigned char png[] = {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                                      0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
                                      0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
                                      0x00, 0x03, 0x01, 0x01, 0x00, 0xC9, 0xFE, 0x92, 0xEF, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
                                      0x44, 0xAE, 0x42, 0x60, 0x82};
  return std::string(reinterpret_cast<const char*>(png), sizeof png);
}

}  // namespace

Status ensure_demo_complaints(store::Database& db, blob::BlobStore& blobs) {
  return db.write([&](store::Tx& tx) -> Status {
    auto done = tx.query_one("SELECT value FROM settings WHERE key = 'demo_complaints'");
    if (!done) return done.error();
    if (*done) return {};
    std::map<std::string, org::Principal> who;
    for (const char* login : {"wangqiang", "lili", "zhangwei", "mawen", "songtao"}) {
      auto id = tx.query_one("SELECT id FROM people WHERE login = ?", {std::string(login)});
      if (!id) return id.error();
      if (!*id) return {};  // not the full demo organisation: nothing to seed
      auto p = org::load_principal(tx, (*id)->integer(0));
      if (!p) return p.error();
      who[login] = *p;
    }
    auto decision = tx.query_one("SELECT decision_no FROM pub_decisions WHERE state = 'published' AND decision_no <> '' "
                                 "ORDER BY CASE WHEN category = '行政处罚' THEN 0 ELSE 1 END, id LIMIT 1");
    if (!decision) return decision.error();
    auto a_case = tx.query_one("SELECT c.case_no FROM rec_cases c JOIN agencies a ON a.id = c.agency_id WHERE a.code = 'jnwqb' ORDER BY c.id LIMIT 1");
    if (!a_case) return a_case.error();

    auto submit_one = [&](const std::string& code, Submission s, int received_ago) -> Result<std::int64_t> {
      s.consent = true;
      if (auto st = validate(s); !st) return st.error();
      auto r = submit(tx, blobs, s, "", "", days_ago(received_ago), code);
      if (!r) return r.error();
      return r->id;
    };
    auto do_act = [&](const std::string& login, std::int64_t id, Act a, int ago) { return act(tx, who[login], id, a, days_ago(ago)); };
    auto do_head = [&](const std::string& login, std::int64_t id, HeadAct a, int ago) { return head_act(tx, who[login], id, a, days_ago(ago)); };

    // 1. 投诉 about the city office's published decision → 济宁市司法局 (the oversight body); accepted,
    //    the reply deadline extended by its head.
    {
      Submission s{"complaint", "jnwqb", *decision ? (*decision)->text(0) : "", "对该行政处罚决定的罚款数额有异议，认为未考虑初次违法且及时改正的情节，执法人员也未告知陈述申辩权利。",
                   "请求核查执法程序是否合法，撤销或变更该处罚决定。", "刘某", "13905370001", "", true, {}};
      s.attachments.push_back({"决定书照片.png", "", tiny_png()});
      auto id = submit_one(kDemoTrackingCode, s, 40);
      if (!id) return id.error();
      if (auto st = do_act("mawen", *id, act_of("accept"), 36); !st) return st;
      if (auto st = do_head("songtao", *id, {"extend", "需调取案卷并听取执法机关说明，情况复杂。"}, 5); !st) return st;
    }
    // 2. 投诉 about 任城区: an officer did not show his certificate → the city office; not upheld.
    {
      Submission s{"complaint", "rencheng", "37081120180003", "检查时执法人员未出示执法证件。", "请求核实并答复。", "赵某", "", "zhao@example.com", true, {}};
      auto id = submit_one("demo-tousu-2025-rencheng-cert-02", s, 50);
      if (!id) return id.error();
      if (auto st = do_act("wangqiang", *id, act_of("accept"), 45); !st) return st;
      Act r = act_of("reply");
      r.finding = "not_upheld";
      r.reply = "经调取执法记录仪录像核实，执法人员张伟在检查开始时已出示执法证件并说明来意，执法程序合法。";
      if (auto st = do_act("wangqiang", *id, r, 20); !st) return st;
    }
    // 3. 投诉 about 曲阜市: a fine without a hearing → the city office; upheld, awaiting the head's approval.
    {
      Submission s{"complaint", "qufu", "", "对我处以较大数额罚款前，未告知我有要求听证的权利。", "请求纠正违法行为。", "孙某", "13905370003", "", true, {}};
      s.attachments.push_back({"罚款决定书.png", "", tiny_png()});
      auto id = submit_one("demo-tousu-2025-qufu-hearing-03", s, 30);
      if (!id) return id.error();
      if (auto st = do_act("wangqiang", *id, act_of("accept"), 28); !st) return st;
      Act r = act_of("reply");
      r.finding = "upheld";
      r.reply = "经核查，曲阜市外侨办在作出较大数额罚款决定前未告知听证权利，违反《行政处罚法》第六十三条，已责令其依法纠正。";
      r.contests_decision = true;
      if (auto st = do_act("wangqiang", *id, r, 2); !st) return st;
    }
    // 4. 投诉 about 任城区, just received (not yet taken).
    {
      Submission s{"complaint", "rencheng", "", "窗口工作人员办理归侨侨眷身份确认时要求提供法定材料以外的证明。", "请求说明依据并改正。", "", "13905370004", "", true, {}};
      if (auto id = submit_one("demo-tousu-2025-rencheng-window-04", s, 1); !id) return id.error();
    }
    // 5. 投诉 about 兖州区, received 20 days ago and not decided: past the acceptance deadline (red).
    {
      Submission s{"complaint", "yanzhou", "", "执法人员检查时态度粗暴。", "请求调查处理。", "", "13905370005", "", true, {}};
      if (auto id = submit_one("demo-tousu-2025-yanzhou-late-05", s, 20); !id) return id.error();
    }
    // 6. Anonymous 举报 to the city office: accepted, a case opened on it, answered.
    {
      Submission s{"report", "jnwqb", "", "某公司未经审批邀请外国人来华并组织商务活动。", "", "", "", "", true, {}};
      auto id = submit_one("demo-jubao-2025-jnwqb-case-06", s, 60);
      if (!id) return id.error();
      if (auto st = do_act("wangqiang", *id, act_of("accept"), 58); !st) return st;
      if (*a_case) {
        Act l = act_of("link_case");
        l.case_no = (*a_case)->text(0);
        if (auto st = do_act("wangqiang", *id, l, 50); !st) return st;
      }
      Act r = act_of("reply");
      r.finding = "case_opened";
      r.reply = "经核查举报属实，已依法立案查处。";
      if (auto st = do_act("wangqiang", *id, r, 40); !st) return st;
    }
    // 7. 举报 to 任城区: more information requested.
    {
      Submission s{"report", "rencheng", "", "某涉侨企业冒用归侨侨眷身份享受优惠政策。", "", "", "13905370007", "", true, {}};
      auto id = submit_one("demo-jubao-2025-rencheng-info-07", s, 6);
      if (!id) return id.error();
      Act q = act_of("request_info");
      q.reason = "请补充该企业的名称、地址及相关证明材料。";
      if (auto st = do_act("zhangwei", *id, q, 4); !st) return st;
    }
    // 8. 举报 to 曲阜市, anonymous, received.
    {
      Submission s{"report", "qufu", "", "某旅行社组织外国人参观未开放区域。", "", "", "", "", true, {}};
      if (auto id = submit_one("demo-jubao-2025-qufu-new-08", s, 3); !id) return id.error();
    }
    // 9. 意见建议 to the city office: adopted.
    {
      Submission s{"suggestion", "jnwqb", "华侨回国定居审批", "建议在办事指南中增加材料样表。", "", "钱某", "", "qian@example.com", true, {}};
      auto id = submit_one("demo-jianyi-2025-jnwqb-guide-09", s, 25);
      if (!id) return id.error();
      if (auto st = do_act("wangqiang", *id, act_of("accept"), 24); !st) return st;
      Act r = act_of("reply");
      r.finding = "adopted";
      r.reply = "感谢您的建议，已在服务指南中增加申请表样表。";
      if (auto st = do_act("wangqiang", *id, r, 10); !st) return st;
    }
    // 10. 投诉 about the city office → 济宁市司法局, the acceptance deadline near (yellow).
    {
      Submission s{"complaint", "jnwqb", "", "申请邀请外国人来华审批超过法定期限未作决定。", "请求督促依法办理。", "周某", "13905370010", "", true, {}};
      if (auto id = submit_one("demo-tousu-2025-jnwqb-delay-10", s, 13); !id) return id.error();
    }
    // 11. 举报 naming no agency → the city office routes it: transferred to 任城区, whose acceptance
    //     clock starts on the day of the transfer.
    {
      Submission s{"report", "", "", "任城区某培训机构违规招收境外人员。", "", "", "13905370011", "", true, {}};
      auto id = submit_one("demo-jubao-2025-transfer-11", s, 9);
      if (!id) return id.error();
      Act t = act_of("transfer");
      t.reason = "属任城区外侨办管辖。";
      t.to_agency = "rencheng";
      if (auto st = do_act("wangqiang", *id, t, 8); !st) return st;
    }
    // 12. 投诉 already under administrative reconsideration: not accepted (诉访分离).
    {
      Submission s{"complaint", "rencheng", "", "对任城区外侨办的不予许可决定不服。", "请求撤销该决定。", "吴某", "13905370012", "", true, {}};
      auto id = submit_one("demo-tousu-2025-refused-12", s, 15);
      if (!id) return id.error();
      Act r = act_of("refuse");
      r.reason = "该事项您已申请行政复议，依法应当通过行政复议程序解决。";
      r.basis = "《信访工作条例》（依法应当通过诉讼、仲裁、行政复议等法定途径解决的，导入相应程序）";
      if (auto st = do_act("wangqiang", *id, r, 12); !st) return st;
    }
    auto r = tx.exec("INSERT INTO settings(key, value) VALUES('demo_complaints', '1')");
    return r ? Status{} : Status(r.error());
  });
}

}  // namespace zhifa::complaints
