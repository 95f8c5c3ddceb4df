#pragma once
// A background job run now and then every interval until stop(): housekeeping that must happen
// even when nobody asks, e.g. taking decisions off the public lists when their display period
// ends (publicity/decisions.h). Failures are logged to stderr and retried at the next tick.
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace zhifa::app {

// This process among several instances: "host:pid", for store::claim_periodic_run.
std::string instance_name();

class PeriodicJob {
 public:
  PeriodicJob(std::string name, int interval_s, std::function<void()> fn);
  ~PeriodicJob();
  void stop();

 private:
  std::string name_;
  int interval_s_;
  std::function<void()> fn_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zhifa::app
