#include "platform/ledger/log.h"

#include <map>
#include <utility>

namespace zhifa::ledger {
namespace {

using store::Blob;
using store::Params;
using store::Tx;

std::int64_t i64(std::uint64_t v) { return static_cast<std::int64_t>(v); }

Result<Hash> hash_cell(const store::Row& row, std::size_t col, const std::string& what) {
  auto h = hash_from_bytes(row.text(col));
  if (!h) return Error::internal(what + ": stored hash is not 32 bytes");
  return *h;
}

std::string node_name(int level, std::uint64_t index) {
  return "node (level " + std::to_string(level) + ", index " + std::to_string(index) + ")";
}

// One stored node, read on its own: used by append, which needs about one per call.
Result<Hash> read_node(Tx& tx, int level, std::uint64_t index) {
  auto row = level == 0 ? tx.query_one("SELECT leaf_hash FROM ledger_events WHERE idx = ?", {i64(index)})
                        : tx.query_one("SELECT hash FROM ledger_nodes WHERE level = ? AND idx = ?",
                                       {std::int64_t{level}, i64(index)});
  if (!row) return row.error();
  if (!*row) return Error::internal("ledger " + node_name(level, index) + " is missing");
  return hash_cell(**row, 0, node_name(level, index));
}

// Proof generation asks for the same nodes whatever their hashes are, so it runs twice: once
// against a recorder that only notes which nodes it wants, then against those nodes fetched
// in two queries (one round trip each, which matters on PostgreSQL).
class Recorder : public NodeSource {
 public:
  Result<Hash> node(int level, std::uint64_t index) override {
    wanted.try_emplace({level, index}, Hash{});
    return Hash{};
  }
  std::map<std::pair<int, std::uint64_t>, Hash> wanted;
};

class Fetched : public NodeSource {
 public:
  explicit Fetched(std::map<std::pair<int, std::uint64_t>, Hash> nodes) : nodes_(std::move(nodes)) {}
  Result<Hash> node(int level, std::uint64_t index) override {
    auto it = nodes_.find({level, index});
    if (it == nodes_.end()) return Error::internal("ledger " + node_name(level, index) + " was not fetched");
    return it->second;
  }

 private:
  std::map<std::pair<int, std::uint64_t>, Hash> nodes_;
};

Status fetch(Tx& tx, std::map<std::pair<int, std::uint64_t>, Hash>& nodes) {
  std::string leaves_sql, nodes_sql;
  Params leaves_params, nodes_params;
  for (auto& [id, h] : nodes) {
    if (id.first == 0) {
      leaves_sql += leaves_sql.empty() ? "?" : ",?";
      leaves_params.emplace_back(std::in_place_type<std::int64_t>, i64(id.second));
    } else {
      nodes_sql += nodes_sql.empty() ? "(level = ? AND idx = ?)" : " OR (level = ? AND idx = ?)";
      nodes_params.emplace_back(std::in_place_type<std::int64_t>, id.first);
      nodes_params.emplace_back(std::in_place_type<std::int64_t>, i64(id.second));
    }
  }
  std::size_t found = 0;
  if (!leaves_sql.empty()) {
    auto rows = tx.query("SELECT idx, leaf_hash FROM ledger_events WHERE idx IN (" + leaves_sql + ")", leaves_params);
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      auto h = hash_cell(r, 1, "leaf " + r.text(0));
      if (!h) return h.error();
      nodes[{0, static_cast<std::uint64_t>(r.integer(0))}] = *h;
      ++found;
    }
  }
  if (!nodes_sql.empty()) {
    auto rows = tx.query("SELECT level, idx, hash FROM ledger_nodes WHERE " + nodes_sql, nodes_params);
    if (!rows) return rows.error();
    for (auto& r : *rows) {
      int level = static_cast<int>(r.integer(0));
      std::uint64_t index = static_cast<std::uint64_t>(r.integer(1));
      auto h = hash_cell(r, 2, node_name(level, index));
      if (!h) return h.error();
      nodes[{level, index}] = *h;
      ++found;
    }
  }
  if (found != nodes.size())
    return Error::internal("ledger is missing " + std::to_string(nodes.size() - found) + " stored node(s)");
  return {};
}

template <typename T, typename F>
Result<T> with_stored_nodes(Tx& tx, std::uint64_t size, F&& build) {
  auto n = log_size(tx);
  if (!n) return n.error();
  if (size > *n)
    return Error::invalid("tree size " + std::to_string(size) + " is beyond the log size " + std::to_string(*n),
                          "size");
  Recorder rec;
  if (auto dry = build(static_cast<NodeSource&>(rec)); !dry) return dry.error();
  auto nodes = std::move(rec.wanted);
  if (auto st = fetch(tx, nodes); !st) return st.error();
  Fetched src(std::move(nodes));
  return build(static_cast<NodeSource&>(src));
}

Event event_from_row(const store::Row& r) {
  Event e;
  e.index = r.integer(0);
  e.time = r.text(1);
  e.agency = r.text(2);
  e.actor = r.text(3);
  e.kind = r.text(4);
  e.subject = r.text(5);
  e.payload = r.text(6);
  return e;
}

}  // namespace

