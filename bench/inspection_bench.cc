// Issue 18: draw 1 % of 1,000,000 objects and two inspectors for each from a pool of 500 with
// RFC 3797 (inspection/rfc3797.h), against a plain loop computing the same number of MD5
// digests of the same messages in the same run (the work RFC 3797 itself needs). Goal: ≤ 2× of
// that loop and ≤ 1 s. Prints one Markdown table row.
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "inspection/draw_record.h"
#include "inspection/rfc3797.h"

using namespace zhifa::inspection;
using Clock = std::chrono::steady_clock;

int main() {
  const std::int64_t kObjects = 1000000, kSelect = 10000, kInspectors = 500;
  const std::string key = "3.7.12.19.25.31./9./";
  double best_draw = 1e9, best_md5 = 1e9;
  std::int64_t digests = 0;
  for (int round = 0; round < 5; ++round) {
    auto t0 = Clock::now();
    auto objects = rfc3797::select(key, kObjects, kSelect);
    digests = kSelect;
    std::int64_t check = 0;
    for (auto pos : *objects) {
      rfc3797::Selection s(inspector_key(key, pos), kInspectors);
      check += s.next() + s.next();
      digests += 2;
    }
    double draw = std::chrono::duration<double>(Clock::now() - t0).count();
    // The plain loop: the same number of digests of messages of the same lengths.
    auto t1 = Clock::now();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_MD* md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    unsigned char out[16];
    unsigned int len = 0, sink = 0;
    std::string msg = "00" + key + "00", msg2 = "00" + inspector_key(key, 123456) + "00";
    for (std::int64_t i = 0; i < digests; ++i) {
      const std::string& m = i < kSelect ? msg : msg2;
      EVP_DigestInit_ex(ctx, md5, nullptr);
      EVP_DigestUpdate(ctx, m.data(), m.size());
      EVP_DigestFinal_ex(ctx, out, &len);
      sink += out[0];
    }
    EVP_MD_free(md5);
    EVP_MD_CTX_free(ctx);
    double loop = std::chrono::duration<double>(Clock::now() - t1).count();
    best_draw = std::min(best_draw, draw);
    best_md5 = std::min(best_md5, loop);
    if (check == 0 && sink == 12345) std::puts("");
  }
  double ratio = best_draw / best_md5;
  std::printf("| inspection: RFC 3797 draw of 1%% of 1,000,000 objects + 2 inspectors each from 500 (%lld MD5 digests), best of 5 | %.1f ms | "
              "plain MD5 loop, same digests: %.1f ms | %.2f× | ≤ 2× and ≤ 1 s | %s |\n",
              static_cast<long long>(digests), best_draw * 1000, best_md5 * 1000, ratio,
              (ratio <= 2.0 && best_draw <= 1.0) ? "yes" : "**no**");
}
