#include "publicity/web/routes.h"
#include "web/handle.h"

#include <mutex>

#include "org/directory.h"
#include "platform/core/clock.h"
#include "platform/http/static_files.h"

namespace zhifa::publicity {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// The rendered home page per language, re-rendered when anything changed (the database's
// site.content_generation(), so a change made through another instance counts too) or the
// day turned (certificate validity is by date).
struct PageCache {
  std::mutex mu;
  struct Entry { std::uint64_t generation = 0; std::string day, html, etag; std::time_t at = 0; };
  std::map<std::string, Entry> entries;
};

json agency_card(const org::Agency& a, bool en) {
  return {{"code", a.code}, {"name", en && !a.name_en.empty() ? a.name_en : a.name}, {"name_zh", a.name},
          {"kind", a.kind}, {"address", a.address}, {"phone", a.phone}, {"division_code", a.division_code}};
}

// Staff publicity (窗口办事人员 / 执法人员): unit, name, post, certificate number, enforcement type
// — public by design (seed 一.7), so names are not masked here. Only valid certificates show.
json certified_staff(store::Tx& tx, std::int64_t agency_id, const std::string& today) {
  json out = json::array();
  auto people = org::list_people(tx, agency_id);
  if (!people) return out;
  for (auto& p : *people) {
    if (!p.active) continue;
    for (auto& c : p.certificates)
      if (c.valid_on(today))
        out.push_back({{"name", p.name}, {"post", p.post}, {"section", p.section_name}, {"certificate", c.number},
                       {"scope", c.scope}, {"valid_to", c.valid_to}});
  }
  return out;
}

}  // namespace

void register_portal_routes(http::Router& router, web::Site& site) {
  auto cache = std::make_shared<PageCache>();

  router.add("GET", "/", "public", [&site, cache](Request& req) {
    bool en = web::Site::english(req);
    std::string key = std::string(en ? "en" : "zh") + (web::Site::elder(req) ? "-elder" : "");
    std::string today = clock::today_beijing();
    auto generation = site.content_generation();
    if (!generation) return site.error(req, generation.error());
    std::uint64_t gen = *generation;
    {
      std::lock_guard lk(cache->mu);
      auto& e = cache->entries[key];
      if (e.generation == gen && e.day == today)
        return http::serve_bytes(req, e.html, "text/html; charset=utf-8", e.etag, e.at, "public, max-age=60");
    }
    json ctx{{"agencies", json::array()}, {"subordinates", json::array()}};
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto all = org::list_agencies(tx);
      if (!all) return all.error();
      for (auto& a : *all) {
        if (!a.parent_id) {
          json card = agency_card(a, en);
          card["staff_count"] = certified_staff(tx, a.id, today).size();
          ctx["agencies"].push_back(card);
        } else {
          ctx["subordinates"].push_back(agency_card(a, en));
        }
      }
      return {};
    }, [&] {
      ctx["today"] = today;
      auto page = site.portal_page(req, "", "portal/home", ctx);
      std::lock_guard lk(cache->mu);
      auto& e = cache->entries[key];
      e = {gen, today, page.body, "\"home-" + key + "-" + std::to_string(gen) + "-" + today + "\"", std::time(nullptr)};
      return http::serve_bytes(req, e.html, "text/html; charset=utf-8", e.etag, e.at, "public, max-age=60");
    });
  });

  router.add("GET", "/agencies/{code}", "public", [&site](Request& req) {
    bool en = web::Site::english(req);
    std::string today = clock::today_beijing();
    json ctx;
    return web::read(site, req, [&](store::Tx& tx) -> Status {
      auto a = org::find_agency(tx, std::string(req.param("code")));
      if (!a) return a.error();
      if (!*a) return Error::not_found(en ? "No such agency" : "没有这个执法主体");
      ctx["agency"] = agency_card(**a, en);
      auto all = org::list_agencies(tx);
      if (!all) return all.error();
      ctx["children"] = json::array();
      for (auto& x : *all) {
        if (x.parent_id && *x.parent_id == (*a)->id) ctx["children"].push_back(agency_card(x, en));
        if ((*a)->parent_id && x.id == *(*a)->parent_id) ctx["parent"] = agency_card(x, en);
      }
      auto sections = org::list_sections(tx, (*a)->id);
      if (!sections) return sections.error();
      ctx["sections"] = json::array();
      for (auto& s : *sections) ctx["sections"].push_back({{"name", s.name}, {"duties", s.duties}});
      ctx["staff"] = certified_staff(tx, (*a)->id, today);
      // Mustache cannot test a list for emptiness without repeating: say it with booleans.
      ctx["has_sections"] = !ctx["sections"].empty();
      ctx["has_children"] = !ctx["children"].empty();
      return {};
    }, [&] {
      ctx["today"] = today;
      return site.portal_page(req, ctx["agency"]["name"].get<std::string>(), "portal/agency", ctx);
    });
  });
}

}  // namespace zhifa::publicity
