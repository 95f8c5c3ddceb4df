#pragma once
// The fuzzing key: a fixed, public Ed25519 key (seed bytes 1…32) that the seed notes and bundles
// in fuzz/corpus/ledger are signed with, so the ledger target reaches past signature checks.
// Not a secret and never used outside fuzzing.
#include <sodium.h>

#include <string>

#include "platform/ledger/merkle.h"
#include "platform/ledger/note.h"

namespace zhifa::fuzz {

inline ledger::SignerKey fixed_key() {
  ledger::SignerKey k;
  k.verifier.name = "fuzz.zhifa.example/ledger";
  for (std::size_t i = 0; i < k.seed.size(); ++i) k.seed[i] = static_cast<std::uint8_t>(i + 1);
  unsigned char sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_seed_keypair(k.verifier.public_key.data(), sk, k.seed.data());
  std::string id_input = k.verifier.name + "\n\x01" +
                         std::string(reinterpret_cast<const char*>(k.verifier.public_key.data()), 32);
  auto h = ledger::sha256(id_input);
  k.verifier.key_id = (std::uint32_t(h[0]) << 24) | (std::uint32_t(h[1]) << 16) | (std::uint32_t(h[2]) << 8) | h[3];
  return k;
}

}  // namespace zhifa::fuzz
