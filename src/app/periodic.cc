#include "app/periodic.h"

#include <unistd.h>

#include <chrono>

namespace zhifa::app {

std::string instance_name() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  return std::string(host) + ":" + std::to_string(getpid());
}

PeriodicJob::PeriodicJob(std::string name, int interval_s, std::function<void()> fn)
    : name_(std::move(name)), interval_s_(interval_s), fn_(std::move(fn)) {
  thread_ = std::thread([this] {
    std::unique_lock lk(mu_);
    while (!stop_) {
      lk.unlock();
      fn_();
      lk.lock();
      cv_.wait_for(lk, std::chrono::seconds(interval_s_), [this] { return stop_; });
    }
  });
}

PeriodicJob::~PeriodicJob() { stop(); }

void PeriodicJob::stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace zhifa::app
