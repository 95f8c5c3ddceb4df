// The OpenAPI document (data/openapi.json, served at /api/v1/openapi.json) cannot drift from the
// router: every registered /api/v1 route is described with the same method and the same
// permission, and nothing is described that the router does not have.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "harness.h"

namespace zhifa::testing {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DescribesEveryApiRouteOfTheRouter) {
  TestServer server(false);
  Client anon(server.port());
  auto r = anon.get("/api/v1/openapi.json");  // public: no login
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_NE(r.header("content-type").find("application/json"), std::string::npos);
  auto doc = json::parse(r.body, nullptr, false);
  ASSERT_TRUE(doc.is_object()) << "not JSON";
  EXPECT_EQ(doc["openapi"], "3.1.0");
  ASSERT_TRUE(doc["paths"].is_object());
  // The auth schemes: Bearer API token; session cookie + CSRF header for writes.
  auto& schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(schemes["cookieAuth"]["in"], "cookie");
  EXPECT_EQ(schemes["csrfToken"]["name"], "X-CSRF-Token");

  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& route : server.app().router().routes()) {
    if (route.pattern.rfind("/api/v1/", 0) != 0) continue;
    std::string method = lower(route.method);
    registered.insert({route.pattern, method});
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.method << " " << route.pattern << " is not in data/openapi.json";
    auto& path = doc["paths"][route.pattern];
    ASSERT_TRUE(path.contains(method)) << route.method << " " << route.pattern << " is not in data/openapi.json";
    auto& op = path[method];
    EXPECT_EQ(op.value("x-zhifa-permission", std::string()), route.permission) << route.method << " " << route.pattern;
    EXPECT_TRUE(op.contains("responses") && !op["responses"].empty()) << route.pattern;
    // Public operations need no credentials; the others name the schemes they accept.
    if (route.permission == "public") EXPECT_TRUE(op["security"].empty()) << route.pattern;
    else EXPECT_FALSE(op.value("security", json::array()).empty()) << route.pattern;
    // Every {param} of the pattern is a declared path parameter.
    std::string pat = route.pattern;
    for (std::size_t a = pat.find('{'); a != std::string::npos; a = pat.find('{', a + 1)) {
      std::string name = pat.substr(a + 1, pat.find('}', a) - a - 1);
      bool declared = false;
      for (auto& p : op.value("parameters", json::array())) declared = declared || (p["in"] == "path" && p["name"] == name);
      EXPECT_TRUE(declared) << route.pattern << " does not declare {" << name << "}";
    }
  }
  EXPECT_GE(registered.size(), 20u);
  // Nothing described under /api/v1 that the router does not serve.
  for (auto& [path, ops] : doc["paths"].items()) {
    if (path.rfind("/api/v1/", 0) != 0) continue;
    for (auto& [method, op] : ops.items())
      EXPECT_TRUE(registered.count({path, method})) << method << " " << path << " is described but not registered";
  }
  // The recording operations have request and response schemas.
  for (const char* p : {"/api/v1/cases", "/api/v1/cases/{id}/acts", "/api/v1/cases/{id}/documents", "/api/v1/cases/{id}/deadlines/extend"}) {
    auto& post = doc["paths"][p]["post"];
    EXPECT_TRUE(post["requestBody"]["content"]["application/json"].contains("schema")) << p;
  }
  // Every $ref resolves.
  std::function<void(const json&)> refs = [&](const json& j) {
    if (j.is_object()) {
      if (j.contains("$ref") && j["$ref"].is_string()) {
        std::string ref = j["$ref"];
        ASSERT_EQ(ref.rfind("#/components/", 0), 0u) << ref;
        std::string rest = ref.substr(13);
        auto slash = rest.find('/');
        EXPECT_TRUE(doc["components"][rest.substr(0, slash)].contains(rest.substr(slash + 1))) << ref << " does not resolve";
      }
      for (auto& [k, v] : j.items()) refs(v);
    } else if (j.is_array()) {
      for (auto& v : j) refs(v);
    }
  };
  refs(doc);
}

}  // namespace
}  // namespace zhifa::testing
