#include "platform/ledger/api.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/log.h"

namespace zhifa::ledger::api {
namespace {

using json = nlohmann::json;

json hash_list(const std::vector<Hash>& hashes) {
  json out = json::array();
  for (const auto& h : hashes) out.push_back(to_base64(h));
  return out;
}

template <typename F>
Result<std::string> in_snapshot(store::Database& db, F&& fn) {
  std::string body;
  Status st = db.read([&](store::Tx& tx) -> Status {
    Result<std::string> r = fn(tx);
    if (!r) return r.error();
    body = std::move(*r);
    return {};
  });
  if (!st) return st.error();
  return body;
}

}  // namespace

Result<std::uint64_t> parse_count(std::string_view text, const std::string& name) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || (text.size() > 1 && text[0] == '0') ||
      v >= (std::uint64_t{1} << 63))
    return Error::invalid(name + " must be a non-negative decimal integer, got \"" + std::string(text) + "\"", name);
  return v;
}

Result<std::string> checkpoint(store::Database& db) {
  return in_snapshot(db, [&](store::Tx& tx) -> Result<std::string> {
    auto c = latest_checkpoint(tx);
    if (!c) return c.error();
    if (!*c) return Error::not_found("no checkpoint has been signed yet");
    return (*c)->note;
  });
}

std::string verifier_key(const std::string& encoded_verifier_key) { return encoded_verifier_key + "\n"; }

Result<std::string> entry(store::Database& db, std::string_view index) {
  auto i = parse_count(index, "index");
  if (!i) return i.error();
  return in_snapshot(db, [&](store::Tx& tx) { return read_entry(tx, *i); });
}

Result<std::string> entry_json(store::Database& db, std::string_view index) {
  auto i = parse_count(index, "index");
  if (!i) return i.error();
  return in_snapshot(db, [&](store::Tx& tx) -> Result<std::string> {
    auto bytes = read_entry(tx, *i);
    if (!bytes) return bytes.error();
    json e = json::parse(*bytes, nullptr, false);
    if (!e.is_object()) return Error::internal("ledger event " + std::to_string(*i) + " is not JSON; run zhifa verify");
    e["leaf_hash"] = to_base64(leaf_hash(*bytes));
    return e.dump(-1, ' ', false, json::error_handler_t::strict);
  });
}

Result<std::string> inclusion(store::Database& db, std::string_view index, std::string_view size) {
  auto i = parse_count(index, "index");
  if (!i) return i.error();
  auto n = parse_count(size, "size");
  if (!n) return n.error();
  if (*i >= *n) return Error::invalid("index must be below size", "index");
  return in_snapshot(db, [&](store::Tx& tx) -> Result<std::string> {
    auto proof = prove_inclusion(tx, *i, *n);
    if (!proof) return proof.error();
    return nlohmann::ordered_json{{"index", *i}, {"size", *n}, {"hashes", hash_list(*proof)}}.dump();
  });
}

Result<std::string> consistency(store::Database& db, std::string_view from, std::string_view to) {
  auto m = parse_count(from, "from");
  if (!m) return m.error();
  auto n = parse_count(to, "to");
  if (!n) return n.error();
  if (*m == 0) return Error::invalid("from must be at least 1", "from");
  if (*m > *n) return Error::invalid("from must not exceed to", "from");
  return in_snapshot(db, [&](store::Tx& tx) -> Result<std::string> {
    auto proof = prove_consistency(tx, *m, *n);
    if (!proof) return proof.error();
    return nlohmann::ordered_json{{"from", *m}, {"to", *n}, {"hashes", hash_list(*proof)}}.dump();
  });
}

}  // namespace zhifa::ledger::api
