#pragma once
// Prometheus text-format metrics: request counts by route and status class, a latency
// histogram, in-flight requests, and the database pool.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace zhifa::http {

class Metrics {
 public:
  void observe(const std::string& route, int status, double seconds);
  std::atomic<int> in_flight{0};
  // Appends the metrics to out; extra carries lines from other parts (DB pool …).
  std::string render(const std::string& extra) const;

 private:
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, std::uint64_t> counts_;  // (route, status)
  std::array<std::uint64_t, kBuckets.size()> bucket_counts_{};
  std::uint64_t total_ = 0;
  double sum_ = 0;
};

}  // namespace zhifa::http
