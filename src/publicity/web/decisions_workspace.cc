// Publicity after enforcement (事后公开), the workspace: the jurisdiction's decisions, one
// decision's mask review, publication, fulfilment and withdrawal (also as /api/v1/), and the
// agency's time limits and display periods.
#include <functional>

#include "law/calendar.h"
#include "platform/core/clock.h"
#include "platform/http/util.h"
#include "publicity/decisions.h"
#include "publicity/lists.h"
#include "publicity/web/pages.h"
#include "publicity/web/routes.h"
#include "web/handle.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using json = nlohmann::json;
using namespace pages;

namespace {

std::string decision_title(const DecisionPub& d) {
  return (d.decision_no.empty() ? d.case_no : d.decision_no) + " · " + d.matter_name;
}

}  // namespace

namespace {

// One decision in the workspace: its state, the text with its masks, the actions the principal
// may take; JSON (without the form tokens) for the API.
Response render_decision_page(web::Site& site, const Request& req, std::int64_t id, json extra, int status) {
  const auto& p = web::Site::principal(req);
  json ctx = std::move(extra);
  return web::read(site, req, [&](store::Tx& tx) -> Status {
    auto r = load_decision_for(tx, p, id);
    if (!r) return r.error();
    const DecisionPub& d = *r;
    auto cal = law::load_calendar(tx);
    if (!cal) return cal.error();
    bool edit = org::authorize(p, "publicity.decisions.edit", d.agency_id).allowed;
    ctx.update(json{{"id", d.id}, {"title", decision_title(d)}, {"agency", d.agency_name}, {"state", d.state},
                    {"state_label", decision_state_label(d.state)}, {"case_no", d.case_no}, {"category", d.category}, {"matter", d.matter_name},
                    {"party", d.party_name}, {"legal_basis", d.legal_basis}, {"conclusion", d.conclusion}, {"decision_no", d.decision_no},
                    {"decision_date", d.decision_date}, {"due_on", d.due_on}, {"publish_days", d.publish_days}, {"revision", d.revision},
                    {"published_on", d.published_on}, {"published_by", d.published_by}, {"display_until", d.display_until},
                    {"late", !d.published_on.empty() && d.published_on > d.due_on}, {"mask_reviewed_at", d.mask_reviewed_at},
                    {"mask_reviewed_by", d.mask_reviewed_by}, {"fulfilment", d.fulfilment}, {"fulfilment_on", d.fulfilment_on},
                    {"fulfilment_note", d.fulfilment_note}, {"withdraw_ground", d.withdraw_ground},
                    {"withdraw_ground_label", withdraw_ground_label(d.withdraw_ground)}, {"withdraw_reason", d.withdraw_reason},
                    {"withdraw_trigger_on", d.withdraw_trigger_on}, {"withdraw_due_on", d.withdraw_due_on},
                    {"withdraw_requested_by", d.withdraw_requested_by}, {"withdrawn_on", d.withdrawn_on}, {"withdrawn_by", d.withdrawn_by},
                    {"withdraw_late", !d.withdrawn_on.empty() && d.withdrawn_on > d.withdraw_due_on}, {"today", clock::today_beijing()},
                    {"csrf", web::Site::csrf_token(req)}});
    // What a person reads: Beijing dates and times in Chinese form (the API keeps the ISO values).
    for (const char* k : {"decision_date", "due_on", "published_on", "display_until", "fulfilment_on", "withdraw_trigger_on", "withdraw_due_on",
                          "withdrawn_on"})
      if (ctx[k].is_string() && ctx[k].get<std::string>().size() == 10) ctx[std::string(k) + "_text"] = clock::chinese_date(ctx[k].get<std::string>());
    if (!d.mask_reviewed_at.empty()) ctx["mask_reviewed_at_text"] = clock::beijing_time_text(d.mask_reviewed_at);
    ctx["rule_label"] = d.deadline_rule == "publicity.decision"         ? "国办发〔2018〕118号：行政许可、行政处罚决定"
                        : d.deadline_rule == "publicity.other_decision" ? "国办发〔2018〕118号：其他执法决定"
                                                                         : "本机关设置：" + d.deadline_rule;
    if (d.case_id) ctx["case_url"] = "/workspace/cases/" + std::to_string(*d.case_id);
    if (d.state == "published" || (d.state == "withdrawn" && !d.published_on.empty())) ctx["public_url"] = "/decisions/" + std::to_string(d.id);
    if (d.party_kind == "person") {
      auto m = law::mask_name(d.party_name);
      ctx["party_public"] = m ? *m : "某某";
    } else {
      ctx["party_public"] = d.party_name + (d.party_code.empty() ? "" : "（" + d.party_code + "）");
    }
    if (auto left = due_status(*cal, d.due_on); left && d.state == "pending") ctx["due_text"] = left->words;
    if (auto left = due_status(*cal, d.withdraw_due_on); left && d.state != "withdrawn") ctx["withdraw_due_text"] = left->words;
    // The text with its spans marked.
    json segments = json::array(), spans = json::array();
    std::size_t pos = 0;
    for (std::size_t i = 0; i < d.spans.size(); ++i) {
      const auto& s = d.spans[i];
      if (s.start < pos || s.end > d.body.size()) continue;
      if (s.start > pos) segments.push_back({{"t", d.body.substr(pos, s.start - pos)}, {"span", false}});
      std::string kind(law::mask_kind_name(s.kind));
      std::string label = kind == "name" ? "姓名" : kind == "resident_id" ? "身份证号" : kind == "mobile" ? "手机号" : kind == "landline" ? "固定电话"
                        : kind == "bank_card" ? "银行卡号" : kind == "email" ? "电子邮箱" : "人工标注";
      segments.push_back({{"t", d.body.substr(s.start, s.end - s.start)}, {"span", true}, {"kind", kind}, {"kind_label", label}, {"replacement", s.replacement}});
      spans.push_back({{"n", i + 1}, {"index", i}, {"kind_label", label}, {"original", s.original}, {"replacement", s.replacement}, {"id", d.id},
                       {"csrf", web::Site::csrf_token(req)}, {"revision", d.revision}, {"can_edit_masks", edit && d.state == "pending"}});
      pos = s.end;
    }
    if (pos < d.body.size()) segments.push_back({{"t", d.body.substr(pos)}, {"span", false}});
    ctx["segments"] = segments;
    ctx["spans"] = spans;
    ctx["span_count"] = spans.size();
    ctx["can_edit_masks"] = edit && d.state == "pending";
    ctx["can_publish"] = edit && d.state == "pending" && d.withdraw_ground.empty();
    ctx["show_fulfilment"] = d.state == "published" || d.state == "pending";
    ctx["can_fulfilment"] = org::authorize(p, "publicity.decisions.fulfilment", d.agency_id).allowed;
    ctx["show_withdrawal"] = d.state == "published" || d.state == "pending";
    ctx["can_request_withdrawal"] = org::authorize(p, "publicity.decisions.withdraw", d.agency_id).allowed;
    ctx["can_withdraw"] = edit;
    json options = json::array();
    for (auto& f : fulfilment_statuses()) options.push_back({{"value", f}, {"selected", f == d.fulfilment}});
    ctx["fulfilment_options"] = options;
    json grounds = json::array();
    for (auto& g : withdraw_grounds()) grounds.push_back({{"value", g}, {"label", withdraw_ground_label(g)}});
    ctx["grounds"] = grounds;
    auto entries = mask_log(tx, d.id);
    if (!entries) return entries.error();
    ctx["mask_log_any"] = !entries->empty();
    ctx["mask_log"] = std::move(*entries);
    return {};
  }, [&] {
    if (req.is_api()) {  // the form tokens are for the page, not for API clients
      ctx.erase("csrf");
      for (auto& span : ctx["spans"]) span.erase("csrf");
      return Response::json(ctx.dump(), status);
    }
    return site.workspace_page(req, "执法决定公示", "publicity/decision", ctx, status);
  });
}

void register_decision_list(http::Router& router, web::Site& site) {
  // --- workspace ---
  router.add("GET", "/workspace/decisions", "publicity.decisions.view", [&site](Request& req) {
    const auto& p = web::Site::principal(req);
    std::string state(req.query_param("state"));
    if (state.empty()) state = "attention";
    if (state != "attention" && state != "pending" && state != "published" && state != "withdrawn" && state != "expired" && state != "all")
      return site.error(req, 400, "状态不正确");
    json items = json::array(), supervision = json::array();
    int overdue = 0;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto list = workspace_decisions(tx, p, state == "all" ? "" : state, 500);
      if (!list) return list.error();
      if (p.jurisdiction.size() > 1) {  // a supervisor's view: every agency below, at a glance
        auto by = publicity_by_agency(tx, p);
        if (!by) return by.error();
        json rows = json::array();
        for (auto& a : *by)
          rows.push_back({{"agency", a.agency_name}, {"pending", a.pending}, {"overdue", a.overdue}, {"published", a.published},
                          {"late", a.published_late}, {"withdrawal_pending", a.withdrawal_pending}, {"withdrawn", a.withdrawn},
                          {"bad", a.overdue > 0 || a.withdrawal_pending > 0}});
        supervision = rows;
      }
      auto cal = law::load_calendar(tx);
      if (!cal) return cal.error();
      for (auto& d : *list) {
        bool wreq = !d.withdraw_ground.empty() && d.state != "withdrawn";
        std::string due_text, level = "info";
        if (d.state == "pending" || wreq) {
          auto left = due_status(*cal, wreq ? d.withdraw_due_on : d.due_on);
          due_text = (wreq ? "撤下期限 " + d.withdraw_due_on : "公示期限 " + d.due_on) + (left ? "，" + left->words : "");
          if (left) level = left->level;
          if (level == "danger") ++overdue;
        } else if (d.state == "published") {
          due_text = d.published_on + " 公示" + (d.published_on > d.due_on ? "（超期）" : "");
        } else if (d.state == "withdrawn") {
          due_text = d.withdrawn_on + " 撤下";
        } else {
          due_text = d.expired_on + " 期满撤除";
        }
        items.push_back({{"id", d.id}, {"title", decision_title(d)}, {"matter", d.matter_name}, {"conclusion", d.conclusion}, {"agency", d.agency_name},
                         {"category", d.category}, {"decision_date", d.decision_date}, {"state", d.state},
                         {"state_label", decision_state_label(d.state)}, {"withdrawal_requested", wreq}, {"due_text", due_text}, {"level", level}});
      }
      return {};
    }, [&] {
      json ctx{{"items", items}, {"has_overdue", overdue > 0}, {"overdue_count", overdue}, {"st_" + state, true},
               {"supervision", supervision}, {"has_supervision", !supervision.empty()},
               {"can_rules", org::authorize(p, "publicity.decisions.rules").allowed}};
      return site.workspace_page(req, "执法决定公示", "publicity/decisions", ctx);
    });
  });
}

