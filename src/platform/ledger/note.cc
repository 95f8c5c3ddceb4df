#include "platform/ledger/note.h"

#include "platform/core/text.h"
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "platform/ledger/codec.h"
#include "platform/ledger/merkle.h"

namespace zhifa::ledger {
namespace {

constexpr std::uint8_t kAlgEd25519 = 1;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // "— "

bool init_sodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string with_alg(const std::array<std::uint8_t, 32>& key) {
  std::string out(1, static_cast<char>(kAlgEd25519));
  out.append(reinterpret_cast<const char*>(key.data()), key.size());
  return out;
}

std::uint32_t key_id(std::string_view name, const std::array<std::uint8_t, 32>& public_key) {
  std::string msg(name);
  msg += '\n';
  msg += with_alg(public_key);
  Hash h = sha256(msg);
  return std::uint32_t{h[0]} << 24 | std::uint32_t{h[1]} << 16 | std::uint32_t{h[2]} << 8 | h[3];
}

std::string hex8(std::uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof buf, "%08x", v);
  return buf;
}

// Non-empty, no ASCII whitespace or other Unicode spaces we know of, no "+".
bool valid_name(std::string_view name) {
  if (name.empty() || name.find('+') != std::string_view::npos) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c == 0x7F) return false;
  // The Unicode spaces sumdb/note also refuses: U+0085, U+00A0, U+1680, U+2000–U+200A,
  // U+2028, U+2029, U+202F, U+205F, U+3000.
  for (std::string_view bad : {"\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9",
                               "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"})
    if (name.find(bad) != std::string_view::npos) return false;
  for (std::size_t i = 0; i + 2 < name.size(); ++i)
    if (name[i] == '\xE2' && name[i + 1] == '\x80' && static_cast<unsigned char>(name[i + 2]) >= 0x80 &&
        static_cast<unsigned char>(name[i + 2]) <= 0x8A)
      return false;
  return true;
}

// Splits s at the first sep: (before, after); after is empty when sep is absent.
std::pair<std::string_view, std::string_view> chop(std::string_view s, char sep) {
  auto i = s.find(sep);
  if (i == std::string_view::npos) return {s, {}};
  return {s.substr(0, i), s.substr(i + 1)};
}

Result<std::uint32_t> parse_hex8(std::string_view s) {
  auto raw = s.size() == 8 ? hex_decode(s) : std::nullopt;
  if (!raw) return Error::invalid("key ID is not 8 hex digits");
  std::uint32_t v = 0;
  for (unsigned char c : *raw) v = v << 8 | c;
  return v;
}

// "<alg byte><32 bytes>" in base64.
Result<std::array<std::uint8_t, 32>> parse_key_bytes(std::string_view b64) {
  auto raw = base64_decode(b64);
  if (!raw || raw->empty()) return Error::invalid("key is not base64");
  if (static_cast<std::uint8_t>((*raw)[0]) != kAlgEd25519) return Error::invalid("key algorithm is not Ed25519");
  if (raw->size() != 33) return Error::invalid("Ed25519 key is not 32 bytes");
  std::array<std::uint8_t, 32> out;
  std::memcpy(out.data(), raw->data() + 1, 32);
  return out;
}

// Valid UTF-8 with no control characters but "\n", as sumdb/note requires of a whole note.
bool valid_note_text(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 && c != '\n') return false;
  return text::valid_utf8(s);
}

}  // namespace

Result<SignerKey> generate_key(std::string_view name) {
  if (!init_sodium()) return Error::internal("libsodium failed to initialise");
  if (!valid_name(name)) return Error::invalid("key name must be non-empty, without spaces or '+'", "name");
  SignerKey k;
  randombytes_buf(k.seed.data(), k.seed.size());
  std::array<std::uint8_t, 64> sk;
  crypto_sign_seed_keypair(k.verifier.public_key.data(), sk.data(), k.seed.data());
  sodium_memzero(sk.data(), sk.size());
  k.verifier.name = std::string(name);
  k.verifier.key_id = key_id(name, k.verifier.public_key);
  return k;
}

std::string encode_verifier_key(const Verifier& v) {
  return v.name + "+" + hex8(v.key_id) + "+" + base64_encode(with_alg(v.public_key));
}

Result<Verifier> parse_verifier_key(std::string_view text) {
  auto [name, rest] = chop(text, '+');
  auto [id16, key64] = chop(rest, '+');
  if (!valid_name(name)) return Error::invalid("verifier key has an invalid name");
  auto id = parse_hex8(id16);
  if (!id) return id.error();
  auto key = parse_key_bytes(key64);
  if (!key) return key.error();
  Verifier v{std::string(name), *id, *key};
  if (key_id(v.name, v.public_key) != v.key_id) return Error::invalid("verifier key ID does not match its key");
  return v;
}

