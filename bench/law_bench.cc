// Benchmarks for src/law: add_working_days over 1M random (date, N) pairs (ns/op), and masking
// throughput on generated decision text (MB/s). Standalone main; see the report for the build.
//   law_bench [MB] [TEXT_OUT]   (default 100 MB; TEXT_OUT: also write the generated text there, so
//                                bench/run.sh can time `grep -E` over the same bytes)
// Build (bench/run.sh does this; or the law_bench target of bench/CMakeLists.txt):
//   g++ -std=c++20 -O2 -Isrc bench/law_bench.cc -o build/law_bench build/libzhifa_law.a build/libzhifa_store.a
//     build/libzhifa_core.a build/libzhifa_assets.a -lfmt -lsqlite3 -lpq -lpthread
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "law/calendar.h"
#include "law/identifiers.h"
#include "law/mask.h"

using namespace zhifa::law;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const double mb = argc > 1 ? std::atof(argv[1]) : 100.0;
  const Calendar& cal = Calendar::official();
  std::mt19937 rng(42);
  const std::int32_t lo = Calendar::first_day().serial(), hi = Date::from_ymd(2030, 12, 31)->serial();
  std::uniform_int_distribution<std::int32_t> day(lo, hi);
  std::uniform_int_distribution<int> n(0, 3650);
  constexpr int kPairs = 1000000;
  std::vector<std::pair<Date, int>> pairs(kPairs);
  for (auto& p : pairs) p = {Date::from_serial(day(rng)), n(rng)};
  std::int64_t sink = 0;
  auto t0 = Clock::now();
  for (const auto& [d, k] : pairs) sink += cal.add_working_days(d, k)->date.serial();
  auto t1 = Clock::now();
  std::printf("add_working_days: %d pairs, %.1f ns/op (checksum %lld)\n", kPairs,
              std::chrono::duration<double, std::nano>(t1 - t0).count() / kPairs, static_cast<long long>(sink));

  // Decision-like text: Chinese prose, case numbers, amounts, dates, credit codes, and personal data.
  std::string id17 = "37080219900101123";
  const std::string id = id17 + resident_id_check_char(id17);
  const std::string para =
      "济宁市人民政府外事侨务办公室行政处罚决定书 济外侨罚〔2025〕123号。当事人张三，身份证号码" + id +
      "，住所地济宁市任城区，联系电话13812345678，座机0537-2345678。经查，当事人于2025年9月26日违反规定，"
      "依据《中华人民共和国行政处罚法》第五十一条，决定罚款人民币20000元。统一社会信用代码91350100M000100Y43"
      "的济宁某某贸易有限公司为利害关系人。如不服本决定，可在六十日内申请行政复议。\n";
  std::string text;
  const std::size_t target = static_cast<std::size_t>(mb * 1024 * 1024);
  text.reserve(target + para.size());
  while (text.size() < target) text += para;
  if (argc > 2) {
    std::ofstream out(argv[2], std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", argv[2]);
      return 1;
    }
  }
  t0 = Clock::now();
  auto r = mask_personal_data(text, {"张三"});
  t1 = Clock::now();
  const double secs = std::chrono::duration<double>(t1 - t0).count();
  std::printf("mask_personal_data: %.1f MB in %.2f s = %.1f MB/s (%zu spans)\n", text.size() / 1048576.0, secs,
              text.size() / 1048576.0 / secs, r.ok() ? r->spans.size() : 0);
  return r.ok() ? 0 : 1;
}
