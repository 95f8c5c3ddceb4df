#pragma once
// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, byte-compatible with
// golang.org/x/mod/sumdb/note:
//   key ID        = first 4 bytes (big-endian) of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)
//   verifier key  = <name>+<key ID, 8 lowercase hex>+<base64(0x01 ‖ public key)>
//   signer key    = PRIVATE+KEY+<name>+<key ID>+<base64(0x01 ‖ 32-byte seed)>
//   signed note   = text (ends in "\n") ‖ "\n" ‖ one line per signature:
//                   "— <name> <base64(key ID ‖ 64-byte signature over text)>\n"  (— is U+2014)
// A name is non-empty UTF-8 with no whitespace and no "+".
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::ledger {

struct Verifier {
  std::string name;
  std::uint32_t key_id = 0;
  std::array<std::uint8_t, 32> public_key{};
};

struct SignerKey {
  Verifier verifier;                     // the public half
  std::array<std::uint8_t, 32> seed{};   // the Ed25519 private seed: keep secret
};

// A fresh key for the given name (e.g. the log's origin).
Result<SignerKey> generate_key(std::string_view name);

std::string encode_verifier_key(const Verifier& v);
Result<Verifier> parse_verifier_key(std::string_view text);
std::string encode_signer_key(const SignerKey& k);
Result<SignerKey> parse_signer_key(std::string_view text);

// Writes the signer key to path with mode 0600; refuses to overwrite an existing file.
Status save_key(const std::string& path, const SignerKey& k);
// Reads a signer key; refuses a file that group or others may read (mode & 077).
Result<SignerKey> load_key(const std::string& path);

// Signs text (which must end in "\n" and be valid UTF-8 without control characters other than
// newline) and returns the signed note.
Result<std::string> sign_note(std::string_view text, const SignerKey& k);

// Parses a signed note and checks its signatures against the known verifiers: returns the
// text when at least one known key signed it and every signature by a known key is valid
// (signatures by unknown keys are ignored, as in sumdb/note's Open).
Result<std::string> open_note(std::string_view note, std::span<const Verifier> known);

}  // namespace zhifa::ledger
