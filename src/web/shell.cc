// The shells every page is rendered in (issue 16): the workspace's sidebar with the sections
// the person's roles give and their 待办 counts, and the portal's masthead, column navigation
// and footer (国办发〔2017〕47号《政府网站发展指引》: the site's 主办单位, 网站标识码, ICP
// 备案号 and 公安机关备案号 in the footer, a column navigation, breadcrumbs on every page).
#include <algorithm>

#include "platform/store/database.h"
#include "web/site.h"

namespace zhifa::web {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr auto kCacheFor = std::chrono::seconds(60);

struct NavItem {
  const char* href;
  const char* label;
  const char* permission;  // the permission the section's list page declares
};

// The workspace's sections, in the order an officer's day goes.
constexpr NavItem kNav[] = {
    {"/workspace", "我的工作台", "staff"},
    {"/workspace/cases", "执法案件", "recording.view"},
    {"/workspace/inspection", "双随机抽查", "inspection.view"},
    {"/workspace/av/devices", "音像记录设备", "recording.view"},
    {"/workspace/review", "法制审核", "review.view"},
    {"/workspace/discretion", "裁量基准执行", "recording.discretion"},
    {"/workspace/publicity", "公示清单", "publicity.view"},
    {"/workspace/decisions", "决定公示", "publicity.decisions.view"},
    {"/workspace/complaints", "投诉举报", "complaints.view"},
    {"/workspace/supervision", "执法监督", "supervision.view"},
    {"/workspace/supervision/notices", "督查通报", "staff"},
    {"/workspace/admin/agencies", "执法主体", "org.view"},
    {"/workspace/admin/people", "人员与执法证", "org.view"},
    {"/workspace/tokens", "API 令牌", "token.own"},
};

}  // namespace

std::string section_of(const std::string& href) {
  std::string best;
  for (const auto& n : kNav) {
    std::string h = n.href;
    if (h == "/workspace") continue;
    if ((href == h || href.starts_with(h + "/") || href.starts_with(h + "?")) && h.size() > best.size()) best = h;
  }
  return best.empty() ? "/workspace" : best;
}

nlohmann::json section_crumb(const std::string& path) {
  std::string sec = section_of(path);
  if (sec == "/workspace" || sec == path) return nullptr;
  for (const auto& n : kNav)
    if (sec == n.href) return {{"label", n.label}, {"href", n.href}};
  return nullptr;
}

bool Site::elder(const http::Request& req) {
  if (auto e = req.query.find("elder"); e != req.query.end()) return e->second == "1";
  return req.cookie("elder").value_or("") == "1";
}

Status Site::collect_tasks(store::Tx& tx, const Principal& p, json& tasks) const {
  for (const auto& provider : task_providers)
    if (auto st = provider(tx, p, tasks); !st) return st;
  return {};
}

void Site::remember_task_counts(const Principal& p, const json& tasks) const {
  Cached c{Clock::now(), {}};
  for (const auto& t : tasks)
    if (t.contains("href") && t["href"].is_string()) c.counts[section_of(t["href"].get<std::string>())]++;
  c.counts["/workspace"] = static_cast<int>(tasks.size());
  std::lock_guard lock(cache_mu_);
  task_cache_[p.person_id] = std::move(c);
}

std::map<std::string, int> Site::task_counts(const Principal& p) const {
  {
    std::lock_guard lock(cache_mu_);
    auto it = task_cache_.find(p.person_id);
    if (it != task_cache_.end() && Clock::now() - it->second.at < kCacheFor) return it->second.counts;
  }
  json tasks = json::array();
  auto st = db.read([&](store::Tx& tx) { return collect_tasks(tx, p, tasks); });
  if (!st) {
    log_if_error("sidebar: counting tasks", st);
    return {};
  }
  remember_task_counts(p, tasks);
  std::lock_guard lock(cache_mu_);
  return task_cache_[p.person_id].counts;
}

