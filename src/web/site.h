#pragma once
// What every pillar's routes share: the database, the templates, the current principal, and
// the page layout (portal or workspace), so that pages look alike and escape alike.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <vector>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "org/permissions.h"
#include "platform/http/message.h"
#include "platform/http/router.h"
#include "platform/render/templates.h"
#include "platform/store/database.h"

namespace zhifa::web {

using org::Principal;

struct SiteOptions {
  std::string public_url;       // always set (app::Config::base_url): the base of every absolute URL
  bool secure_cookies = false;  // cookies carry Secure (on by default when public_url is https)
  std::string data_dir;
};

class Site {
 public:
  Site(store::Database& db, std::shared_ptr<render::Templates> t, SiteOptions o) : db(db), templates(std::move(t)), options(std::move(o)) {}
  store::Database& db;
  std::shared_ptr<render::Templates> templates;
  SiteOptions options;
  // "My tasks": each pillar adds a provider that appends its items for the principal, as
  // {"level": "info"|"warn"|"danger", "text": "…", "href": "/workspace/…", "due": "YYYY-MM-DD"}.
  using TaskProvider = std::function<Status(store::Tx&, const Principal&, nlohmann::json& tasks)>;
  std::vector<TaskProvider> task_providers;
  // Signs a ledger checkpoint now (set when this process holds the signing key), for exports
  // that must prove their newest events.
  std::function<Status()> sign_checkpoint;
  // What cached public pages are keyed on: the ledger's size (ledger_head, one row read by
  // its primary key). Every change appends its ledger event in the change's own transaction,
  // so this number moves with every publication, withdrawal or other recorded change, in
  // every `zhifa serve` process that shares the database.
  Result<std::uint64_t> content_generation() const;

  // The principal the gate attached to the request (anonymous if none).
  static const Principal& principal(const http::Request& req);
  // A workspace page: layout/workspace around templates/<name>.html, with nav for the principal.
  http::Response workspace_page(const http::Request& req, const std::string& title, const std::string& name, nlohmann::json ctx,
                                int status = 200) const;
  // A public portal page (layout/portal), in Chinese or English (?lang=en).
  http::Response portal_page(const http::Request& req, const std::string& title, const std::string& name, nlohmann::json ctx,
                             int status = 200) const;
  // After a form's successful action (a 303 into the workspace): the flash cookie that makes the
  // next page show a banner saying what was done. Called by the request pipeline.
  void flash_after(const http::Request& req, http::Response& resp) const;
  // An error as a page (HTML) or as {"error":…} for /api/.
  http::Response error(const http::Request& req, const Error& e) const;
  http::Response error(const http::Request& req, int status, const std::string& message) const;
  // A link to the page at `path` (a request's decoded path) that can only lead to this site:
  // runs of "/" collapsed, anything unusual percent-encoded. For the language switch.
  static std::string same_page_href(const std::string& path);
  // "; Path=/; HttpOnly; SameSite=Lax; Max-Age=N" (+ "; Secure" when cookies are secure): the
  // attributes of every cookie the site sets (session, CSRF).
  std::string cookie_attributes(int max_age) const;
  // English portal?
  static bool english(const http::Request& req);
  // 长者模式 (适老化): larger type and stronger contrast, chosen with ?elder=1|0 (remembered in
  // a cookie) — works without JavaScript.
  static bool elder(const http::Request& req);

  // "My tasks" of every pillar for the principal (the dashboard and the sidebar's counts).
  Status collect_tasks(store::Tx& tx, const Principal& p, nlohmann::json& tasks) const;
  // The sidebar's 待办 counts by section href ("/workspace/cases" → 3), recomputed at most once
  // a minute per person (they run every pillar's task query).
  std::map<std::string, int> task_counts(const Principal& p) const;
  void remember_task_counts(const Principal& p, const nlohmann::json& tasks) const;
  // A setting the pages show (portal footer, dashboard threshold), read at most once a minute.
  std::string setting(const std::string& key, const std::string& fallback = "") const;
  // The CSRF token forms must carry: the session's, or the per-browser token before login.
  static std::string csrf_token(const http::Request& req);

 private:
  nlohmann::json workspace_nav(const http::Request& req, const Principal& p) const;
  nlohmann::json portal_chrome(const http::Request& req, bool en) const;
  struct Cached {
    std::chrono::steady_clock::time_point at;
    std::map<std::string, int> counts;
  };
  mutable std::mutex cache_mu_;
  mutable std::map<std::int64_t, Cached> task_cache_;
  mutable std::map<std::string, std::pair<std::chrono::steady_clock::time_point, std::string>> settings_cache_;
};

// The section of the workspace a task's link belongs to ("/workspace/cases/7" → "/workspace/cases").
std::string section_of(const std::string& href);
// The breadcrumb of the section a deeper page belongs to ({label, href}), else null.
nlohmann::json section_crumb(const std::string& path);

}  // namespace zhifa::web
