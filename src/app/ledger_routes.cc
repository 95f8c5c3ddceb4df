#include "app/ledger_routes.h"

#include "app/ledger_setup.h"
#include "org/event_labels.h"
#include "platform/core/clock.h"
#include "platform/ledger/api.h"
#include "platform/ledger/checkpoint.h"
#include "platform/ledger/log.h"
#include "platform/ledger/verify.h"

namespace zhifa::app {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Response from(const web::Site& site, const Request& req, const Result<std::string>& r, const std::string& type) {
  if (!r) return site.error(req, r.error());
  auto resp = Response::text(*r, 200, type);
  resp.headers.set("Access-Control-Allow-Origin", "*");  // anyone's verifier may fetch these
  return resp;
}

std::string current_verifier_key(web::Site& site) {
  auto keys = stored_verifier_keys(site.db);
  return (keys && !keys->empty()) ? keys->front() : std::string();
}

}  // namespace

void register_ledger_routes(http::Router& router, web::Site& site, const ledger::SignerKey* key) {
  router.add("GET", "/ledger/checkpoint", "public", [&site](Request& req) {
    auto r = ledger::api::checkpoint(site.db);
    auto resp = from(site, req, r, "text/plain; charset=utf-8");
    resp.headers.set("Cache-Control", "no-cache");
    return resp;
  });
  router.add("GET", "/ledger/verifier-key", "public", [&site](Request& req) {
    std::string k = current_verifier_key(site);
    if (k.empty()) return site.error(req, 404, "no ledger key yet");
    return from(site, req, ledger::api::verifier_key(k), "text/plain; charset=utf-8");
  });
  router.add("GET", "/ledger/entries/{index}", "public", [&site](Request& req) {
    std::string idx(req.param("index"));
    if (idx.ends_with(".json"))
      return from(site, req, ledger::api::entry_json(site.db, idx.substr(0, idx.size() - 5)), "application/json");
    return from(site, req, ledger::api::entry(site.db, idx), "application/octet-stream");
  });
  router.add("GET", "/ledger/proof/inclusion", "public", [&site](Request& req) {
    return from(site, req, ledger::api::inclusion(site.db, req.query_param("index"), req.query_param("size")), "application/json");
  });
  router.add("GET", "/ledger/proof/consistency", "public", [&site](Request& req) {
    return from(site, req, ledger::api::consistency(site.db, req.query_param("from"), req.query_param("to")), "application/json");
  });
  // One event with its inclusion proof and the checkpoint: what `zhifa verify --bundle` checks.
  router.add("GET", "/ledger/bundle/{index}", "public", [&site](Request& req) {
    auto idx = ledger::api::parse_count(req.param("index"), "index");
    if (!idx) return site.error(req, idx.error());
    auto resp = from(site, req, ledger::make_bundle(site.db, *idx, current_verifier_key(site)), "application/json");
    if (resp.status == 200)
      resp.headers.set("Content-Disposition", "attachment; filename=\"zhifa-ledger-" + std::to_string(*idx) + ".json\"");
    return resp;
  });
  router.add("POST", "/workspace/ledger/checkpoint", "ledger.admin", [&site, key](Request& req) {
    if (!key) return site.error(req, 503, "本实例没有签名密钥 (no signing key in this instance)");
    auto r = ledger::make_checkpoint(site.db, *key, key->verifier.name);
    if (!r) return site.error(req, r.error());
    return Response::redirect("/ledger");
  });

  // The citizen's page: what the ledger is and how to check it.
  router.add("GET", "/ledger", "public", [&site](Request& req) {
    json ctx{{"events", json::array()}};
    auto st = site.db.read([&](store::Tx& tx) -> Status {
      auto size = ledger::log_size(tx);
      if (!size) return size.error();
      ctx["size"] = *size;
      auto cp = ledger::latest_checkpoint(tx);
      if (!cp) return cp.error();
      if (*cp) ctx["checkpoint"] = {{"size", (*cp)->size}, {"time", clock::beijing_time_text((*cp)->time)}, {"note", (*cp)->note}};
      auto events = ledger::recent_events(tx, 20);
      if (!events) return events.error();
      for (auto& e : *events)
        ctx["events"].push_back({{"index", e.index}, {"time", clock::beijing_time_text(e.time)}, {"agency", e.agency},
                                 {"kind", org::event_kind_label(e.kind, web::Site::english(req))}, {"subject", org::event_subject_label(e.subject, web::Site::english(req))}});
      return {};
    });
    if (!st) return site.error(req, st.error());
    ctx["verifier_key"] = current_verifier_key(site);
    ctx["base"] = site.options.public_url;
    bool en = web::Site::english(req);
    return site.portal_page(req, en ? "Tamper-evident ledger" : "执法记录防篡改账本", "portal/ledger", ctx);
  });
}

}  // namespace zhifa::app
