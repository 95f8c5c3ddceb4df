#include "recording/views.h"

#include "law/measures.h"

#include "recording/reviewed_text.h"
#include "recording/av/items.h"
#include "recording/av/requirement.h"

#include "recording/step_bar.h"

#include "law/labels.h"
#include <algorithm>
#include <set>

#include "law/money.h"
#include "law/procedure.h"
#include "org/directory.h"
#include "platform/core/clock.h"
#include "publicity/matters.h"
#include "recording/cases.h"
#include "recording/deadlines.h"
#include "recording/decision.h"
#include "recording/documents.h"
#include "review/catalog.h"
#include "review/service.h"

namespace zhifa::recording {

using json = nlohmann::json;

namespace {

// The agency's active officers other than `me`, by id: {id, name, selected}.
Result<json> colleagues_json(store::Tx& tx, std::int64_t agency_id, std::int64_t me, std::optional<std::int64_t> selected,
                             bool with_selected) {
  auto people = org::list_people(tx, agency_id);
  if (!people) return people.error();
  json out = json::array();
  for (const auto& person : *people) {
    if (!person.active || person.id == me) continue;
    if (std::find(person.roles.begin(), person.roles.end(), "officer") == person.roles.end()) continue;
    json j{{"id", person.id}, {"name", person.name}};
    if (with_selected) j["selected"] = selected && *selected == person.id;
    out.push_back(std::move(j));
  }
  return out;
}

json deadline_json(const DeadlineView& d) {
  return {{"rule", d.rule_id}, {"description", d.description}, {"source", d.source}, {"state", d.state}, {"due", d.due},
          {"due_text", d.due.empty() ? std::string() : chinese_date(d.due)},
          {"days_left", d.days_left ? json(*d.days_left) : json(nullptr)}, {"overdue", d.overdue}, {"warn", d.warn},
          {"running", d.state == "running"}, {"suspended", d.state == "suspended"}, {"completed", d.state == "completed"},
          {"waived", d.state == "waived"}, {"ended", d.state == "ended"},
          {"explanation", d.explanation}, {"extension", d.extension}, {"extendable", d.extendable}};
}

// The current step of an open case: its description, the transitions as actions, and the
// documents that can be drafted now (produced by the step or required by a transition).
void add_step(json& ctx, const law::Procedure& proc, const law::Step& st) {
  json actions = json::array();
  json draftable = json::array();
  ctx["step_description"] = st.description;
  ctx["on_site"] = st.actors.on_site;
  ctx["min_people"] = st.actors.min_people;
  ctx["av_recording"] = st.av_recording != "none" ? (st.av_recording == "whole_process" ? "全程音像记录" : "根据需要音像记录") : "";
  std::set<std::string> kinds(st.produces.begin(), st.produces.end());
  for (const auto& t : st.transitions) {
    json req = json::array();
    for (const auto& k : t.requires_documents) {
      kinds.insert(k);
      const law::DocumentSpec* spec = proc.document(k);
      req.push_back(spec ? spec->name : k);
    }
    const law::ActorRule& ar = t.actors ? *t.actors : st.actors;
    actions.push_back({{"id", t.id}, {"label", t.label}, {"kind", t.kind}, {"requires", req}, {"has_requires", !req.empty()},
                       {"pair", ar.min_people >= 2},
                       // APL arts. 67, 72: 执行完毕 with its 缴款凭证 or enforcement record.
                       {"needs_evidence", t.id == "executed"},
                       // APL art. 64: the party's written waiver of the hearing, recorded with the act.
                       {"waivable", proc.id == "penalty" && (st.id == "statement" || t.decision)},
                       {"secondary", t.kind != "forward"},
                       // Irreversible (a decision, an ending, 结案): asked for confirmation first.
                       {"confirm", t.decision || t.kind == "terminate" || (proc.step(t.to) && proc.step(t.to)->terminal)
                                       ? "确认“" + t.label + "”？此操作将记入案卷和防篡改账本，不可撤销。" : ""}});
  }
  for (const auto& k : kinds) {
    const law::DocumentSpec* spec = proc.document(k);
    if (spec) draftable.push_back({{"kind", k}, {"name", spec->name}});
  }
  ctx["actions"] = actions;
  ctx["draftable"] = draftable;
}

}  // namespace

json case_json(const Case& c) {
  const law::Procedure* proc = law::find_procedure(c.procedure_id);
  const law::Step* st = proc ? proc->step(c.step) : nullptr;
  return {{"id", c.id},
          {"case_no", c.case_no},
          {"agency_id", c.agency_id},
          {"agency_name", c.agency_name},
          {"procedure_id", c.procedure_id},
          {"procedure_name", proc ? proc->name : c.procedure_id},
          {"matter_id", c.matter_id ? json(*c.matter_id) : json(nullptr)},
          {"matter_code", c.matter_code},
          {"matter_name", c.matter_name},
          {"category", c.category},
          {"title", c.title},
          {"step", c.step},
          {"step_name", st ? st->name : c.step},
          {"status", c.status},
          {"open", c.status == "open"},
          {"party", {{"kind", c.party.kind}, {"name", c.party.name}, {"id_number", c.party.id_number}, {"address", c.party.address}, {"phone", c.party.phone}}},
          {"party_kind_label", std::string(law::party_kind_label(c.party.kind))},
          {"facts", c.facts},
          {"fine_fen", c.fine_fen},
          {"fine_yuan", law::format_yuan(c.fine_fen)},
          {"warning", c.warning},
          {"confiscation_fen", c.confiscation_fen},
          {"confiscation_yuan", law::format_yuan(c.confiscation_fen)},
          {"measures", c.measures},
          {"complex", c.complex},
          {"social_impact", c.social_impact},
          {"proposed_decision", c.proposed_decision},
          {"band", c.band_facts.empty() ? json(nullptr)
                                        : json{{"facts", c.band_facts}, {"penalty", c.band_penalty},
                                               {"fine_min_fen", c.band_min_fen ? json(*c.band_min_fen) : json(nullptr)},
                                               {"fine_max_fen", c.band_max_fen ? json(*c.band_max_fen) : json(nullptr)},
                                               {"measures", c.band_measures}}},
          {"measures_outside_band", c.measures_outside_band()},
          {"outside_band", c.outside_band()},
          {"outside_band_reason", c.outside_band_reason},
          {"lead_officer_id", c.lead_officer_id},
          {"lead_officer_name", c.lead_officer_name},
          {"co_officer_id", c.co_officer_id ? json(*c.co_officer_id) : json(nullptr)},
          {"co_officer_name", c.co_officer_name},
          {"opened_on", c.opened_on},
          {"opened_on_text", chinese_date(c.opened_on)},  // Beijing date in Chinese form for pages
          {"updated_at", c.updated_at}};
}

json document_json(const Document& d) {
  return {{"id", d.id},
          {"case_id", d.case_id},
          {"kind", d.kind},
          {"name", d.name},
          {"body", d.body},
          {"status", d.status},
          {"draft", d.status == "draft"},
          {"signed", d.status == "signed"},
          {"superseded", d.status == "superseded"},
          {"doc_number", d.doc_number},
          {"replaces_id", d.replaces_id ? json(*d.replaces_id) : json(nullptr)},
          {"signed_by", d.signed_by ? json(*d.signed_by) : json(nullptr)},
          {"signer_name", d.signer_name},
          {"signed_at", d.signed_at},
          {"signed_on_text", d.signed_at.size() >= 10 ? chinese_date(d.signed_at.substr(0, 10)) : std::string()},
          {"pdf_sha256", d.pdf_sha256},
          {"pdf_size", d.pdf_size},
          {"created_at", d.created_at},
          {"updated_at", d.updated_at}};
}

Result<std::optional<json>> case_review(store::Tx& tx, const Case& c) {
  auto o = review::case_review_outcome(tx, c.id, c.agency_id);
  if (!o) return o.error();
  if (!*o) return std::optional<json>();
  const auto& r = **o;
  bool passed = r.state == "passed" || r.state == "decided";
  json reviewed{{"decision_label", review::decision_label(r.reviewed)}, {"fine_yuan", law::format_yuan(r.reviewed.fine_fen)},
                {"has_fine", r.reviewed.fine_fen > 0}};
  std::string measures;
  for (auto& m : r.reviewed.measures) measures += (measures.empty() ? "" : "、") + review::measure_label(m);
  reviewed["measures"] = measures;
  // Issue 14: the officers read the outcome and the opinion on the case itself.
  return std::optional<json>(json{{"id", r.id}, {"round", r.round}, {"state", r.state}, {"state_label", review::state_label(r.state)},
                                  {"passed", passed}, {"href", "/workspace/review/" + std::to_string(r.id)},
                                  {"opinion", r.opinion}, {"opinion_label", r.opinion == "agree" ? "同意" : r.opinion == "problems" ? "存在问题" : ""},
                                  {"opinion_text", r.opinion_text}, {"opinion_by", r.opinion_by},
                                  {"opinion_at", r.opinion_at.empty() ? "" : clock::beijing_time_text(r.opinion_at)},
                                  {"opinion_number", r.opinion_number}, {"reviewed", reviewed}});
}

Result<json> case_list_json(store::Tx& tx, const org::Principal& p, bool whole_agency, bool open_only) {
  json cases = json::array();
  auto cs = list_cases(tx, p, whole_agency, open_only, 200);
  if (!cs) return cs.error();
  std::string today = clock::today_beijing();
  auto cal = law::load_calendar(tx);  // once for the whole list
  if (!cal) return cal.error();
  for (auto& c : *cs) {
    json j = case_json(c);
    auto dl = case_deadlines(tx, c.id, today, *cal);
    if (!dl) return dl.error();
    for (auto& d : *dl)
      if (d.state == "running" && (!j.contains("due") || d.due < j["due"].get<std::string>())) {
        j["due"] = d.due;
        j["overdue"] = d.overdue;
        j["warn"] = d.warn;
      }
    cases.push_back(j);
  }
  return json{{"cases", cases}};
}

// The 决定要素 form (issue 14): only what the procedure supplies — the measures, circumstances and
// decisions it knows, the bands (情节) of the matter's published 裁量基准.
Status add_decision_form(store::Tx& tx, const Case& c, const law::Procedure& proc, json& ctx) {
  auto facts = proc.supplied_facts();
  json measures = json::array();
  for (const auto& f : proc.decision_facts)
    if (f.rfind("measure.", 0) == 0) {
      std::string m = f.substr(8);
      bool on = std::find(c.measures.begin(), c.measures.end(), m) != c.measures.end();
      measures.push_back({{"code", m}, {"label", review::measure_label(m)}, {"checked", on}});
    }
  json decisions = json::array();
  auto proposed = decision_transition(c, "");
  for (const auto* t : proc.decisions())
    decisions.push_back({{"id", t->id}, {"label", t->label}, {"selected", proposed && proposed->id == t->id}});
  json bands = json::array();
  if (c.matter_id) {
    auto m = publicity::find_published_matter(tx, *c.matter_id);
    if (!m) return m.error();
    auto bj = *m ? json::parse((*m)->discretion_json, nullptr, false) : json::array();
    if (bj.is_array())
      for (std::size_t i = 0; i < bj.size(); ++i) {
        std::string range;
        if (bj[i].contains("fine_min_yuan") || bj[i].contains("fine_max_yuan"))
          range = "（" + (bj[i].contains("fine_min_yuan") ? bj[i]["fine_min_yuan"].dump() : std::string("0")) + "–" +
                  (bj[i].contains("fine_max_yuan") ? bj[i]["fine_max_yuan"].dump() : std::string("")) + " 元）";
        if (bj[i].contains("measures") && bj[i]["measures"].is_array() && !bj[i]["measures"].empty())  // 行政处罚法 第九条
          range += "（处罚种类：" + law::measures_text(bj[i]["measures"].get<std::vector<std::string>>()) + "）";
        bands.push_back({{"index", i}, {"facts", bj[i].value("facts", "")}, {"penalty", bj[i].value("penalty", "")}, {"range", range},
                         {"selected", !c.band_facts.empty() && bj[i].value("facts", "") == c.band_facts}});
      }
  }
  ctx["decision_form"] = {{"fine", facts.count("fine") > 0}, {"confiscation", facts.count("confiscation") > 0},
                          {"complex_offered", facts.count("complex") > 0}, {"social_offered", facts.count("social_impact") > 0},
                          {"measures", measures}, {"has_measures", !measures.empty()},
                          {"decisions", decisions}, {"has_decisions", decisions.size() > 1},
                          {"bands", bands}, {"has_bands", !bands.empty()}};
  return {};
}

Result<json> case_page_json(store::Tx& tx, const org::Principal& p, std::int64_t id) {
  auto c = load_case(tx, p, id);
  if (!c) return c.error();
  json ctx = case_json(*c);
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  const law::Step* st = proc ? proc->step(c->step) : nullptr;
  auto docs = case_documents(tx, id);
  if (!docs) return docs.error();
  json dj = json::array();
  for (auto& d : *docs) dj.push_back(document_json(d));
  ctx["documents"] = dj;
  ctx["actions"] = json::array();
  ctx["draftable"] = json::array();
  if (st && c->status == "open") add_step(ctx, *proc, *st);
  // 国办发〔2018〕118号 / the published 音像记录事项清单: what makes this step need A/V; the head may
  // approve an exemption.
  if (st && c->status == "open") {
    auto reqs = av::step_requirements(tx, *c, c->step);
    if (!reqs) return reqs.error();
    std::string why;
    for (const auto& r : *reqs) why += (why.empty() ? "" : "；") + r.describe();
    ctx["av_required"] = why;
    ctx["can_exempt"] = !why.empty() && p.has("agency_head") && org::authorize(p, "recording.extend", c->agency_id).allowed;
  }
  // Inside {{#actions}} "id" is the transition's: the case's own id travels as case_id.
  ctx["case_id"] = id;
  ctx["has_draftable"] = !ctx["draftable"].empty();
  auto dl = case_deadlines(tx, id, clock::today_beijing());
  if (!dl) return dl.error();
  json dlj = json::array();
  for (auto& d : *dl) dlj.push_back(deadline_json(d));
  ctx["deadlines"] = dlj;
  // ALL art. 42: the agency head may extend the licence decision deadline once (+10 working days).
  bool can_extend = false;
  if (c->status == "open" && p.has("agency_head") && org::authorize(p, "recording.extend", c->agency_id).allowed)
    for (auto& d : *dl) can_extend = can_extend || (d.rule_id == "licence.decision" && d.extendable);
  ctx["can_extend"] = can_extend;
  // 行政强制法 第二十五条: the head may extend a seizure once (+30 days).
  bool can_extend_seizure = false;
  if (c->status == "open" && p.has("agency_head") && org::authorize(p, "recording.extend", c->agency_id).allowed)
    for (auto& d : *dl) can_extend_seizure = can_extend_seizure || (d.rule_id == "compulsion.seizure" && d.extendable);
  ctx["can_extend_seizure"] = can_extend_seizure;
  // The legal review of the case (review pillar), when it was submitted.
  auto rv = case_review(tx, *c);
  if (!rv) return rv.error();
  ctx["review"] = *rv ? **rv : json(nullptr);
  auto acts = case_acts(tx, id);
  if (!acts) return acts.error();
  json aj = json::array();
  for (auto& a : *acts) {
    const law::Step* to = proc ? proc->step(a.to_step) : nullptr;
    aj.push_back({{"label", a.label}, {"to_step", to ? to->name : a.to_step}, {"actor", a.actor_name}, {"co_actors", a.co_actor_names},
                  {"at", a.at}, {"at_text", clock::beijing_time_text(a.at)}, {"on_date", a.on_date}, {"place", a.location.place}, {"latitude", a.location.latitude},
                  {"longitude", a.location.longitude}, {"note", a.note}});
  }
  ctx["acts"] = aj;
  // 音像记录 under the steps they cover.
  auto av_steps = av::items_by_step_json(tx, *c);
  if (!av_steps) return av_steps.error();
  ctx["av_steps"] = *av_steps;
  if (proc) {
    std::vector<std::string> visited{proc->start};
    for (auto& a : *acts) visited.push_back(a.to_step);
    ctx["stepbar"] = step_bar_json(*proc, c->step, visited);
  }
  // Colleagues who can go along on an on-site act.
  auto colleagues = colleagues_json(tx, c->agency_id, p.person_id, c->co_officer_id, true);
  if (!colleagues) return colleagues.error();
  ctx["colleagues"] = *colleagues;
  if (proc)
    if (auto st = add_decision_form(tx, *c, *proc, ctx); !st) return st.error();
  return ctx;
}

Result<json> new_case_form_json(store::Tx& tx, const org::Principal& p) {
  json ctx;
  json matters = json::array();
  auto pub = publicity::published_matters(tx, p.agency_id);
  if (!pub) return pub.error();
  for (auto& m : *pub) {
    std::string proc = m.procedure.empty() ? procedure_for_category(m.category) : m.procedure;
    if (!law::find_procedure(proc)) continue;
    matters.push_back({{"id", m.id}, {"code", m.code}, {"name", m.name}, {"category", m.category}});
  }
  ctx["matters"] = matters;
  json procs = json::array();
  auto all = law::load_procedures();
  if (all)
    for (auto& pr : **all) procs.push_back({{"id", pr.id}, {"name", pr.name}, {"category", pr.category}});
  ctx["procedures"] = procs;
  auto colleagues = colleagues_json(tx, p.agency_id, p.person_id, std::nullopt, false);
  if (!colleagues) return colleagues.error();
  ctx["colleagues"] = *colleagues;
  return ctx;
}

Result<json> document_page_json(store::Tx& tx, const org::Principal& p, std::int64_t doc_id) {
  auto d = load_document(tx, p, doc_id);
  if (!d) return d.error();
  auto c = load_case(tx, p, d->case_id);
  if (!c) return c.error();
  json ctx = document_json(*d);
  ctx["case"] = case_json(*c);
  // A decision after legal review: what differs from the reviewed text (issue 15).
  const law::Procedure* proc = law::find_procedure(c->procedure_id);
  if (proc && d->status == "draft") {
    auto reviewed = reviewed_decision_text(tx, c->id);
    if (!reviewed) return reviewed.error();
    bool decision = false;
    for (const auto& st : proc->steps)
      for (const auto& t : st.transitions) decision = decision || (t.decision && !t.requires_documents.empty() && t.requires_documents.front() == d->kind);
    if (decision && *reviewed && **reviewed != d->body) {
      json diff = json::array();
      for (auto& x : reviewed_diff(**reviewed, d->body)) diff.push_back({{"added", x.value("op", "") == "+"}, {"line", x.value("line", "")}});
      ctx["review_diff"] = diff;
      json material = json::array();
      for (auto& m : material_changes(**reviewed, d->body, c->party.name)) material.push_back(m);
      ctx["has_review_diff"] = true;
      ctx["has_review_material"] = !material.empty();
      ctx["review_material"] = material;
    }
  }
  return ctx;
}

}  // namespace zhifa::recording