std::string Site::setting(const std::string& key, const std::string& fallback) const {
  {
    std::lock_guard lock(cache_mu_);
    auto it = settings_cache_.find(key);
    if (it != settings_cache_.end() && Clock::now() - it->second.first < kCacheFor)
      return it->second.second.empty() ? fallback : it->second.second;
  }
  std::string value;
  auto st = db.read([&](store::Tx& tx) -> Status {
    auto v = store::get_setting(tx, key);
    if (!v) return v.error();
    if (*v) value = **v;
    return {};
  });
  log_if_error("settings: " + key, st);
  std::lock_guard lock(cache_mu_);
  settings_cache_[key] = {Clock::now(), value};
  return value.empty() ? fallback : value;
}

json Site::workspace_nav(const http::Request& req, const Principal& p) const {
  auto counts = task_counts(p);
  std::string current = req.path == "/workspace" ? "/workspace" : section_of(req.path);
  json nav = json::array();
  for (const auto& n : kNav) {
    if (std::string(n.permission) != "staff" && !org::authorize(p, n.permission).allowed) continue;
    json item{{"href", n.href}, {"label", n.label}, {"current", current == n.href}};
    if (auto c = counts.find(n.href); c != counts.end() && c->second > 0) item["count"] = c->second;
    nav.push_back(item);
  }
  return nav;
}

json Site::portal_chrome(const http::Request& req, bool en) const {
  json out;
  const std::string lang = en ? "lang=en" : "";
  auto with_lang = [&](std::string href) {
    if (!en) return href;
    auto hash = href.find('#');
    std::string frag = hash == std::string::npos ? "" : href.substr(hash);
    std::string base = href.substr(0, hash);
    return base + (base.find('?') == std::string::npos ? "?" : "&") + lang + frag;
  };
  // The column navigation: the disclosure stages of 国办发〔2018〕118号 as this site has them.
  std::string agency = setting("portal.agency_code");
  json cols = json::array();
  auto col = [&](std::string href, const char* zh, const char* enl) {
    std::string path = href.substr(0, href.find_first_of("?#"));
    bool current = path == "/" ? req.path == "/" : req.path.starts_with(path);
    cols.push_back({{"href", with_lang(href)}, {"label", en ? enl : zh}, {"current", current}});
  };
  col("/", "首页", "Home");
  if (!agency.empty()) {
    col("/agencies/" + agency + "/publicity", "事前公开", "Before enforcement");
    col("/agencies/" + agency + "#staff", "事中公示", "During enforcement");
  }
  col("/decisions", "事后公开", "Decisions");
  if (!agency.empty()) col("/agencies/" + agency + "/inspections", "双随机", "Random inspections");
  col("/flowcharts", "执法流程", "Procedures");
  col("/complaints/new", "投诉举报", "Complaints");
  col("/ledger", "核验账本", "Ledger");
  out["columns"] = cols;
  out["site_name"] = en ? setting("portal.host_en", setting("portal.host", "Administrative Enforcement Disclosure"))
                        : setting("portal.host", "行政执法公示");
  json foot = json::array();
  auto add = [&](const char* key, const char* zh, const char* enl) {
    std::string v = setting(key);
    if (!v.empty()) foot.push_back({{"label", en ? enl : zh}, {"value", v}});
  };
  add("portal.host", "主办单位", "Host");
  add("portal.site_code", "网站标识码", "Site code");
  add("portal.icp", "ICP备案号", "ICP licence");
  add("portal.psb", "公安备案号", "Public security filing");
  out["footer_fields"] = foot;
  // The search box in the masthead; the home page and the decisions page carry their own.
  out["header_search"] = req.path != "/" && req.path != "/decisions";
  bool elder_on = elder(req);
  out["elder"] = elder_on;
  std::string here = same_page_href(req.path);
  out["elder_href"] = here + (elder_on ? "?elder=0" : "?elder=1") + (en ? "&lang=en" : "");
  return out;
}

}  // namespace zhifa::web
