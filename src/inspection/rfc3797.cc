#include "inspection/rfc3797.h"

#include <algorithm>
#include <bit>
#include <memory>

#include <openssl/evp.h>

namespace zhifa::inspection::rfc3797 {

Digest digest(std::string_view key, std::uint16_t index) {
  // One context, reused: the benchmark draws 10,000 picks per run.
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  thread_local EVP_MD* md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  // One message, one update: index ‖ key ‖ index.
  thread_local std::string msg;
  msg.assign(2, static_cast<char>(index >> 8));
  msg[1] = static_cast<char>(index & 0xff);
  msg.append(key);
  msg.push_back(static_cast<char>(index >> 8));
  msg.push_back(static_cast<char>(index & 0xff));
  Digest out{};
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx.get(), md5, nullptr);
  EVP_DigestUpdate(ctx.get(), msg.data(), msg.size());
  EVP_DigestFinal_ex(ctx.get(), out.data(), &len);
  return out;
}

std::uint64_t remainder(const Digest& d, std::uint64_t divisor) {
  // RFC 3797 §5: the digest is one 128-bit unsigned big-endian number, taken modulo the number of
  // candidates left. One 128-bit remainder, not one division per byte (the draw's hot loop).
  unsigned __int128 v = 0;
  for (unsigned char b : d) v = (v << 8) | b;
  return static_cast<std::uint64_t>(v % divisor);
}

std::string hex(const Digest& d) {
  static const char* h = "0123456789ABCDEF";
  std::string s;
  for (unsigned char b : d) {
    s.push_back(h[b >> 4]);
    s.push_back(h[b & 15]);
  }
  return s;
}

Result<std::string> canonical_key(const std::vector<std::string>& sources, bool sorted) {
  if (sources.empty()) return Error::invalid("至少需要一个随机数来源", "sources");
  std::string key;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    std::vector<std::string> nums;
    std::string cur;
    const std::string& t = sources[s];
    auto flush = [&] {
      if (cur.empty()) return;
      auto nz = cur.find_first_not_of('0');
      nums.push_back(nz == std::string::npos ? "0" : cur.substr(nz));
      cur.clear();
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
      char c = t[i];
      if (c >= '0' && c <= '9') {
        cur.push_back(c);
      } else if (c == ' ' || c == ',' || c == '.' || c == '\t' || c == '\n' || c == '\r') {
        flush();
      } else if (t.compare(i, 3, "、") == 0 || t.compare(i, 3, "，") == 0) {
        flush();
        i += 2;
      } else {
        return Error::invalid("第" + std::to_string(s + 1) + "个随机数来源只能包含数字", "sources");
      }
    }
    flush();
    if (nums.empty()) return Error::invalid("第" + std::to_string(s + 1) + "个随机数来源没有数字", "sources");
    if (sorted)
      std::stable_sort(nums.begin(), nums.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
      });
    for (auto& n : nums) key += n + ".";
    key += "/";
  }
  return key;
}

PositionPool::PositionPool(std::int64_t n) : count_(n) {
  blocks_ = (n + 63) / 64;
  bits_.assign(static_cast<std::size_t>(blocks_), ~std::uint64_t{0});
  if (n % 64) bits_.back() = (std::uint64_t{1} << (n % 64)) - 1;
  tree_.assign(static_cast<std::size_t>(blocks_) + 1, 0);
  // Linear build: each block's count, then each node adds itself to its parent.
  for (std::int64_t i = 1; i <= blocks_; ++i) {
    tree_[i] += std::popcount(bits_[i - 1]);
    std::int64_t parent = i + (i & -i);
    if (parent <= blocks_) tree_[parent] += tree_[i];
  }
  while (top_ * 2 <= blocks_) top_ *= 2;
}

std::int64_t PositionPool::take(std::int64_t rank) {
  // Binary lifting: the first block whose prefix count exceeds rank.
  std::int64_t block = 0, remaining = rank;
  for (std::int64_t step = top_; step > 0; step /= 2) {
    std::int64_t next = block + step;
    if (next <= blocks_ && tree_[next] <= remaining) {
      block = next;
      remaining -= tree_[next];
    }
  }
  // Within the block (0-based `block`): the remaining-th set bit.
  std::uint64_t word = bits_[block];
  for (std::int64_t i = 0; i < remaining; ++i) word &= word - 1;
  int bit = std::countr_zero(word);
  bits_[block] &= ~(std::uint64_t{1} << bit);
  for (std::int64_t i = block + 1; i <= blocks_; i += i & -i) tree_[i] -= 1;
  --count_;
  return block * 64 + bit + 1;
}

std::int64_t Selection::next() {
  auto rank = remainder(digest(key_, static_cast<std::uint16_t>(index_++)), static_cast<std::uint64_t>(left_.size()));
  return left_.take(static_cast<std::int64_t>(rank));
}

namespace {

Status check_draw(std::string_view key, std::int64_t pool, std::int64_t count) {
  if (key.empty()) return Error::invalid("随机种子（key）不能为空", "key");
  if (pool < 1) return Error::invalid("候选名单为空", "pool");
  if (pool > 100000000) return Error::invalid("候选名单过大（至多一亿）", "pool");
  if (count < 0 || count > pool) return Error::invalid("抽取数量须在 0 至候选人数之间", "select");
  return {};
}

}  // namespace

Result<std::vector<std::int64_t>> select(std::string_view key, std::int64_t pool, std::int64_t count) {
  if (auto st = check_draw(key, pool, count); !st) return st.error();
  if (count > kMaxPicks)
    return Error::invalid("RFC 3797 的 16 位序号每个种子至多抽取 65536 个，本次需抽取 " + std::to_string(count) + " 个，请拆分为分组抽签",
                          "select");
  Selection s{std::string(key), pool};
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) out.push_back(s.next());
  return out;
}

std::string sub_draw_key(std::string_view key, std::int64_t number) { return std::string(key) + "/" + std::to_string(number); }

std::int64_t sub_draw_count(std::int64_t count) { return count <= kMaxPicks ? 1 : (count + kMaxPicks - 1) / kMaxPicks; }

Result<std::vector<std::int64_t>> select_in_sub_draws(std::string_view key, std::int64_t pool, std::int64_t count) {
  if (count <= kMaxPicks) return select(key, pool, count);
  if (auto st = check_draw(key, pool, count); !st) return st.error();
  PositionPool left(pool);
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(count));
  for (std::int64_t n = 1; n <= sub_draw_count(count); ++n) {
    std::string k = sub_draw_key(key, n);
    std::int64_t picks = std::min(kMaxPicks, count - (n - 1) * kMaxPicks);
    for (std::int64_t i = 0; i < picks; ++i) {
      auto rank = remainder(digest(k, static_cast<std::uint16_t>(i)), static_cast<std::uint64_t>(left.size()));
      out.push_back(left.take(static_cast<std::int64_t>(rank)));
    }
  }
  return out;
}

}  // namespace zhifa::inspection::rfc3797
