#pragma once
// RFC 3797 (Publicly Verifiable NomCom Random Selection), section 4, exactly: the canonical key
// string from the randomness sources; for the i-th pick (i = 0, 1, …) the MD5 digest of
// (i as 2 bytes, big-endian) ‖ key ‖ (i as 2 bytes), read as a 128-bit unsigned integer; its
// remainder modulo the number of candidates still in the pool picks, 0-based, among them in
// their original order. Pure: no I/O, no clock. Removal uses a Fenwick tree, so a pool of a
// million costs O(k log n), never an array erase.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/core/result.h"

namespace zhifa::inspection::rfc3797 {

// The 16-bit index allows this many picks per key, no more (RFC 3797 section 4).
inline constexpr std::int64_t kMaxPicks = 65536;

using Digest = std::array<unsigned char, 16>;

// MD5(u16be(index) ‖ key ‖ u16be(index)).
Digest digest(std::string_view key, std::uint16_t index);
// The digest as a 128-bit big-endian unsigned integer, modulo divisor (> 0).
std::uint64_t remainder(const Digest& d, std::uint64_t divisor);
std::string hex(const Digest& d);  // upper case, as the RFC prints it

// The canonical key string: each source is a text of non-negative integers (separated by
// spaces, commas, dots or 、); they are sorted ascending (sorted = true, the RFC's default for
// lottery balls) or kept in order, written without leading zeros, each followed by "." and
// each source closed by "/". E.g. {"9319", "2 5 12 8 10", "9 18 26 34 41 45"} →
// "9319./2.5.8.10.12./9.18.26.34.41.45./". A source with no number or with another character
// is refused.
Result<std::string> canonical_key(const std::vector<std::string>& sources, bool sorted = true);

// Selects `select` of `pool` candidates; returns the 1-based positions in draw order.
// Refused: pool < 1, select < 0 or > pool, select > kMaxPicks (with that reason), empty key.
Result<std::vector<std::int64_t>> select(std::string_view key, std::int64_t pool, std::int64_t select);

// An order-statistic set over positions 1…n, all present at first: a bitset in 64-position
// blocks and a Fenwick tree of the blocks' counts (for a million positions: 125 KB of bits and a
// 62 KB tree, which stay in cache, rather than a 4 MB tree of single positions).
class PositionPool {
 public:
  explicit PositionPool(std::int64_t n);
  std::int64_t size() const { return count_; }
  // Removes and returns the (rank+1)-th smallest position still present (rank 0-based < size()).
  std::int64_t take(std::int64_t rank);

 private:
  std::vector<std::uint64_t> bits_;   // block b holds positions 64b+1 … 64b+64
  std::vector<std::int32_t> tree_;    // 1-based Fenwick tree of the blocks' counts
  std::int64_t blocks_ = 0, count_ = 0, top_ = 1;
};

// Sub-draws (分组抽签, issue 18): a draw of more than kMaxPicks picks is split into sub-draws of
// kMaxPicks picks each, the last taking the rest. Sub-draw n (1-based) uses the derived key
// KEY + "/" + n — e.g. "9319./2.5.8.10.12./" → "9319./2.5.8.10.12.//2" (no canonical key ends
// that way, so a derived key never equals another draw's key) — with its index restarting at 0,
// and picks among the candidates still in the pool after the earlier sub-draws, in their original
// order. A draw of at most kMaxPicks is one draw with KEY itself: RFC 3797 exactly.
std::string sub_draw_key(std::string_view key, std::int64_t number);
// How many sub-draws a draw of `count` picks needs (1 when count <= kMaxPicks).
std::int64_t sub_draw_count(std::int64_t count);
// Like select(), but a count over kMaxPicks is drawn in sub-draws as above.
Result<std::vector<std::int64_t>> select_in_sub_draws(std::string_view key, std::int64_t pool, std::int64_t count);

// The draw one pick at a time (inspectors are drawn until enough are not skipped).
class Selection {
 public:
  Selection(std::string key, std::int64_t pool) : key_(std::move(key)), left_(pool) {}
  bool done() const { return left_.size() == 0 || index_ >= kMaxPicks; }
  // The next 1-based position; call only while !done().
  std::int64_t next();

 private:
  std::string key_;
  PositionPool left_;
  std::int64_t index_ = 0;
};

}  // namespace zhifa::inspection::rfc3797
