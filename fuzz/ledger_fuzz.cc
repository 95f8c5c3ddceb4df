// Signed notes, keys and bundles: what a citizen's verifier (zhifa verify-bundle, the
// /ledger/verify page) and the server read from outside. Every input goes to each parser; the
// fixed key below is the one the seed notes and bundles are signed with (fixed_key.h; fuzz/make_seeds.cc writes them).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "platform/ledger/checkpoint.h"
#include "platform/ledger/note.h"
#include "platform/ledger/verify.h"
#include "fixed_key.h"

using namespace zhifa::ledger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view s(reinterpret_cast<const char*>(data), size);
  static const Verifier known = zhifa::fuzz::fixed_key().verifier;
  static const std::vector<std::string> trusted{encode_verifier_key(known)};

  if (size < 512) {
    if (auto v = parse_verifier_key(s); v && encode_verifier_key(*v) != s) __builtin_trap();
    (void)parse_signer_key(s);
    (void)parse_checkpoint_body(s);
  }
  (void)open_note(s, std::span<const Verifier>(&known, 1));
  (void)open_checkpoint(s, std::span<const Verifier>(&known, 1));

  std::ostringstream report;
  (void)verify_bundle(s, trusted, report);
  (void)verify_bundle(s, {}, report);
  return 0;
}
