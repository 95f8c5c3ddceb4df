#pragma once
// The Merkle tree of RFC 6962 §2.1 / RFC 9162 §2.1: hashing, tree roots, inclusion and
// consistency proofs, and their verification.
//
// Hashes: leaf = SHA-256(0x00 ‖ entry), node = SHA-256(0x01 ‖ left ‖ right), and the root of
// the empty tree is SHA-256 of nothing.
//
// A complete subtree is named by (level, index): it covers the leaves
// [index·2^level, (index+1)·2^level); level 0 is the leaves themselves. Proofs are built from
// the hashes of such subtrees only, read through a NodeSource, so a store that keeps each
// complete subtree's hash answers any proof in O(log n) reads.
//
// The verifiers (verify_inclusion, root_from_inclusion, verify_consistency) follow
// transparency-dev/merkle's proof/verify.go and are meant to be read: each states its
// precondition and says in its Error what did not match.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::ledger {

using Hash = std::array<std::uint8_t, 32>;
// Raw bytes as received from outside, before their length is known to be right.
using ByteView = std::span<const std::uint8_t>;

Hash sha256(std::string_view bytes);
Hash leaf_hash(std::string_view entry);
Hash node_hash(ByteView left, ByteView right);
Hash empty_root();

std::string_view as_bytes(const Hash& h);
ByteView as_view(std::string_view bytes);
// nullopt unless bytes is exactly 32 bytes long.
std::optional<Hash> hash_from_bytes(std::string_view bytes);
std::string to_base64(const Hash& h);
std::optional<Hash> hash_from_base64(std::string_view text);

// Where proof generation reads the hashes of complete subtrees.
class NodeSource {
 public:
  virtual ~NodeSource() = default;
  // The hash of the complete subtree (level, index); called only for subtrees inside the tree
  // the caller asked about.
  virtual Result<Hash> node(int level, std::uint64_t index) = 0;
};

// MTH of leaves [begin, end). Requires begin < end and begin a multiple of a power of two
// that is ≥ end − begin (true of [0, n) and of every range RFC 9162's recursion splits off).
Result<Hash> subtree_root(NodeSource& src, std::uint64_t begin, std::uint64_t end);
// MTH of the first `size` leaves (empty_root() for size 0).
Result<Hash> tree_root(NodeSource& src, std::uint64_t size);
// PATH(index, D[size]), RFC 9162 §2.1.3.1. Requires index < size.
Result<std::vector<Hash>> inclusion_proof(NodeSource& src, std::uint64_t index, std::uint64_t size);
// PROOF(size1, D[size2]), RFC 9162 §2.1.4.1. Requires 0 < size1 ≤ size2 (empty when equal).
Result<std::vector<Hash>> consistency_proof(NodeSource& src, std::uint64_t size1, std::uint64_t size2);

// The root that `proof` leads to from leaf `index` in a tree of `size` leaves.
// Requires index < size and proof.size() == the path length for (index, size).
Result<Hash> root_from_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf,
                                 std::span<const Hash> proof);
// Ok when `proof` shows that `leaf` is entry `index` of the tree of `size` leaves whose root is
// `root`. Requires index < size.
Status verify_inclusion(std::uint64_t index, std::uint64_t size, const Hash& leaf, std::span<const Hash> proof,
                        ByteView root);
// Ok when `proof` shows that the tree of size1 leaves with root1 is a prefix of the tree of
// size2 leaves with root2. Requires 0 < size1 ≤ size2; when size1 == size2 the proof must be
// empty and the roots equal.
Status verify_consistency(std::uint64_t size1, std::uint64_t size2, std::span<const Hash> proof, ByteView root1,
                          ByteView root2);

}  // namespace zhifa::ledger