void register_decision_review(http::Router& router, web::Site& site) {
  auto render_decision = [&site](const Request& req, std::int64_t id, json extra, int status) { return render_decision_page(site, req, id, std::move(extra), status); };
  router.add("GET", "/workspace/decisions/{id}", "publicity.decisions.view", [&site, render_decision](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return site.error(req, 404, "没有这条执法决定公示");
    return render_decision(req, *id, json::object(), 200);
  });

  // Every workspace action: run `fn` in one write transaction; on success redirect back with a
  // notice (or JSON for the API); on refusal, the page again with the reason (nothing changed).
  using Action = std::function<Status(store::Tx&, const org::Principal&, std::int64_t, const Request&)>;
  auto action = [&site, render_decision](const std::string& done, Action fn) {
    return [&site, render_decision, done, fn](Request& req) {
      auto id = http::parse_id(req.param("id"));
      if (!id) return fail_as_data(site, req, Error::not_found("没有这条执法决定公示"));
      const auto& p = web::Site::principal(req);
      return write_outcome(site, [&](store::Tx& tx) { return fn(tx, p, *id, req); }, [&](const Status& st) {
        if (st) {
          // Citizens can verify at once; a checkpoint not signed now is signed by the next timer tick.
          if (site.sign_checkpoint && (done == "已公示" || done == "已撤下")) log_if_error("publicity.decision checkpoint", site.sign_checkpoint());
          if (req.is_api()) return render_decision(req, *id, json{{"notice", done}}, 200);
          return Response::redirect("/workspace/decisions/" + std::to_string(*id) + "?done=1");
        }
        if (req.is_api() || st.error().kind == ErrorKind::kNotFound || st.error().kind == ErrorKind::kForbidden) return fail_as_data(site, req, st.error());
        return render_decision(req, *id, json{{"error", st.error().message}}, http_status(st.error().kind));
      });
    };
  };
  // The fields are read from the form (req.form_value), not through web::Input: the same
  // handlers serve /api/v1/workspace/decisions/…, whose clients send form-encoded bodies
  // (web::Input would read an /api/ body as JSON).
  auto revision_of = [](const Request& req) {
    auto r = http::parse_id(req.form_value("revision"));
    return r ? *r : std::int64_t{-1};
  };

  auto add = action("已增加脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return add_mask(tx, p, id, revision_of(req), req.form_value("text"), req.form_value("replacement"), req.form_value("reason"));
  });
  auto remove = action("已取消脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    auto span = http::parse_id(req.form_value("span"));
    if (!span) return Status(Error::invalid("没有这一处脱敏", "span"));
    return remove_mask(tx, p, id, revision_of(req), static_cast<std::size_t>(*span), req.form_value("reason"));
  });
  auto confirm = action("已确认脱敏", [revision_of](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return confirm_masks(tx, p, id, revision_of(req));
  });
  auto publish = action("已公示", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request&) { return publish_decision(tx, p, id); });
  auto fulfil = action("已更新履行情况", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return set_fulfilment(tx, p, id, req.form_value("fulfilment"), req.form_value("fulfilment_note"), req.form_value("fulfilment_on"));
  });
  auto request = action("已登记撤下原因", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request& req) {
    return request_withdrawal(tx, p, id, req.form_value("ground"), req.form_value("reason"), req.form_value("trigger_on"));
  });
  auto withdraw = action("已撤下", [](store::Tx& tx, const org::Principal& p, std::int64_t id, const Request&) { return withdraw_decision(tx, p, id); });

  router.add("POST", "/workspace/decisions/{id}/masks/add", "publicity.decisions.edit", add);
  router.add("POST", "/workspace/decisions/{id}/masks/remove", "publicity.decisions.edit", remove);
  router.add("POST", "/workspace/decisions/{id}/masks/confirm", "publicity.decisions.edit", confirm);
  router.add("POST", "/workspace/decisions/{id}/publish", "publicity.decisions.edit", publish);
  router.add("POST", "/workspace/decisions/{id}/fulfilment", "publicity.decisions.fulfilment", fulfil);
  router.add("POST", "/workspace/decisions/{id}/withdrawal", "publicity.decisions.withdraw", request);
  router.add("POST", "/workspace/decisions/{id}/withdraw", "publicity.decisions.edit", withdraw);
  // The same for API clients (Bearer token or cookie + X-CSRF-Token); form-encoded bodies.
  router.add("GET", "/api/v1/workspace/decisions/{id}", "publicity.decisions.view", [render_decision](Request& req) {
    auto id = http::parse_id(req.param("id"));
    if (!id) return Response::json_error(404, "没有这条执法决定公示");
    return render_decision(req, *id, json::object(), 200);
  });
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/add", "publicity.decisions.edit", add);
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/remove", "publicity.decisions.edit", remove);
  router.add("POST", "/api/v1/workspace/decisions/{id}/masks/confirm", "publicity.decisions.edit", confirm);
  router.add("POST", "/api/v1/workspace/decisions/{id}/publish", "publicity.decisions.edit", publish);
  router.add("POST", "/api/v1/workspace/decisions/{id}/fulfilment", "publicity.decisions.fulfilment", fulfil);
  router.add("POST", "/api/v1/workspace/decisions/{id}/withdrawal", "publicity.decisions.withdraw", request);
  router.add("POST", "/api/v1/workspace/decisions/{id}/withdraw", "publicity.decisions.edit", withdraw);
}

