#include "platform/http/metrics.h"

#include <fmt/format.h>

namespace zhifa::http {

void Metrics::observe(const std::string& route, int status, double seconds) {
  std::lock_guard lk(mu_);
  ++counts_[{route, status}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  ++total_;
  sum_ += seconds;
}

std::string Metrics::render(const std::string& extra) const {
  std::lock_guard lk(mu_);
  std::string out;
  out += "# HELP zhifa_http_requests_total HTTP requests by route pattern and status.\n";
  out += "# TYPE zhifa_http_requests_total counter\n";
  for (const auto& [key, n] : counts_)
    out += fmt::format("zhifa_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", key.first, key.second, n);
  out += "# HELP zhifa_http_request_duration_seconds Time from request to response.\n";
  out += "# TYPE zhifa_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    out += fmt::format("zhifa_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i], bucket_counts_[i]);
  out += fmt::format("zhifa_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", total_);
  out += fmt::format("zhifa_http_request_duration_seconds_sum {}\n", sum_);
  out += fmt::format("zhifa_http_request_duration_seconds_count {}\n", total_);
  out += "# HELP zhifa_http_in_flight Requests being handled now.\n# TYPE zhifa_http_in_flight gauge\n";
  out += fmt::format("zhifa_http_in_flight {}\n", in_flight.load());
  return out + extra;
}

}  // namespace zhifa::http
