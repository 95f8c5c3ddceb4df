#include "platform/core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string_view>

extern char** environ;

namespace zhifa::proc {

Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env) {
  return run_program(argv, output, env, RunLimits{});
}

Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env,
                        const RunLimits& limits) {
  if (argv.empty()) return Error::internal("run_program: no program");
  int fds[2];
  // O_CLOEXEC: another thread's child never inherits this pipe (it would hold it open).
  if (pipe2(fds, O_CLOEXEC) != 0) return Error::unavailable("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  if (limits.stderr_to_output) posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  else posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e) {
    std::string_view v(*e);
    bool replaced = false;
    for (const auto& o : env) {
      auto eq = o.find('=');
      if (eq != std::string::npos && v.substr(0, eq + 1) == std::string_view(o).substr(0, eq + 1)) replaced = true;
    }
    if (!replaced) env_text.emplace_back(v);
  }
  for (const auto& o : env) env_text.push_back(o);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0].c_str(), &fa, nullptr, cargv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return Error::unavailable(argv[0] + " was not found on PATH");
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(limits.timeout_ms);
  bool timed_out = false;
  char buf[4096];
  for (;;) {
    int wait_ms = -1;
    if (limits.timeout_ms > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0) {
        timed_out = true;
        kill(pid, SIGKILL);
        break;
      }
      wait_ms = static_cast<int>(left);
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int pr = poll(&pfd, 1, wait_ms);
    if (pr < 0 && errno == EINTR) continue;
    if (pr < 0) break;
    if (pr == 0) continue;  // the deadline is checked above
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output) {
      std::size_t keep = static_cast<std::size_t>(n);
      if (limits.max_output > 0) keep = output->size() >= limits.max_output ? 0 : std::min(keep, limits.max_output - output->size());
      output->append(buf, keep);
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return kTimedOut;
  return WIFEXITED(status) ? WEXITSTATUS(status) : kKilled;
}

}  // namespace zhifa::proc
