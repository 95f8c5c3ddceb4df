// Absolute URLs and links the portal builds: from the configured public URL only, never from
// what a request says about itself (issue 12 §5), and links that only lead to this site.
#include <gtest/gtest.h>

#include <deque>
#include <regex>
#include <set>

#include "harness.h"
#include "demo/org.h"
#include "web/site.h"

namespace zhifa::testing {
namespace {

// A GET with the Host (and the proxy headers) an attacker chooses.
HttpResult get_with_host(int port, const std::string& path, const std::string& host, const std::string& cookie = "") {
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-Host: " + host +
                    "\r\nX-Forwarded-Proto: https\r\nForwarded: host=" + host + "\r\nConnection: close\r\n";
  if (!cookie.empty()) req += "Cookie: " + cookie + "\r\n";
  return raw_request(port, req + "\r\n");
}

// Every same-site link (href or src) in a page, as a path with its query.
std::vector<std::string> links_of(const std::string& body) {
  static const std::regex link(R"re((?:href|src)="(/[^/"][^"]*)")re");
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(body.begin(), body.end(), link); it != std::sregex_iterator(); ++it) {
    std::string l = (*it)[1];
    for (std::size_t p; (p = l.find("&amp;")) != std::string::npos;) l.replace(p, 5, "&");
    out.push_back(l);
  }
  return out;
}

// Walks the site from `start` with Host: evil.example, and fails on any answer that carries
// the name in a header or its body. Returns how many pages it read.
int crawl_for_host(int port, const std::vector<std::string>& start, const std::string& cookie, std::size_t limit) {
  const std::string evil = "evil.example";
  std::deque<std::string> todo(start.begin(), start.end());
  std::set<std::string> seen(start.begin(), start.end());
  int pages = 0;
  while (!todo.empty() && seen.size() <= limit) {
    std::string path = todo.front();
    todo.pop_front();
    auto r = get_with_host(port, path, evil, cookie);
    ++pages;
    for (auto& [k, v] : r.headers) EXPECT_EQ(v.find(evil), std::string::npos) << path << " header " << k << ": " << v;
    EXPECT_EQ(r.body.find(evil), std::string::npos) << path;
    for (auto& l : links_of(r.body)) {
      if (l.rfind("/static/", 0) == 0 || l.find("/pdf") != std::string::npos || l.find("lang=en") != std::string::npos) continue;
      if (seen.insert(l).second) todo.push_back(l);
    }
  }
  return pages;
}

// No public URL configured: feeds, CSV, QR codes and guides use http:// + the listen address,
// whatever Host, X-Forwarded-Host or Forwarded a request carries — on public pages and in the
// workspace alike.
TEST(PublicUrls, AHostHeaderNeverReachesABodyOrAHeader) {
  TestServer s;
  int pages = crawl_for_host(s.port(),
                             {"/", "/decisions", "/decisions.csv", "/decisions.atom", "/decisions.json", "/agencies/jnwqb/feed.atom",
                              "/agencies/jnwqb/publicity", "/agencies/jnwqb/publicity/matters/data/list.csv", "/ledger", "/flowcharts"},
                             "", 250);
  EXPECT_GT(pages, 30);
  Client staff(s.port());
  ASSERT_EQ(staff.login("chenjing", org::kDemoPassword), 303);  // the publicity editor
  std::string cookie = "zhifa_session=" + staff.cookies["zhifa_session"];
  crawl_for_host(s.port(), {"/workspace", "/workspace/publicity", "/workspace/decisions"}, cookie, 120);
  // The feed's ids come from the listen address.
  auto atom = get_with_host(s.port(), "/decisions.atom", "evil.example");
  EXPECT_NE(atom.body.find("http://127.0.0.1:" + std::to_string(s.port()) + "/decisions"), std::string::npos);
  // A QR code cannot be searched for a name: it is the same whatever the Host.
  auto list = Client(s.port()).get("/decisions");
  auto p = list.body.find("href=\"/decisions/");
  ASSERT_NE(p, std::string::npos);
  std::string id = list.body.substr(p + 17, list.body.find_first_not_of("0123456789", p + 17) - p - 17);
  ASSERT_FALSE(id.empty());
  auto evil_qr = get_with_host(s.port(), "/decisions/" + id + "/qr.svg", "evil.example");
  auto own_qr = get_with_host(s.port(), "/decisions/" + id + "/qr.svg", "127.0.0.1");
  ASSERT_EQ(evil_qr.status, 200);
  EXPECT_EQ(evil_qr.body, own_qr.body);
}

TEST(PublicUrls, TheConfiguredPublicUrlIsTheBaseOfEveryAbsoluteUrl) {
  TestServer s(true, [](app::Config& c) { c.public_url = "https://wqb.jining.example/"; });
  auto atom = get_with_host(s.port(), "/decisions.atom", "evil.example");
  EXPECT_NE(atom.body.find("<id>https://wqb.jining.example/decisions.atom</id>"), std::string::npos) << atom.body.substr(0, 400);
  auto csv = get_with_host(s.port(), "/decisions.csv", "evil.example");
  EXPECT_NE(csv.body.find("https://wqb.jining.example/decisions/"), std::string::npos);
  EXPECT_EQ(csv.body.find("evil.example"), std::string::npos);
}

TEST(PublicUrls, WithoutAPublicUrlTheListenAddressIsUsedWithLoopbackForAnyAddress) {
  app::Config c;
  c.listen = "0.0.0.0:8080";
  EXPECT_EQ(c.base_url(), "http://127.0.0.1:8080");
  c.listen = "[::]:8080";
  EXPECT_EQ(c.base_url(), "http://[::1]:8080");
  c.listen = "10.1.2.3:80";
  EXPECT_EQ(c.base_url(), "http://10.1.2.3:80");
  c.public_url = "https://wqb.jining.example//";
  EXPECT_EQ(c.base_url(), "https://wqb.jining.example");
}

// GET //evil.example/x must not offer a protocol-relative "//evil.example/x?lang=en".
TEST(PublicUrls, TheLanguageSwitchLinkStaysOnThisSite) {
  TestServer s;
  Client c(s.port());
  for (const std::string path : {"//evil.example/x", "///evil.example/x", "//evil.example", "/decisions//x"}) {
    auto r = c.get(path);
    auto p = r.body.find("hreflang=\"en\"");
    ASSERT_NE(p, std::string::npos) << path;
    auto a = r.body.rfind("<a href=\"", p);
    std::string href = r.body.substr(a + 9, r.body.find('"', a + 9) - a - 9);
    EXPECT_EQ(href.rfind("//", 0), std::string::npos) << path << " → " << href;
    EXPECT_EQ(href.front(), '/') << href;
  }
  EXPECT_EQ(web::Site::same_page_href("//evil.example/x"), "/evil.example/x");
  EXPECT_EQ(web::Site::same_page_href("/a b/\\x?y#z\"'"), "/a%20b/%5Cx%3Fy%23z%22'");
  EXPECT_EQ(web::Site::same_page_href("/agencies/jnwqb"), "/agencies/jnwqb");
  EXPECT_EQ(web::Site::same_page_href("/决定"), "/%E5%86%B3%E5%AE%9A");
  // And the link works: it leads to the same page in English.
  auto home = c.get("/agencies/jnwqb");
  EXPECT_NE(home.body.find("href=\"/agencies/jnwqb?lang=en\""), std::string::npos);
}

// /decisions offers its Atom feed at the address that serves it.
TEST(PublicUrls, TheDecisionsPageLinksToTheRealFeed) {
  TestServer s;
  Client c(s.port());
  auto page = c.get("/decisions");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("/decisions/feed.atom"), std::string::npos);
  for (const std::string& l : links_of(page.body)) {
    if (l.find(".atom") == std::string::npos) continue;
    auto feed = c.get(l);
    EXPECT_EQ(feed.status, 200) << l;
    EXPECT_NE(feed.header("content-type").find("application/atom+xml"), std::string::npos) << l;
    return;
  }
  ADD_FAILURE() << "no Atom link on /decisions";
}

}  // namespace
}  // namespace zhifa::testing
