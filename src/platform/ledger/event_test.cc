#include "platform/ledger/event.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace zhifa::ledger {
namespace {

Event sample() {
  Event e;
  e.index = 7;
  e.time = "2025-09-26T08:00:00Z";
  e.agency = "370800-市场监管局";
  e.actor = "person:12";
  e.kind = "case.opened";
  e.subject = "case:2025-001";
  e.payload = R"({"z":1,"a":{"y":"行政处罚\n","b":[true,null,-3]},"m":"/\"\\"})";
  e.evidence_sha256 = {std::string(64, 'a')};
  return e;
}

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  auto c = canonical_json(R"({ "b" : 1, "a" : [ 1 , 2 ], "é": "\u00e9\u0001" })");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(*c, "{\"a\":[1,2],\"b\":1,\"é\":\"é\\u0001\"}");
}

TEST(CanonicalJson, RejectsWhatHasTwoSpellings) {
  EXPECT_FALSE(canonical_json(R"({"a":1.5})").ok());
  EXPECT_FALSE(canonical_json(R"({"a":1e3})").ok());
  EXPECT_FALSE(canonical_json(R"({"a":1.0})").ok());
  EXPECT_FALSE(canonical_json(R"({"a":9007199254740992})").ok());
  EXPECT_TRUE(canonical_json(R"({"a":9007199254740991})").ok());
  EXPECT_FALSE(canonical_json(R"({"a":1,"a":2})").ok());
  EXPECT_FALSE(canonical_json("{\"a\":\"\xff\"}").ok());
  EXPECT_FALSE(canonical_json("{\"a\":\"\xc0\xaf\"}").ok());  // overlong "/"
  EXPECT_FALSE(canonical_json("{").ok());
}

TEST(EventBytes, AreCanonicalJsonOfTheWholeEvent) {
  auto e = normalize(sample());
  ASSERT_TRUE(e.ok()) << e.error().message;
  std::string bytes = event_bytes(*e);
  // Our hand-written encoder agrees with a general JSON library's canonical dump.
  auto reparsed = nlohmann::json::parse(bytes);
  EXPECT_EQ(reparsed.dump(-1, ' ', false), bytes);
  EXPECT_EQ(reparsed["v"], 1);
  EXPECT_EQ(reparsed["index"], 7);
  auto back = parse_event_bytes(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(event_bytes(*back), bytes);
  EXPECT_EQ(back->agency, sample().agency);
}

TEST(EventBytes, NonCanonicalBytesAreRefused) {
  auto e = normalize(sample());
  std::string bytes = event_bytes(*e);
  EXPECT_FALSE(parse_event_bytes(bytes + " ").ok());
  std::string spaced = bytes;
  spaced.insert(1, " ");
  EXPECT_FALSE(parse_event_bytes(spaced).ok());
}

TEST(EventValidation, RejectsBadFields) {
  Event e = sample();
  e.time = "2025-09-26 08:00:00";
  EXPECT_FALSE(normalize(e).ok());
  e = sample();
  e.kind = "";
  EXPECT_FALSE(normalize(e).ok());
  e = sample();
  e.evidence_sha256 = {"ABC"};
  EXPECT_FALSE(normalize(e).ok());
  e = sample();
  e.payload = "[1]";
  EXPECT_FALSE(normalize(e).ok());
}

}  // namespace
}  // namespace zhifa::ledger
