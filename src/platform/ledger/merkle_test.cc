// The RFC 6962 test vectors (transparency-dev/merkle testdata) and proofs built from an
// in-memory tree, checked against roots computed from scratch.
#include "platform/ledger/merkle.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "platform/ledger/codec.h"

namespace zhifa::ledger {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// The vectors are copied into tests/vectors/ (Apache-2.0) so the test runs from any checkout.
fs::path vectors_dir() { return fs::path(ZHIFA_SOURCE_DIR) / "tests" / "vectors" / "rfc6962"; }

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

json load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::string b64(const json& v) {
  auto raw = base64_decode(v.get<std::string>());
  EXPECT_TRUE(raw.has_value()) << v;
  return raw.value_or("");
}

// A proof's hashes, or nullopt when one is not 32 bytes (which our JSON parsers reject).
std::optional<std::vector<Hash>> proof_of(const json& v) {
  std::vector<Hash> out;
  for (auto& h : v) {
    auto x = hash_from_bytes(b64(h));
    if (!x) return std::nullopt;
    out.push_back(*x);
  }
  return out;
}

TEST(MerkleVectors, Inclusion) {
  auto files = json_files(vectors_dir() / "inclusion");
  ASSERT_GT(files.size(), 50u);
  int checked = 0;
  for (auto& f : files) {
    json v = load(f);
    bool want_err = v["wantErr"].get<bool>();
    std::string root = b64(v["root"]);
    auto leaf = hash_from_bytes(b64(v["leafHash"]));
    auto proof = proof_of(v["proof"]);
    Status st = Error::invalid("a hash is not 32 bytes");
    if (leaf && proof)
      st = verify_inclusion(v["leafIdx"].get<std::uint64_t>(), v["treeSize"].get<std::uint64_t>(), *leaf, *proof,
                            as_view(root));
    EXPECT_EQ(st.ok(), !want_err) << f << ": " << v["desc"] << (st ? "" : " — " + st.error().message);
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(files.size()));
}

TEST(MerkleVectors, Consistency) {
  auto files = json_files(vectors_dir() / "consistency");
  ASSERT_GT(files.size(), 50u);
  for (auto& f : files) {
    json v = load(f);
    bool want_err = v["wantErr"].get<bool>();
    std::string root1 = b64(v["root1"]), root2 = b64(v["root2"]);
    auto proof = proof_of(v["proof"]);
    Status st = Error::invalid("a proof hash is not 32 bytes");
    if (proof)
      st = verify_consistency(v["size1"].get<std::uint64_t>(), v["size2"].get<std::uint64_t>(), *proof,
                              as_view(root1), as_view(root2));
    EXPECT_EQ(st.ok(), !want_err) << f << ": " << v["desc"] << (st ? "" : " — " + st.error().message);
  }
}

// ---- Proof generation against a tree built naively ----

std::string entry(std::uint64_t i) { return "entry " + std::to_string(i); }

// MTH by the RFC's definition, recursively, from raw entries.
Hash naive_root(std::uint64_t begin, std::uint64_t end) {
  if (end - begin == 0) return empty_root();
  if (end - begin == 1) return leaf_hash(entry(begin));
  std::uint64_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return node_hash(naive_root(begin, begin + k), naive_root(begin + k, end));
}

// Complete subtrees computed on demand, counting reads.
class MemorySource : public NodeSource {
 public:
  explicit MemorySource(std::uint64_t size) : size_(size) {}
  Result<Hash> node(int level, std::uint64_t index) override {
    if (((index + 1) << level) > size_) return Error::internal("node beyond tree");
    ++reads;
    auto key = std::make_pair(level, index);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    Hash h = level == 0 ? leaf_hash(entry(index))
                        : node_hash(*node(level - 1, 2 * index), *node(level - 1, 2 * index + 1));
    memo_[key] = h;
    return h;
  }
  int reads = 0;

 private:
  std::uint64_t size_;
  std::map<std::pair<int, std::uint64_t>, Hash> memo_;
};

TEST(MerkleProofs, RootsMatchTheDefinition) {
  for (std::uint64_t n = 0; n <= 70; ++n) {
    MemorySource src(n);
    EXPECT_EQ(*tree_root(src, n), naive_root(0, n)) << n;
  }
}

TEST(MerkleProofs, EveryInclusionProofVerifies) {
  for (std::uint64_t n = 1; n <= 40; ++n) {
    MemorySource src(n);
    Hash root = naive_root(0, n);
    for (std::uint64_t i = 0; i < n; ++i) {
      auto proof = inclusion_proof(src, i, n);
      ASSERT_TRUE(proof.ok()) << proof.error().message;
      EXPECT_TRUE(verify_inclusion(i, n, leaf_hash(entry(i)), *proof, root).ok()) << i << "/" << n;
      // The wrong leaf or the wrong index fails.
      EXPECT_FALSE(verify_inclusion(i, n, leaf_hash(entry(i + 1)), *proof, root).ok());
      if (n > 1) {
        EXPECT_FALSE(verify_inclusion((i + 1) % n, n, leaf_hash(entry(i)), *proof, root).ok());
      }
    }
  }
}

TEST(MerkleProofs, EveryConsistencyProofVerifies) {
  for (std::uint64_t n = 1; n <= 40; ++n) {
    MemorySource src(n);
    Hash root2 = naive_root(0, n);
    for (std::uint64_t m = 1; m <= n; ++m) {
      auto proof = consistency_proof(src, m, n);
      ASSERT_TRUE(proof.ok()) << proof.error().message;
      Hash root1 = naive_root(0, m);
      EXPECT_TRUE(verify_consistency(m, n, *proof, root1, root2).ok()) << m << "->" << n;
      if (m < n) {
        EXPECT_FALSE(verify_consistency(m, n, *proof, root2, root2).ok()) << m << "->" << n;
      }
    }
  }
}

// Counts reads; the hashes are stand-ins (the node's name hashed), enough to count.
class CountingSource : public NodeSource {
 public:
  Result<Hash> node(int level, std::uint64_t index) override {
    ++reads;
    return sha256(std::to_string(level) + "/" + std::to_string(index));
  }
  int reads = 0;
};

TEST(MerkleProofs, ProofsReadLogarithmicallyManyNodes) {
  const std::uint64_t n = (std::uint64_t{1} << 40) + 12345;  // 41 levels
  for (std::uint64_t i : {std::uint64_t{0}, std::uint64_t{777777}, n - 1}) {
    CountingSource src;
    ASSERT_TRUE(inclusion_proof(src, i, n).ok());
    EXPECT_LE(src.reads, 2 * 41) << i;
  }
  for (std::uint64_t m : {std::uint64_t{1}, std::uint64_t{777777}, n - 1}) {
    CountingSource src;
    ASSERT_TRUE(consistency_proof(src, m, n).ok());
    EXPECT_LE(src.reads, 3 * 41) << m;
  }
}

TEST(MerkleProofs, RejectsBadRequests) {
  MemorySource src(5);
  EXPECT_FALSE(inclusion_proof(src, 5, 5).ok());
  EXPECT_FALSE(consistency_proof(src, 0, 5).ok());
  EXPECT_FALSE(consistency_proof(src, 6, 5).ok());
  EXPECT_FALSE(subtree_root(src, 1, 3).ok());  // not aligned
}

TEST(MerkleHash, KnownValues) {
  // RFC 6962 empty tree root and the leaf hash of the empty entry.
  EXPECT_EQ(to_base64(empty_root()), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(hex_encode(as_bytes(leaf_hash(""))), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
}

}  // namespace
}  // namespace zhifa::ledger
