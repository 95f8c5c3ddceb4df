#include "platform/ledger/verify.h"

#include <nlohmann/json.hpp>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/codec.h"
#include "platform/ledger/event.h"
#include "platform/ledger/log.h"
#include "platform/ledger/merkle.h"

namespace zhifa::ledger {
namespace {

using json = nlohmann::json;
constexpr std::int64_t kPage = 5000;

Error tampered(std::string message, std::string item) {
  return Error{ErrorKind::kConflict, std::move(message), std::move(item)};
}

std::string range(std::uint64_t begin, std::uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

// The whole tree recomputed from the events: levels[0] the leaves, levels[l][i] the complete
// subtree (l, i).
struct Tree : NodeSource {
  std::vector<std::vector<Hash>> levels;
  Result<Hash> node(int level, std::uint64_t index) override {
    if (level < 0 || std::size_t(level) >= levels.size() || index >= levels[level].size())
      return Error::internal("node beyond the recomputed tree");
    return levels[level][index];
  }
};

Status check_events(store::Tx& tx, std::uint64_t size, const VerifyOptions& options, Tree& tree,
                    std::ostream& report) {
  auto& leaves = tree.levels.emplace_back();
  leaves.reserve(size);
  for (std::int64_t from = 0;;) {
    auto rows = tx.query(
        "SELECT idx, time, agency, actor, kind, subject, payload, evidence_sha256, leaf_hash FROM ledger_events "
        "WHERE idx >= ? ORDER BY idx LIMIT ?",
        {from, kPage});
    if (!rows) return rows.error();
    for (const auto& r : *rows) {
      std::uint64_t idx = static_cast<std::uint64_t>(r.integer(0));
      std::uint64_t want = leaves.size();
      if (idx != want) return tampered("event " + std::to_string(want) + " is missing", "event:" + std::to_string(want));
      Event e;
      e.index = r.integer(0);
      e.time = r.text(1);
      e.agency = r.text(2);
      e.actor = r.text(3);
      e.kind = r.text(4);
      e.subject = r.text(5);
      e.payload = r.text(6);
      auto evidence = parse_string_list_json(r.text(7));
      if (!evidence)
        return tampered("event " + std::to_string(idx) + ": evidence list is not valid", "event:" + std::to_string(idx));
      e.evidence_sha256 = std::move(*evidence);
      Hash leaf = leaf_hash(event_bytes(e));
      if (as_bytes(leaf) != r.text(8))
        return tampered("event " + std::to_string(idx) + " does not match its leaf hash: it was changed after it was "
                        "recorded",
                        "event:" + std::to_string(idx));
      if (options.evidence)
        for (const auto& d : e.evidence_sha256)
          if (auto st = options.evidence(idx, d); !st)
            return tampered("event " + std::to_string(idx) + ": evidence file " + d + ": " + st.error().message,
                            "evidence:" + d);
      leaves.push_back(leaf);
    }
    if (static_cast<std::int64_t>(rows->size()) < kPage) break;
    from = static_cast<std::int64_t>(leaves.size());
  }
  if (leaves.size() < size)
    return tampered("event " + std::to_string(leaves.size()) + " is missing (the log holds " + std::to_string(size) +
                        " events)",
                    "event:" + std::to_string(leaves.size()));
  if (leaves.size() > size)
    return tampered("the ledger head says " + std::to_string(size) + " events but " + std::to_string(leaves.size()) +
                        " are stored",
                    "event:" + std::to_string(size));
  report << "events: " << size << " leaves recomputed from the stored events\n";
  return {};
}

Status check_nodes(store::Tx& tx, Tree& tree, std::ostream& report) {
  std::uint64_t stored_total = 0;
  for (int level = 1; tree.levels.back().size() >= 2; ++level) {
    const auto& below = tree.levels.back();
    std::vector<Hash> here(below.size() / 2);
    for (std::size_t i = 0; i < here.size(); ++i) here[i] = node_hash(below[2 * i], below[2 * i + 1]);
    tree.levels.push_back(std::move(here));
    const auto& computed = tree.levels.back();
    std::uint64_t next = 0;
    for (std::int64_t from = 0;;) {
      auto rows = tx.query("SELECT idx, hash FROM ledger_nodes WHERE level = ? AND idx >= ? ORDER BY idx LIMIT ?",
                           {std::int64_t{level}, from, kPage});
      if (!rows) return rows.error();
      for (const auto& r : *rows) {
        std::uint64_t idx = static_cast<std::uint64_t>(r.integer(0));
        std::uint64_t begin = idx << level, end = (idx + 1) << level;
        std::string where = "events " + range(begin, end);
        std::string item = "events:" + std::to_string(begin) + "-" + std::to_string(end);
        if (idx != next || idx >= computed.size())
          return tampered("stored tree node (level " + std::to_string(level) + ", index " + std::to_string(next) +
                              ") is missing or out of place",
                          item);
        if (as_bytes(computed[idx]) != r.text(1))
          return tampered(where + ": the stored tree hash does not match these events; one of them was changed "
                          "after it was recorded",
                          item);
        ++next;
      }
      if (static_cast<std::int64_t>(rows->size()) < kPage) break;
      from = static_cast<std::int64_t>(next);
    }
    if (next != computed.size())
      return tampered("stored tree node (level " + std::to_string(level) + ", index " + std::to_string(next) +
                          ") is missing",
                      "events:" + std::to_string(next << level) + "-" + std::to_string((next + 1) << level));
    stored_total += next;
  }
  auto extra = tx.query_one("SELECT COUNT(*) FROM ledger_nodes WHERE level >= ?",
                            {static_cast<std::int64_t>(tree.levels.size())});
  if (!extra) return extra.error();
  if ((*extra)->integer(0) != 0) return tampered("the ledger stores tree nodes beyond its events", "nodes");
  report << "tree: " << stored_total << " stored subtree hashes match\n";
  return {};
}

Status check_checkpoints(store::Tx& tx, std::uint64_t size, std::span<const Verifier> known, Tree& tree,
                         std::ostream& report) {
  auto rows = tx.query("SELECT size, root, note FROM ledger_checkpoints ORDER BY size");
  if (!rows) return rows.error();
  std::optional<Checkpoint> prev;
  for (const auto& r : *rows) {
    std::uint64_t n = static_cast<std::uint64_t>(r.integer(0));
    std::string item = "checkpoint:" + std::to_string(n);
    std::string name = "checkpoint " + std::to_string(n);
    auto c = open_checkpoint(r.text(2), known);
    if (!c) return tampered(name + ": " + c.error().message, item);
    if (c->size != n || as_bytes(c->root) != r.text(1))
      return tampered(name + ": the stored size or root differs from the signed note", item);
    if (n > size)
      return tampered(name + " was signed over " + std::to_string(n) + " events but only " + std::to_string(size) +
                          " are stored: events were removed",
                      item);
    auto root = tree_root(tree, n);
    if (!root) return root.error();
    std::uint64_t since = prev ? prev->size : 0;
    if (*root != c->root)
      return tampered(name + ": the signed root does not match the stored events; an event in " + range(since, n) +
                          " (or earlier) was changed after it was signed",
                      "events:" + std::to_string(since) + "-" + std::to_string(n));
    if (prev) {
      auto proof = consistency_proof(tree, prev->size, n);
      if (!proof) return proof.error();
      if (auto st = verify_consistency(prev->size, n, *proof, prev->root, c->root); !st)
        return tampered(name + " is not consistent with checkpoint " + std::to_string(prev->size) + ": " +
                            st.error().message,
                        item);
    }
    prev = *c;
  }
  report << "checkpoints: " << rows->size() << " signatures and roots verified";
  if (prev) report << " (latest covers " << prev->size << " of " << size << " events)";
  report << "\n";
  return {};
}

Result<std::vector<Verifier>> parse_keys(std::span<const std::string> keys) {
  std::vector<Verifier> out;
  for (const auto& k : keys) {
    auto v = parse_verifier_key(k);
    if (!v) return Error::invalid("verifier key " + k + ": " + v.error().message, "verifier_key");
    out.push_back(*v);
  }
  return out;
}

}  // namespace

Status verify_database(store::Database& db, const VerifyOptions& options, std::ostream& report) {
  auto known = parse_keys(options.verifier_keys);
  if (!known) return known.error();
  Status result = db.read([&](store::Tx& tx) -> Status {
    auto size = log_size(tx);
    if (!size) return size.error();
    Tree tree;
    if (auto st = check_events(tx, *size, options, tree, report); !st) return st;
    if (auto st = check_nodes(tx, tree, report); !st) return st;
    return check_checkpoints(tx, *size, *known, tree, report);
  });
  report << (result ? "ledger verified\n" : "LEDGER VERIFICATION FAILED: " + result.error().message + "\n");
  return result;
}

Status verify_database(store::Database& db, const std::string& verifier_key, std::ostream& report) {
  return verify_database(db, VerifyOptions{{verifier_key}, {}}, report);
}

Result<std::string> make_bundle(store::Database& db, std::uint64_t index, const std::string& verifier_key) {
  json out;
  Status st = db.read([&](store::Tx& tx) -> Status {
    auto cp = latest_checkpoint(tx);
    if (!cp) return cp.error();
    if (!*cp || (*cp)->size <= index)
      return Error::conflict("event " + std::to_string(index) + " is not covered by a checkpoint yet");
    auto entry = read_entry(tx, index);
    if (!entry) return entry.error();
    auto proof = prove_inclusion(tx, index, (*cp)->size);
    if (!proof) return proof.error();
    json hashes = json::array();
    for (const auto& h : *proof) hashes.push_back(to_base64(h));
    out = {{"checkpoint", (*cp)->note},
           {"entry", base64_encode(*entry)},
           {"index", index},
           {"proof", {{"index", index}, {"size", (*cp)->size}, {"hashes", hashes}}},
           {"verifier_key", verifier_key}};
    return {};
  });
  if (!st) return st.error();
  return out.dump(2) + "\n";
}

Status verify_bundle(std::string_view bundle_json, std::span<const std::string> trusted_keys, std::ostream& report) {
  json b = json::parse(bundle_json.begin(), bundle_json.end(), nullptr, false);
  auto bad = [&](const std::string& what) -> Status {
    report << "BUNDLE REJECTED: " << what << "\n";
    return Error::invalid(what);
  };
  if (b.is_discarded() || !b.is_object()) return bad("the bundle is not JSON");
  try {
    std::vector<std::string> keys(trusted_keys.begin(), trusted_keys.end());
    if (keys.empty()) {
      keys.push_back(b.at("verifier_key").get<std::string>());
      report << "using the bundle's own verifier key " << keys[0]
             << "; compare it with the key the agency publishes at /ledger/verifier-key\n";
    }
    auto known = parse_keys(keys);
    if (!known) return bad(known.error().message);
    auto cp = open_checkpoint(b.at("checkpoint").get<std::string>(), *known);
    if (!cp) return bad("checkpoint: " + cp.error().message);
    report << "checkpoint: signed by a trusted key; origin " << cp->origin << ", " << cp->size << " events\n";

    auto entry = base64_decode(b.at("entry").get<std::string>());
    if (!entry) return bad("entry is not base64");
    auto event = parse_event_bytes(*entry);
    if (!event) return bad("entry: " + event.error().message);
    const json& p = b.at("proof");
    // Whole numbers only: get<std::uint64_t>() truncates 7.5 to 7, and a float out of range is
    // undefined behaviour.
    const json &proof_index = p.at("index"), &proof_size = p.at("size"), &bundle_index = b.at("index");
    if (!proof_index.is_number_unsigned() || !proof_size.is_number_unsigned() || !bundle_index.is_number_unsigned())
      return bad("the index and the size must be whole numbers");
    std::uint64_t index = proof_index.get<std::uint64_t>(), size = proof_size.get<std::uint64_t>();
    if (static_cast<std::uint64_t>(event->index) != index || bundle_index.get<std::uint64_t>() != index)
      return bad("the entry's index does not match the proof's");
    if (size != cp->size) return bad("the proof is for " + std::to_string(size) + " events, the checkpoint for " +
                                     std::to_string(cp->size));
    std::vector<Hash> hashes;
    for (const auto& h : p.at("hashes")) {
      auto x = hash_from_base64(h.get<std::string>());
      if (!x) return bad("a proof hash is not a base64 SHA-256 hash");
      hashes.push_back(*x);
    }
    if (auto st = verify_inclusion(index, size, leaf_hash(*entry), hashes, cp->root); !st)
      return bad("inclusion proof: " + st.error().message);
    report << "event " << index << " (" << event->kind << ", " << event->subject << ", " << event->time
           << ") is in the signed log\n";
    return {};
  } catch (const json::exception& e) {
    return bad(std::string("missing or mistyped field: ") + e.what());
  }
}

}  // namespace zhifa::ledger
