#include "platform/ledger/merkle.h"

#include <openssl/evp.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "platform/ledger/codec.h"

namespace zhifa::ledger {
namespace {

// SHA-256 over the concatenation of parts. EVP_Digest* on a stack context: no allocation
// beyond OpenSSL's own, ~5 M small hashes/s with SHA-NI.
Hash digest(std::initializer_list<std::string_view> parts) {
  Hash out{};
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (auto p : parts) EVP_DigestUpdate(ctx, p.data(), p.size());
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  EVP_MD_CTX_free(ctx);
  return out;
}

std::string_view sv(ByteView b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

// The largest power of two strictly less than n. Requires n > 1.
std::uint64_t split_point(std::uint64_t n) { return std::bit_floor(n - 1); }

std::string range_text(std::uint64_t begin, std::uint64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

}  // namespace

Hash sha256(std::string_view bytes) { return digest({bytes}); }
Hash leaf_hash(std::string_view entry) { return digest({std::string_view("\x00", 1), entry}); }
Hash node_hash(ByteView left, ByteView right) { return digest({std::string_view("\x01", 1), sv(left), sv(right)}); }
Hash empty_root() { return digest({}); }

std::string_view as_bytes(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }
ByteView as_view(std::string_view bytes) { return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}; }

std::optional<Hash> hash_from_bytes(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

std::string to_base64(const Hash& h) { return base64_encode(as_bytes(h)); }

std::optional<Hash> hash_from_base64(std::string_view text) {
  auto raw = base64_decode(text);
  if (!raw) return std::nullopt;
  return hash_from_bytes(*raw);
}

// ---- Building roots and proofs from stored complete subtrees ----

Result<Hash> subtree_root(NodeSource& src, std::uint64_t begin, std::uint64_t end) {
  if (begin >= end) return Error::invalid("empty range " + range_text(begin, end));
  if (begin != 0 && begin % std::bit_ceil(end - begin) != 0)
    return Error::invalid("range " + range_text(begin, end) + " is not a left-aligned subtree");
  // Split [begin, end) into complete subtrees, largest first; then fold them right to left,
  // which is exactly MTH's recursion when every split is at the largest power of two.
  std::vector<Hash> parts;
  for (std::uint64_t at = begin; at < end;) {
    std::uint64_t size = std::bit_floor(end - at);
    auto h = src.node(std::countr_zero(size), at / size);
    if (!h) return h.error();
    parts.push_back(*h);
    at += size;
  }
  Hash acc = parts.back();
  for (std::size_t i = parts.size() - 1; i-- > 0;) acc = node_hash(parts[i], acc);
  return acc;
}

Result<Hash> tree_root(NodeSource& src, std::uint64_t size) {
  if (size == 0) return empty_root();
  return subtree_root(src, 0, size);
}

namespace {

// PATH(m, D[off : off+n]), appended to out deepest first.
Status path(NodeSource& src, std::uint64_t m, std::uint64_t off, std::uint64_t n, std::vector<Hash>& out) {
  if (n == 1) return {};
  std::uint64_t k = split_point(n);
  Result<Hash> sibling = Error::internal("unset");
  if (m < k) {
    if (auto st = path(src, m, off, k, out); !st) return st;
    sibling = subtree_root(src, off + k, off + n);
  } else {
    if (auto st = path(src, m - k, off + k, n - k, out); !st) return st;
    sibling = subtree_root(src, off, off + k);
  }
  if (!sibling) return sibling.error();
  out.push_back(*sibling);
  return {};
}

// SUBPROOF(m, D[off : off+n], b), RFC 9162 §2.1.4.1.
Status subproof(NodeSource& src, std::uint64_t m, std::uint64_t off, std::uint64_t n, bool b,
                std::vector<Hash>& out) {
  if (m == n) {
    if (b) return {};
    auto h = subtree_root(src, off, off + n);
    if (!h) return h.error();
    out.push_back(*h);
    return {};
  }
  std::uint64_t k = split_point(n);
  Result<Hash> sibling = Error::internal("unset");
  if (m <= k) {
    if (auto st = subproof(src, m, off, k, b, out); !st) return st;
    sibling = subtree_root(src, off + k, off + n);
  } else {
    if (auto st = subproof(src, m - k, off + k, n - k, false, out); !st) return st;
    sibling = subtree_root(src, off, off + k);
  }
  if (!sibling) return sibling.error();
  out.push_back(*sibling);
  return {};
}

}  // namespace

Result<std::vector<Hash>> inclusion_proof(NodeSource& src, std::uint64_t index, std::uint64_t size) {
  if (index >= size)
    return Error::invalid("index " + std::to_string(index) + " is not below tree size " + std::to_string(size));
  std::vector<Hash> out;
  if (auto st = path(src, index, 0, size, out); !st) return st.error();
  return out;
}

Result<std::vector<Hash>> consistency_proof(NodeSource& src, std::uint64_t size1, std::uint64_t size2) {
  if (size1 == 0 || size1 > size2)
    return Error::invalid("consistency proof needs 0 < from ≤ to, got from " + std::to_string(size1) + ", to " +
                          std::to_string(size2));
  std::vector<Hash> out;
  if (size1 == size2) return out;
  if (auto st = subproof(src, size1, 0, size2, true, out); !st) return st.error();
  return out;
}

// ---- Verification (after transparency-dev/merkle proof/verify.go) ----
//
// An inclusion proof for `index` in a tree of `size` leaves is `inner` hashes that climb from
// the leaf through the subtrees shared with the last leaf's path, then `border` hashes of
// left siblings along the tree's right border.

namespace {

struct Decomposition { std::size_t inner, border; };

Decomposition decompose_inclusion(std::uint64_t index, std::uint64_t size) {
  std::size_t inner = static_cast<std::size_t>(std::bit_width(index ^ (size - 1)));
  std::size_t border = static_cast<std::size_t>(std::popcount(index >> inner));
  return {inner, border};
}

// Climbs from seed: at height i the sibling is on the right when bit i of index is 0.
Hash chain_inner(Hash seed, std::span<const Hash> proof, std::uint64_t index) {
  for (std::size_t i = 0; i < proof.size(); ++i)
    seed = ((index >> i) & 1) == 0 ? node_hash(seed, proof[i]) : node_hash(proof[i], seed);
  return seed;
}

// As chain_inner, but only the left siblings: the root of the smaller tree in a consistency proof.
Hash chain_inner_right(Hash seed, std::span<const Hash> proof, std::uint64_t index) {
  for (std::size_t i = 0; i < proof.size(); ++i)
    if (((index >> i) & 1) == 1) seed = node_hash(proof[i], seed);
  return seed;
}

Hash chain_border_right(Hash seed, std::span<const Hash> proof) {
  for (const Hash& h : proof) seed = node_hash(h, seed);
  return seed;
}

Status match(ByteView computed, ByteView expected, std::string_view what) {
  if (computed.size() == expected.size() && std::equal(computed.begin(), computed.end(), expected.begin()))
    return {};
  return Error::invalid(std::string(what) + " mismatch: computed " + base64_encode(sv(computed)) + ", expected " +
                        base64_encode(sv(expected)));
}

}  // namespace

Result<Hash> root_from_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf,
                                 std::span<const Hash> proof) {
  if (index >= size)
    return Error::invalid("index " + std::to_string(index) + " is beyond tree size " + std::to_string(size));
  auto [inner, border] = decompose_inclusion(index, size);
  if (proof.size() != inner + border)
    return Error::invalid("wrong inclusion proof length " + std::to_string(proof.size()) + ", want " +
                          std::to_string(inner + border));
  Hash h = chain_inner(leaf, proof.first(inner), index);
  return chain_border_right(h, proof.subspan(inner));
}

Status verify_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                        ByteView root) {
  auto computed = root_from_inclusion(index, size, leaf, proof);
  if (!computed) return computed.error();
  return match(*computed, root, "root");
}

Status verify_consistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof, ByteView root1,
                          ByteView root2) {
  if (size2 < size1)
    return Error::invalid("size2 " + std::to_string(size2) + " is smaller than size1 " + std::to_string(size1));
  if (size1 == 0) return Error::invalid("a consistency proof from the empty tree proves nothing");
  if (size1 == size2) {
    if (!proof.empty()) return Error::invalid("sizes are equal but the proof is not empty");
    return match(root1, root2, "root");
  }
  if (proof.empty()) return Error::invalid("empty consistency proof");

  // The proof is a suffix of the inclusion proof of leaf size1-1 in the tree of size2, starting
  // at the level of the largest complete subtree that ends at size1 (2^shift leaves).
  auto [inner, border] = decompose_inclusion(size1 - 1, size2);
  std::size_t shift = static_cast<std::size_t>(std::countr_zero(size1));
  inner -= shift;  // shift < inner because size1 < size2

  // That subtree's hash is proof[0], unless it is the whole smaller tree, whose root we know.
  Hash seed;
  std::size_t start = 0;
  if (size1 == (std::uint64_t{1} << shift)) {
    auto r1 = hash_from_bytes(sv(root1));
    if (!r1) return Error::invalid("root1 is " + std::to_string(root1.size()) + " bytes, want 32");
    seed = *r1;
  } else {
    seed = proof[0];
    start = 1;
  }
  if (proof.size() != start + inner + border)
    return Error::invalid("wrong consistency proof length " + std::to_string(proof.size()) + ", want " +
                          std::to_string(start + inner + border));
  auto rest = proof.subspan(start);
  std::uint64_t mask = (size1 - 1) >> shift;

  Hash hash1 = chain_border_right(chain_inner_right(seed, rest.first(inner), mask), rest.subspan(inner));
  if (auto st = match(hash1, root1, "root1"); !st) return st;
  Hash hash2 = chain_border_right(chain_inner(seed, rest.first(inner), mask), rest.subspan(inner));
  return match(hash2, root2, "root2");
}

}  // namespace zhifa::ledger