Result<std::int64_t> append(Tx& tx, const Event& input) {
  auto normalized = normalize(input);
  if (!normalized) return normalized.error();
  Event& e = *normalized;

  // Taking the next index by updating the head row first: on PostgreSQL the row lock makes
  // any concurrent append wait here until this transaction ends; SQLite has one writer.
  auto head = tx.query_one("UPDATE ledger_head SET size = size + 1 WHERE id = 1 RETURNING size");
  if (!head) return head.error();
  if (!*head) return Error::internal("ledger_head row is missing");
  std::int64_t index = (*head)->integer(0) - 1;
  // The head and the events must agree; they differ only if rows were removed behind our back.
  auto last = tx.query_one("SELECT COALESCE(MAX(idx), -1) FROM ledger_events");
  if (!last) return last.error();
  if ((*last)->integer(0) + 1 != index)
    return Error::internal("ledger head says " + std::to_string(index) + " events but the last stored event is " +
                           std::to_string((*last)->integer(0)) + "; run zhifa verify");

  e.index = index;
  Hash h = leaf_hash(event_bytes(e));
  auto ins = tx.exec(
      "INSERT INTO ledger_events (idx, time, agency, actor, kind, subject, payload, evidence_sha256, leaf_hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {index, e.time, e.agency, e.actor, e.kind, e.subject, e.payload, string_list_json(e.evidence_sha256),
       Blob{std::string(as_bytes(h))}});
  if (!ins) return ins.error();

  // Every subtree that the new leaf completes: while the node is a right child, hash it with
  // its left sibling into the parent.
  std::uint64_t i = static_cast<std::uint64_t>(index);
  for (int level = 0; i & 1; ++level, i >>= 1) {
    auto left = read_node(tx, level, i - 1);
    if (!left) return left.error();
    h = node_hash(*left, h);
    auto r = tx.exec("INSERT INTO ledger_nodes (level, idx, hash) VALUES (?, ?, ?)",
                     {std::int64_t{level + 1}, i64(i >> 1), Blob{std::string(as_bytes(h))}});
    if (!r) return r.error();
  }
  return index;
}

Result<std::uint64_t> log_size(Tx& tx) {
  auto row = tx.query_one("SELECT size FROM ledger_head WHERE id = 1");
  if (!row) return row.error();
  if (!*row) return Error::internal("ledger_head row is missing");
  return static_cast<std::uint64_t>((*row)->integer(0));
}

Result<Event> read_event(Tx& tx, std::uint64_t index) {
  auto row = tx.query_one(
      "SELECT idx, time, agency, actor, kind, subject, payload, evidence_sha256 FROM ledger_events WHERE idx = ?",
      {i64(index)});
  if (!row) return row.error();
  if (!*row) return Error::not_found("no ledger event " + std::to_string(index));
  Event e = event_from_row(**row);
  auto ev = parse_string_list_json((*row)->text(7));
  if (!ev) return Error::internal("event " + std::to_string(index) + ": evidence list is not a JSON list");
  e.evidence_sha256 = std::move(*ev);
  return e;
}

Result<std::string> read_entry(Tx& tx, std::uint64_t index) {
  auto e = read_event(tx, index);
  if (!e) return e.error();
  return event_bytes(*e);
}

Result<Hash> log_root(Tx& tx, std::uint64_t size) {
  return with_stored_nodes<Hash>(tx, size, [&](NodeSource& src) { return tree_root(src, size); });
}

Result<std::vector<Hash>> prove_inclusion(Tx& tx, std::uint64_t index, std::uint64_t size) {
  if (index >= size)
    return Error::invalid("index " + std::to_string(index) + " is not below size " + std::to_string(size), "index");
  return with_stored_nodes<std::vector<Hash>>(tx, size,
                                              [&](NodeSource& src) { return inclusion_proof(src, index, size); });
}

Result<std::vector<Hash>> prove_consistency(Tx& tx, std::uint64_t size1, std::uint64_t size2) {
  return with_stored_nodes<std::vector<Hash>>(tx, size2,
                                              [&](NodeSource& src) { return consistency_proof(src, size1, size2); });
}

Result<std::vector<Event>> recent_events(store::Tx& tx, int n) {
  auto rows = tx.query("SELECT idx, time, agency, kind, subject FROM ledger_events ORDER BY idx DESC LIMIT ?", {std::int64_t{n}});
  if (!rows) return rows.error();
  std::vector<Event> out;
  for (auto& r : *rows) {
    Event e;
    e.index = r.integer(0), e.time = r.text(1), e.agency = r.text(2), e.kind = r.text(3), e.subject = r.text(4);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace zhifa::ledger
