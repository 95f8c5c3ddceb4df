#include "platform/ledger/checkpoint.h"

#include <charconv>

#include "platform/core/clock.h"
#include "platform/ledger/log.h"

namespace zhifa::ledger {
namespace {

std::string_view next_line(std::string_view& text) {
  auto nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  return line;
}

Result<std::optional<StoredCheckpoint>> one_checkpoint(store::Tx& tx, std::string_view sql, const store::Params& p) {
  auto row = tx.query_one(sql, p);
  if (!row) return row.error();
  if (!*row) return std::optional<StoredCheckpoint>{};
  StoredCheckpoint c;
  c.size = static_cast<std::uint64_t>((*row)->integer(0));
  c.time = (*row)->text(1);
  auto root = hash_from_bytes((*row)->text(2));
  if (!root) return Error::internal("checkpoint " + std::to_string(c.size) + ": stored root is not 32 bytes");
  c.root = *root;
  c.note = (*row)->text(3);
  return std::optional<StoredCheckpoint>{std::move(c)};
}

// The signed text of a note, without checking signatures (the caller checks what it needs).
std::string_view note_text(std::string_view note) {
  auto split = note.rfind("\n\n");
  return split == std::string_view::npos ? std::string_view{} : note.substr(0, split + 1);
}

}  // namespace

std::string checkpoint_body(const Checkpoint& c) {
  return c.origin + "\n" + std::to_string(c.size) + "\n" + to_base64(c.root) + "\n";
}

Result<Checkpoint> parse_checkpoint_body(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Error::invalid("checkpoint does not end in a newline");
  Checkpoint c;
  c.origin = std::string(next_line(text));
  if (c.origin.empty()) return Error::invalid("checkpoint has no origin line");
  std::string_view size = next_line(text);
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (size.empty() || ec != std::errc() || end != size.data() + size.size() || (size.size() > 1 && size[0] == '0'))
    return Error::invalid("checkpoint size line is not a decimal number: " + std::string(size));
  auto root = hash_from_base64(next_line(text));
  if (!root) return Error::invalid("checkpoint root line is not a base64 SHA-256 hash");
  c.root = *root;
  while (!text.empty())
    if (next_line(text).empty()) return Error::invalid("checkpoint has an empty extension line");
  return c;
}

Result<std::string> sign_checkpoint(const Checkpoint& c, const SignerKey& k) {
  if (c.origin.empty() || c.origin.find('\n') != std::string::npos)
    return Error::invalid("checkpoint origin must be one non-empty line", "origin");
  return sign_note(checkpoint_body(c), k);
}

Result<Checkpoint> open_checkpoint(std::string_view note, std::span<const Verifier> known) {
  auto text = open_note(note, known);
  if (!text) return text.error();
  return parse_checkpoint_body(*text);
}

Result<std::optional<StoredCheckpoint>> latest_checkpoint(store::Tx& tx) {
  return one_checkpoint(tx, "SELECT size, time, root, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1", {});
}

Result<std::optional<StoredCheckpoint>> checkpoint_at(store::Tx& tx, std::uint64_t size) {
  return one_checkpoint(tx, "SELECT size, time, root, note FROM ledger_checkpoints WHERE size = ?",
                        {static_cast<std::int64_t>(size)});
}

Result<std::optional<StoredCheckpoint>> make_checkpoint(store::Database& db, const SignerKey& k,
                                                        const std::string& origin,
                                                        const std::function<Result<bool>(store::Tx&)>& may_sign) {
  std::optional<StoredCheckpoint> made;
  Status st = db.write([&](store::Tx& tx) -> Status {
    made.reset();
    if (may_sign) {
      auto mine = may_sign(tx);
      if (!mine) return mine.error();
      if (!*mine) return {};
    }
    auto size = log_size(tx);
    if (!size) return size.error();
    auto prev = latest_checkpoint(tx);
    if (!prev) return prev.error();
    std::uint64_t prev_size = *prev ? (*prev)->size : 0;
    if (prev_size > *size)
      return Error::conflict("the latest checkpoint covers " + std::to_string(prev_size) +
                             " events but the log holds " + std::to_string(*size) + "; run zhifa verify");
    if (*size == prev_size) return {};  // nothing new to sign

    auto root = log_root(tx, *size);
    if (!root) return root.error();
    if (*prev) {
      // Check against the root that was signed, not the row's copy of it.
      auto signed_prev = parse_checkpoint_body(note_text((*prev)->note));
      if (!signed_prev || signed_prev->size != prev_size || signed_prev->root != (*prev)->root)
        return Error::conflict("the latest stored checkpoint (size " + std::to_string(prev_size) +
                               ") does not match its signed note; run zhifa verify");
      auto proof = prove_consistency(tx, prev_size, *size);
      if (!proof) return proof.error();
      if (auto ok = verify_consistency(prev_size, *size, *proof, signed_prev->root, *root); !ok)
        return Error::conflict("refusing to sign a checkpoint of " + std::to_string(*size) +
                               " events: the stored tree is not consistent with the checkpoint of " +
                               std::to_string(prev_size) + " events (" + ok.error().message + ")");
    }
    auto note = sign_checkpoint(Checkpoint{origin, *size, *root}, k);
    if (!note) return note.error();
    StoredCheckpoint c{*size, clock::now_iso(), *root, *note};
    // Another process may have signed the same size meanwhile; theirs stands.
    auto ins = tx.exec("INSERT INTO ledger_checkpoints (size, time, root, note) VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (size) DO NOTHING",
                       {static_cast<std::int64_t>(c.size), c.time, store::Blob{std::string(as_bytes(c.root))}, c.note});
    if (!ins) return ins.error();
    if (*ins == 1) made = std::move(c);
    return {};
  });
  if (!st) return st.error();
  return made;
}

}  // namespace zhifa::ledger