void register_decision_rules(http::Router& router, web::Site& site) {
  // Time limits and display periods of the principal's own agency.
  auto rules_page = [&site](Request& req, json extra, int status) {
    const auto& p = web::Site::principal(req);
    json ctx = std::move(extra);
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto r = list_rules(tx, p.agency_id);
      if (!r) return r.error();
      ctx["rules"] = *r;
      return {};
    }, [&] {
      ctx["agency"] = p.agency_name;
      ctx["categories"] = enforcement_categories();
      ctx["csrf"] = web::Site::csrf_token(req);
      return site.workspace_page(req, "公示时限与公示期", "publicity/decision_rules", ctx, status);
    });
  };
  router.add("GET", "/workspace/decisions/rules", "publicity.decisions.rules", [rules_page](Request& req) { return rules_page(req, json::object(), 200); });
  router.add("POST", "/workspace/decisions/rules", "publicity.decisions.rules", [&site, rules_page](Request& req) {
    const auto& p = web::Site::principal(req);
    web::Input in(req);
    auto num = [&](const char* k) {
      std::string v = in.text(k);
      if (v.empty()) return 0;
      if (v.size() > 4 || v.find_first_not_of("0123456789") != std::string::npos) return -1;
      return std::stoi(v);
    };
    return write_outcome(site, [&](store::Tx& tx) {
      return set_rule(tx, p, p.agency_id, in.text("category"), in.text("matter_code"), num("publish_days"), num("display_months"),
                      in.text("source"));
    }, [&](const Status& st) {
      if (!st) return rules_page(req, json{{"error", st.error().message}}, http_status(st.error().kind));
      return Response::redirect("/workspace/decisions/rules");
    });
  });
}

}  // namespace

void pages::register_decisions_workspace(http::Router& router, web::Site& site) {
  register_decision_list(router, site);
  register_decision_review(router, site);
  register_decision_rules(router, site);
}

void register_decision_routes(http::Router& router, web::Site& site) {
  site.task_providers.push_back([](store::Tx& tx, const org::Principal& p, json& tasks) { return decision_tasks(tx, p, tasks); });
  pages::register_decisions_portal(router, site);
  pages::register_decisions_workspace(router, site);
}

}  // namespace zhifa::publicity
