// The HTTP server and pipeline over real sockets: framing, limits, errors, caching, ranges,
// compression, security headers, graceful shutdown.
#include <gtest/gtest.h>

#include <thread>

#include "harness.h"

namespace zhifa::testing {
namespace {

TEST(Server, HealthzAndMetrics) {
  TestServer s;
  Client c(s.port());
  auto h = c.get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body, "{\"status\":\"ok\"}");
  auto m = c.get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("zhifa_http_requests_total{route=\"/healthz\",status=\"200\"} 1"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("zhifa_http_request_duration_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.body.find("zhifa_db_pool_size"), std::string::npos);
}

TEST(Server, PortalHomeHasSecurityHeadersAndRevalidates) {
  TestServer s;
  Client c(s.port());
  auto r = c.get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("济宁市人民政府外事侨务办公室"), std::string::npos);
  EXPECT_NE(r.body.find("任城区人民政府外事侨务办公室"), std::string::npos);
  EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  std::string etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = c.get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto en = c.get("/?lang=en");
  EXPECT_NE(en.body.find("Foreign Affairs and Overseas Chinese Affairs Office of Jining"), std::string::npos);
}

TEST(Server, CompressesTextWhenAsked) {
  TestServer s;
  Client c(s.port());
  auto r = c.get("/static/site.css", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-encoding"), "gzip");
  EXPECT_EQ(static_cast<unsigned char>(r.body[0]), 0x1f);  // gzip magic
  auto plain = c.get("/static/site.css");
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_LT(r.body.size(), plain.body.size());
}

TEST(Server, StaticFilesServeByteRanges) {
  TestServer s;
  Client c(s.port());
  auto whole = c.get("/static/site.css");
  ASSERT_EQ(whole.status, 200);
  EXPECT_EQ(whole.header("accept-ranges"), "bytes");
  auto part = c.get("/static/site.css", {{"Range", "bytes=10-19"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, whole.body.substr(10, 10));
  EXPECT_EQ(part.header("content-range"), "bytes 10-19/" + std::to_string(whole.body.size()));
  auto tail = c.get("/static/site.css", {{"Range", "bytes=-5"}});
  EXPECT_EQ(tail.body, whole.body.substr(whole.body.size() - 5));
  auto bad = c.get("/static/site.css", {{"Range", "bytes=999999-"}});
  EXPECT_EQ(bad.status, 416);
  auto nm = c.get("/static/site.css", {{"If-None-Match", whole.header("etag")}});
  EXPECT_EQ(nm.status, 304);
  EXPECT_FALSE(whole.header("last-modified").empty());
}

TEST(Server, UnknownRoutesAndWrongMethods) {
  TestServer s;
  Client c(s.port());
  auto page = c.get("/no/such/page");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  auto api = c.get("/api/v1/no-such-thing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.body.rfind("{\"error\":", 0), 0u) << api.body;
  auto wrong = c.send("DELETE", "/healthz", "", {});
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("allow"), "GET");
}

TEST(Server, InvalidUtf8IsRefused) {
  TestServer s;
  auto r = raw_request(s.port(), "GET /agencies/%FF%FE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 400);
  auto q = raw_request(s.port(), "GET /?lang=%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(q.status, 400);
}

TEST(Server, MalformedRequestsDoNotStopOthersBeingServed) {
  TestServer s;
  auto garbage = raw_request(s.port(), "THIS IS NOT HTTP\r\n\r\n", 2000);
  EXPECT_TRUE(garbage.status == 0 || garbage.status == 400);
  auto huge_header = raw_request(s.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n", 2000);
  EXPECT_NE(huge_header.status, 200);
  auto long_url = raw_request(s.port(), "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 2000);
  EXPECT_NE(long_url.status, 200);
  auto over = raw_request(s.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 2000);
  EXPECT_EQ(over.status, 414);  // over the 8 KiB limit: an answer, not a dropped connection
  Client c(s.port());
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST(Server, BodyOverTheLimitIs413) {
  TestServer s(true, [](app::Config& c) { c.max_body_bytes = 4096; });
  Client c(s.port());
  auto r = c.send("POST", "/api/v1/me", std::string(5000, 'x'), {{"Content-Type", "application/octet-stream"}});
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("larger than 4096"), std::string::npos) << r.body;
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer s;
  std::string two = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  // Read everything until the server closes; both answers must be there.
  auto r = raw_request(s.port(), two, 3000);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.header("connection"), "close");
}

TEST(Server, IdleConnectionsAreClosedAfterTheReadTimeout) {
  TestServer s(false, [](app::Config& c) { c.read_timeout_s = 1; });
  // Send half a request and wait: the server must give up on us and close.
  auto r = raw_request(s.port(), "GET /healthz HTTP/1.1\r\nHost:", 6000);
  EXPECT_EQ(r.status, 0);
  Client c(s.port());
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST(Server, GracefulStopLetsInFlightRequestsFinish) {
  auto s = std::make_unique<TestServer>(false);
  s->app().router().add("GET", "/slow", "public", [](http::Request&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
    return http::Response::text("done");
  });
  HttpResult slow;
  std::thread t([&] { slow = raw_request(s->port(), "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"); });
  while (s->server().in_flight() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s->server().stop(std::chrono::milliseconds(5000));
  t.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "done");
  // After the stop nothing is accepted any more.
  EXPECT_EQ(raw_request(s->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 1000).status, 0);
}

}  // namespace
}  // namespace zhifa::testing