std::string encode_signer_key(const SignerKey& k) {
  return "PRIVATE+KEY+" + k.verifier.name + "+" + hex8(k.verifier.key_id) + "+" + base64_encode(with_alg(k.seed));
}

Result<SignerKey> parse_signer_key(std::string_view text) {
  if (!init_sodium()) return Error::internal("libsodium failed to initialise");
  constexpr std::string_view prefix = "PRIVATE+KEY+";
  if (!text.starts_with(prefix)) return Error::invalid("signer key does not start with PRIVATE+KEY+");
  auto [name, rest] = chop(text.substr(prefix.size()), '+');
  auto [id16, key64] = chop(rest, '+');
  if (!valid_name(name)) return Error::invalid("signer key has an invalid name");
  auto id = parse_hex8(id16);
  if (!id) return id.error();
  auto seed = parse_key_bytes(key64);
  if (!seed) return seed.error();
  SignerKey k;
  k.seed = *seed;
  std::array<std::uint8_t, 64> sk;
  crypto_sign_seed_keypair(k.verifier.public_key.data(), sk.data(), k.seed.data());
  sodium_memzero(sk.data(), sk.size());
  k.verifier.name = std::string(name);
  k.verifier.key_id = *id;
  // The ID names the public key, so it can only be checked once that is derived.
  if (key_id(k.verifier.name, k.verifier.public_key) != k.verifier.key_id)
    return Error::invalid("signer key ID does not match its key");
  return k;
}

Status save_key(const std::string& path, const SignerKey& k) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Error::conflict("cannot create key file " + path + ": " + std::strerror(errno));
  std::string text = encode_signer_key(k) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!ok) return Error::internal("cannot write key file " + path);
  return {};
}

Result<SignerKey> load_key(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Error::not_found("no key file " + path);
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
    return Error::forbidden("key file " + path + " has mode " + mode + ": others may read it; chmod 600 it");
  }
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  auto k = parse_signer_key(text);
  sodium_memzero(text.data(), text.size());
  if (!k) return Error::invalid("key file " + path + ": " + k.error().message);
  return k;
}

Result<std::string> sign_note(std::string_view text, const SignerKey& k) {
  if (!init_sodium()) return Error::internal("libsodium failed to initialise");
  if (text.empty() || text.back() != '\n' || !valid_note_text(text))
    return Error::invalid("note text must be UTF-8 without control characters and end in a newline");
  if (!valid_name(k.verifier.name)) return Error::invalid("signer name is invalid");
  std::array<std::uint8_t, 64> sk;
  std::array<std::uint8_t, 32> pk;
  crypto_sign_seed_keypair(pk.data(), sk.data(), k.seed.data());
  std::string blob(4 + crypto_sign_BYTES, '\0');
  for (int i = 0; i < 4; ++i) blob[i] = static_cast<char>(k.verifier.key_id >> (24 - 8 * i));
  crypto_sign_detached(reinterpret_cast<unsigned char*>(blob.data() + 4), nullptr,
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(), sk.data());
  sodium_memzero(sk.data(), sk.size());
  std::string out(text);
  out += "\n";
  out += kSigPrefix;
  out += k.verifier.name + " " + base64_encode(blob) + "\n";
  return out;
}

Result<std::string> open_note(std::string_view note, std::span<const Verifier> known) {
  if (!init_sodium()) return Error::internal("libsodium failed to initialise");
  if (!valid_note_text(note)) return Error::invalid("malformed note: not UTF-8 text");
  auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Error::invalid("malformed note: no blank line before signatures");
  std::string_view text = note.substr(0, split + 1), sigs = note.substr(split + 2);
  if (sigs.empty() || sigs.back() != '\n') return Error::invalid("malformed note: signatures must end in a newline");

  int verified = 0, count = 0;
  while (!sigs.empty()) {
    auto nl = sigs.find('\n');
    std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    if (++count > 100) return Error::invalid("malformed note: too many signatures");
    if (!line.starts_with(kSigPrefix)) return Error::invalid("malformed note: signature line does not start with —");
    auto [name, b64] = chop(line.substr(kSigPrefix.size()), ' ');
    auto raw = base64_decode(b64);
    if (!raw || !valid_name(name) || raw->size() < 5) return Error::invalid("malformed note: bad signature line");
    std::uint32_t id = 0;
    for (int i = 0; i < 4; ++i) id = id << 8 | static_cast<std::uint8_t>((*raw)[i]);
    for (const Verifier& v : known) {
      if (v.name != name || v.key_id != id) continue;
      if (raw->size() != 4 + crypto_sign_BYTES ||
          crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(raw->data() + 4),
                                      reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                      v.public_key.data()) != 0)
        return Error::invalid("invalid signature for key " + v.name + "+" + hex8(v.key_id));
      ++verified;
    }
  }
  if (verified == 0) return Error::invalid("note has no signature by a known key");
  return std::string(text);
}

}  // namespace zhifa::ledger
