#include "law/procedure.h"

#include "law/categories.h"

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>

#include "law/deadline.h"
#include "platform/core/assets.h"

namespace zhifa::law {

using json = nlohmann::json;

const Transition* Step::transition(std::string_view id) const {
  for (const auto& t : transitions)
    if (t.id == id) return &t;
  return nullptr;
}

const Step* Procedure::step(std::string_view id) const {
  for (const auto& s : steps)
    if (s.id == id) return &s;
  return nullptr;
}

std::set<std::string> Procedure::supplied_facts() const {
  std::set<std::string> out(decision_facts.begin(), decision_facts.end());
  for (const auto* t : decisions())
    for (const auto& m : t->measures) out.insert("measure." + m);
  return out;
}

std::vector<const Transition*> Procedure::decisions() const {
  std::vector<const Transition*> out;
  for (const auto& s : steps)
    for (const auto& t : s.transitions)
      if (t.decision && std::find_if(out.begin(), out.end(), [&](auto* x) { return x->id == t.id; }) == out.end()) out.push_back(&t);
  return out;
}

const DocumentSpec* Procedure::document(std::string_view kind) const {
  for (const auto& d : documents)
    if (d.kind == kind) return &d;
  return nullptr;
}

namespace {

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// Reading with a path for errors.
struct Reader {
  std::string path;
  Error err(const std::string& what) const { return Error::invalid(what, path); }
};

Result<std::string> str(const json& j, const std::string& key, const std::string& path, bool required = true) {
  if (!j.contains(key)) {
    if (required) return Error::invalid("missing \"" + key + "\"", path + "." + key);
    return std::string();
  }
  if (!j.at(key).is_string()) return Error::invalid("\"" + key + "\" must be a string", path + "." + key);
  return j.at(key).get<std::string>();
}

Result<std::vector<std::string>> strs(const json& j, const std::string& key, const std::string& path) {
  std::vector<std::string> out;
  if (!j.contains(key)) return out;
  if (!j.at(key).is_array()) return Error::invalid("\"" + key + "\" must be an array of strings", path + "." + key);
  for (const auto& x : j.at(key)) {
    if (!x.is_string()) return Error::invalid("\"" + key + "\" must be an array of strings", path + "." + key);
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<bool> boolean(const json& j, const std::string& key, const std::string& path, bool dflt) {
  if (!j.contains(key)) return dflt;
  if (!j.at(key).is_boolean()) return Error::invalid("\"" + key + "\" must be true or false", path + "." + key);
  return j.at(key).get<bool>();
}

#define ZF_TRY(var, expr)          \
  auto var##_r = (expr);           \
  if (!var##_r) return var##_r.error(); \
  auto var = std::move(*var##_r)

Result<ActorRule> parse_actors(const json& j, const std::string& path) {
  if (!j.is_object()) return Error::invalid("\"actors\" must be an object", path);
  ActorRule a;
  ZF_TRY(roles, strs(j, "roles", path));
  if (roles.empty()) return Error::invalid("at least one role must be allowed to act", path + ".roles");
  for (const auto& r : roles) {
    static const char* known[] = {"officer", "legal_reviewer", "legal_adviser", "agency_head", "publicity_editor", "supervisor", "admin"};
    if (std::find(std::begin(known), std::end(known), r) == std::end(known))
      return Error::invalid("unknown role \"" + r + "\"", path + ".roles");
  }
  a.roles = roles;
  ZF_TRY(cert, boolean(j, "certified", path, false));
  ZF_TRY(on_site, boolean(j, "on_site", path, false));
  a.certified = cert;
  a.on_site = on_site;
  if (j.contains("min_people")) {
    if (!j.at("min_people").is_number_integer() || j.at("min_people").get<int>() < 1)
      return Error::invalid("\"min_people\" must be a positive integer", path + ".min_people");
    a.min_people = j.at("min_people").get<int>();
  }
  // APL art. 42: on-site enforcement by at least two certified officers.
  if (a.on_site && (a.min_people < 2 || !a.certified))
    return Error::invalid("an on-site act needs at least 2 certified officers (APL art. 42)", path);
  return a;
}

// One transition of a step (the step's own transitions so far, for duplicate ids).
Result<Transition> parse_transition(const json& t, const std::string& tp, const Procedure& p, const Step& st) {
  Transition tr;
  ZF_TRY(tid, str(t, "id", tp));
  ZF_TRY(label, str(t, "label", tp));
  ZF_TRY(to, str(t, "to", tp));
  ZF_TRY(kind, str(t, "kind", tp, false));
  ZF_TRY(req, strs(t, "requires_documents", tp));
  ZF_TRY(guards, strs(t, "guards", tp));
  ZF_TRY(decision, boolean(t, "decision", tp, false));
  ZF_TRY(imposes, boolean(t, "imposes", tp, false));
  ZF_TRY(measures, strs(t, "measures", tp));
  tr.imposes = imposes, tr.measures = measures;
  if ((imposes || !measures.empty()) && !decision) return Error::invalid("only a decision imposes or carries measures", tp + ".decision");
  tr.id = tid, tr.label = label, tr.to = to, tr.requires_documents = req, tr.guards = guards, tr.decision = decision;
  if (!kind.empty()) tr.kind = kind;
  if (tr.kind != "forward" && tr.kind != "return" && tr.kind != "withdraw" && tr.kind != "terminate")
    return Error::invalid("kind must be forward, return, withdraw or terminate", tp + ".kind");
  if (st.transition(tr.id)) return Error::invalid("duplicate transition id \"" + tr.id + "\"", tp + ".id");
  // The term guard reads the step's own deadline (行政强制法 arts. 25, 27, 28): a step without one
  // could never pass it.
  if (std::find(tr.guards.begin(), tr.guards.end(), "period_passed") != tr.guards.end() && st.deadline.empty())
    return Error::invalid("guard \"period_passed\" needs the step's \"deadline\"", tp + ".guards");
  for (const auto& r : tr.requires_documents)
    if (!p.document(r)) return Error::invalid("unknown document \"" + r + "\"", tp + ".requires_documents");
  if (t.contains("actors")) {
    ZF_TRY(ta, parse_actors(t["actors"], tp + ".actors"));
    tr.actors = ta;
  }
  return tr;
}

// Every step reachable from the start; every step can reach a terminal one.
Status check_reachability(const Procedure& p) {
  std::set<std::string> seen{p.start};
  std::vector<std::string> frontier{p.start};
  while (!frontier.empty()) {
    const Step* s = p.step(frontier.back());
    frontier.pop_back();
    for (const auto& t : s->transitions)
      if (seen.insert(t.to).second) frontier.push_back(t.to);
  }
  for (std::size_t i = 0; i < p.steps.size(); ++i)
    if (!seen.count(p.steps[i].id))
      return Error::invalid("step \"" + p.steps[i].id + "\" cannot be reached from the start", "steps[" + std::to_string(i) + "]");
  std::set<std::string> ends;
  for (const auto& s : p.steps)
    if (s.terminal) ends.insert(s.id);
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& s : p.steps)
      if (!ends.count(s.id) && std::any_of(s.transitions.begin(), s.transitions.end(), [&](const Transition& t) { return ends.count(t.to) > 0; }))
        grew = ends.insert(s.id).second || grew;
  }
  for (std::size_t i = 0; i < p.steps.size(); ++i)
    if (!ends.count(p.steps[i].id))
      return Error::invalid("step \"" + p.steps[i].id + "\" never leads to an end", "steps[" + std::to_string(i) + "]");
  return {};
}

}  // namespace

Result<Procedure> parse_procedure(std::string_view id, std::string_view text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::invalid("not a JSON object", std::string(id));
  Procedure p;
  p.id = std::string(id);
  if (p.id.empty()) return Error::invalid("empty procedure id");
  ZF_TRY(name, str(j, "name", "$"));
  ZF_TRY(category, str(j, "category", "$"));
  ZF_TRY(basis, str(j, "legal_basis", "$", false));
  ZF_TRY(desc, str(j, "description", "$", false));
  ZF_TRY(start, str(j, "start", "$"));
  p.name = name, p.category = category, p.legal_basis = basis, p.description = desc, p.start = start;
  ZF_TRY(facts, strs(j, "decision_facts", "$"));
  p.decision_facts = facts;
  if (!is_enforcement_category(p.category))
    return Error::invalid("unknown category \"" + p.category + "\"", "$.category");

  if (!j.contains("documents") || !j["documents"].is_array()) return Error::invalid("missing \"documents\" array", "$.documents");
  for (std::size_t i = 0; i < j["documents"].size(); ++i) {
    const auto& d = j["documents"][i];
    std::string path = "documents[" + std::to_string(i) + "]";
    if (!d.is_object()) return Error::invalid("must be an object", path);
    DocumentSpec s;
    ZF_TRY(kind, str(d, "kind", path));
    ZF_TRY(dname, str(d, "name", path));
    ZF_TRY(nk, str(d, "number_kind", path, false));
    ZF_TRY(signers, strs(d, "signer_roles", path));
    s.kind = kind, s.name = dname, s.number_kind = nk, s.signer_roles = signers;
    if (s.kind.empty() || s.kind.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      return Error::invalid("document kind must be lower-case ASCII letters, digits and _", path + ".kind");
    if (p.document(s.kind)) return Error::invalid("duplicate document kind \"" + s.kind + "\"", path + ".kind");
    if (s.signer_roles.empty()) return Error::invalid("somebody must be able to sign", path + ".signer_roles");
    if (d.contains("order") && d["order"].is_number_integer()) s.order = d["order"].get<int>();
    p.documents.push_back(std::move(s));
  }

  if (!j.contains("steps") || !j["steps"].is_array() || j["steps"].empty())
    return Error::invalid("missing \"steps\" array", "$.steps");
  for (std::size_t i = 0; i < j["steps"].size(); ++i) {
    const auto& s = j["steps"][i];
    std::string path = "steps[" + std::to_string(i) + "]";
    if (!s.is_object()) return Error::invalid("must be an object", path);
    Step st;
    ZF_TRY(sid, str(s, "id", path));
    ZF_TRY(sname, str(s, "name", path));
    ZF_TRY(sdesc, str(s, "description", path, false));
    ZF_TRY(dl, str(s, "deadline", path, false));
    ZF_TRY(av, str(s, "av_recording", path, false));
    ZF_TRY(produces, strs(s, "produces", path));
    ZF_TRY(term, boolean(s, "terminal", path, false));
    ZF_TRY(nc, boolean(s, "time_not_counted", path, false));
    st.id = sid, st.name = sname, st.description = sdesc, st.deadline = dl, st.produces = produces;
    st.terminal = term, st.time_not_counted = nc;
    st.av_recording = av.empty() ? "none" : av;
    if (st.av_recording != "none" && st.av_recording != "as_needed" && st.av_recording != "whole_process")
      return Error::invalid("av_recording must be none, as_needed or whole_process", path + ".av_recording");
    if (p.step(st.id)) return Error::invalid("duplicate step id \"" + st.id + "\"", path + ".id");
    if (!s.contains("actors")) return Error::invalid("missing \"actors\"", path + ".actors");
    ZF_TRY(actors, parse_actors(s["actors"], path + ".actors"));
    st.actors = actors;
    for (const auto& k : st.produces)
      if (!p.document(k)) return Error::invalid("unknown document \"" + k + "\"", path + ".produces");
    if (s.contains("transitions")) {
      if (!s["transitions"].is_array()) return Error::invalid("\"transitions\" must be an array", path + ".transitions");
      for (std::size_t k = 0; k < s["transitions"].size(); ++k) {
        const auto& t = s["transitions"][k];
        std::string tp = path + ".transitions[" + std::to_string(k) + "]";
        if (!t.is_object()) return Error::invalid("must be an object", tp);
        ZF_TRY(tr, parse_transition(t, tp, p, st));
        st.transitions.push_back(std::move(tr));
      }
    }
    if (st.terminal && !st.transitions.empty()) return Error::invalid("a terminal step has no transitions", path + ".transitions");
    if (!st.terminal && st.transitions.empty())
      return Error::invalid("a step that is not terminal needs a way out", path + ".transitions");
    p.steps.push_back(std::move(st));
  }

  // Cross references.
  if (!p.step(p.start)) return Error::invalid("unknown start step \"" + p.start + "\"", "$.start");
  for (std::size_t i = 0; i < p.steps.size(); ++i)
    for (std::size_t k = 0; k < p.steps[i].transitions.size(); ++k)
      if (!p.step(p.steps[i].transitions[k].to))
        return Error::invalid("unknown step \"" + p.steps[i].transitions[k].to + "\"",
                              "steps[" + std::to_string(i) + "].transitions[" + std::to_string(k) + "].to");

  if (j.contains("clocks")) {
    if (!j["clocks"].is_array()) return Error::invalid("\"clocks\" must be an array", "$.clocks");
    for (std::size_t i = 0; i < j["clocks"].size(); ++i) {
      const auto& c = j["clocks"][i];
      std::string path = "clocks[" + std::to_string(i) + "]";
      Clock clk;
      ZF_TRY(rule, str(c, "rule", path));
      ZF_TRY(cs, strs(c, "start", path));
      ZF_TRY(cc, strs(c, "complete", path));
      ZF_TRY(su, strs(c, "suspend", path));
      clk.rule = rule, clk.start = cs, clk.complete = cc, clk.suspend = su;
      auto r = find_deadline_rule(clk.rule);
      if (!r) return Error::invalid("unknown deadline rule \"" + clk.rule + "\"", path + ".rule");
      if (!su.empty() && r->direction != PeriodDirection::kAfter)
        return Error::invalid("only a period after its trigger can be suspended", path + ".suspend");
      if (clk.start.empty()) return Error::invalid("a clock needs a start step", path + ".start");
      for (const auto* list : {&clk.start, &clk.complete, &clk.suspend})
        for (const auto& sid : *list)
          if (!p.step(sid)) return Error::invalid("unknown step \"" + sid + "\"", path);
      p.clocks.push_back(std::move(clk));
    }
  }
  for (std::size_t i = 0; i < p.steps.size(); ++i) {
    const auto& st = p.steps[i];
    if (st.deadline.empty()) continue;
    bool found = std::any_of(p.clocks.begin(), p.clocks.end(), [&](const Clock& c) { return c.rule == st.deadline; });
    if (!found) return Error::invalid("deadline \"" + st.deadline + "\" is not one of the procedure's clocks", "steps[" + std::to_string(i) + "].deadline");
  }

  if (auto st = check_reachability(p); !st) return st.error();
  return p;
}

Result<const std::vector<Procedure>*> load_procedures() {
  static std::once_flag once;
  static std::vector<Procedure> loaded;
  static std::optional<Error> failure;
  std::call_once(once, [] {
    for (const auto& path : assets::list("data/procedures/")) {
      if (path.size() < 5 || path.substr(path.size() - 5) != ".json") continue;
      std::string id = path.substr(std::string("data/procedures/").size());
      id = id.substr(0, id.size() - 5);
      auto bytes = assets::find(path);
      auto p = parse_procedure(id, bytes ? *bytes : std::string_view());
      if (!p) {
        Error e = p.error();
        e.message = path + ": " + e.message + (e.field.empty() ? "" : " (at " + e.field + ")");
        failure = e;
        loaded.clear();
        return;
      }
      loaded.push_back(std::move(*p));
    }
    if (loaded.empty()) failure = Error::internal("no procedure definitions embedded under data/procedures/");
  });
  if (failure) return *failure;
  return &loaded;
}

const Procedure* find_procedure(std::string_view id) {
  auto all = load_procedures();
  if (!all) return nullptr;
  for (const auto& p : **all)
    if (p.id == id) return &p;
  return nullptr;
}

Status check_simplified_penalty(std::string_view party_kind, std::int64_t fine_fen, bool warning) {
  // APL art. 51: on the spot only a warning, or a fine of up to 200 yuan for a citizen and up
  // to 3,000 yuan for a legal person or other organisation.
  if (fine_fen < 0) return Error::invalid("罚款金额不能为负数", "guard.art51_limits");
  if (fine_fen == 0) {
    if (warning) return {};
    return Error::invalid("简易程序只能给予警告或者罚款（行政处罚法第五十一条）", "guard.art51_limits");
  }
  std::int64_t limit = party_kind == "organisation" ? 3000 * 100 : 200 * 100;
  if (party_kind != "organisation" && party_kind != "person")
    return Error::invalid("当事人类型未知，无法适用简易程序", "guard.art51_limits");
  if (fine_fen > limit)
    return Error::invalid(std::string("当场罚款超过行政处罚法第五十一条的限额：") +
                              (party_kind == "organisation" ? "对法人或者其他组织不得超过三千元" : "对公民不得超过二百元") +
                              "，应当适用普通程序",
                          "guard.art51_limits");
  return {};
}

namespace {

std::string roles_text(const std::vector<std::string>& roles) {
  std::string s;
  for (const auto& r : roles) {
    std::string label = r == "officer"          ? "执法人员"
                        : r == "agency_head"    ? "机关负责人"
                        : r == "legal_reviewer" ? "法制审核人员"
                        : r == "legal_adviser"  ? "法律顾问"
                        : r == "supervisor"     ? "执法监督"
                        : r == "admin"          ? "系统管理员"
                                                : r;
    s += (s.empty() ? "" : "或") + label;
  }
  return s;
}

}  // namespace

Status check_transition(const Procedure& p, std::string_view step_id, std::string_view transition_id,
                        const TransitionFacts& facts) {
  const Step* st = p.step(step_id);
  if (!st) return Error::invalid("案件所处环节“" + std::string(step_id) + "”不在程序“" + p.name + "”中", "transition");
  const Transition* t = st->transition(transition_id);
  if (!t) return Error::invalid("环节“" + st->name + "”不允许此操作（" + std::string(transition_id) + "）", "transition");
  const ActorRule& rule = t->actors ? *t->actors : st->actors;

  if (facts.actors.empty()) return Error::invalid("没有执法人员", "actors.count");
  // The acting person must hold one of the roles.
  const Actor& lead = facts.actors.front();
  bool role_ok = std::any_of(rule.roles.begin(), rule.roles.end(), [&](const std::string& r) { return lead.roles.count(r) > 0; });
  if (!role_ok) return Error::invalid("“" + t->label + "”须由" + roles_text(rule.roles) + "办理", "actors.role");
  // Only certified officers act (执法证, 118; APL art. 42), on the day of the act.
  if (rule.certified)
    for (const auto& a : facts.actors)
      if (!a.certified)
        return Error::invalid(a.name + "没有有效的行政执法证件，不得从事执法活动（行政处罚法第四十二条）", "actors.certified");
  std::set<std::int64_t> distinct;
  for (const auto& a : facts.actors) distinct.insert(a.person_id);
  if (static_cast<int>(distinct.size()) < rule.min_people)
    return Error::invalid("“" + st->name + "”须由不少于" + std::to_string(rule.min_people) +
                              "名持有执法证件的执法人员共同进行（行政处罚法第四十二条）",
                          "actors.count");
  if (rule.min_people >= 2)
    for (const auto& a : facts.actors)
      if (!std::any_of(rule.roles.begin(), rule.roles.end(), [&](const std::string& r) { return a.roles.count(r) > 0; }))
        return Error::invalid(a.name + "不是执法人员，不能作为共同执法人员", "actors.role");

  for (const auto& kind : t->requires_documents)
    if (!facts.signed_documents.count(kind)) {
      const DocumentSpec* d = p.document(kind);
      return Error::invalid("“" + t->label + "”前须签发《" + (d ? d->name : kind) + "》", "documents." + kind);
    }

  for (const auto& g : t->guards) {
    if (g == "art51_limits") {
      auto s = check_simplified_penalty(facts.party_kind, facts.fine_fen, facts.warning);
      if (!s) return s;
    } else if (g == "fine_positive") {
      if (facts.fine_fen <= 0) return Error::invalid("未载明罚款金额", "guard.fine_positive");
    } else {
      auto it = facts.external.find(g);
      if (it == facts.external.end()) return Error::invalid("条件“" + g + "”未经检查", "guard." + g);
      if (!it->second) {
        Error e = it->second.error();
        e.field = "guard." + g;
        return e;
      }
    }
  }
  return {};
}

ClockChanges clock_changes(const Procedure& p, std::string_view from_step, std::string_view to_step) {
  ClockChanges out;
  for (const auto& c : p.clocks) {
    bool was_suspended = contains(c.suspend, from_step);
    bool suspend_now = contains(c.suspend, to_step);
    if (contains(c.complete, to_step)) {
      if (was_suspended) out.resume.push_back(c.rule);
      out.complete.push_back(c.rule);
      continue;
    }
    if (contains(c.start, to_step) && !contains(c.start, from_step) && !was_suspended) out.start.push_back(c.rule);
    if (was_suspended && !suspend_now) out.resume.push_back(c.rule);
    if (suspend_now && !was_suspended) out.suspend.push_back(c.rule);
  }
  return out;
}

}  // namespace zhifa::law
