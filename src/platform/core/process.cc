#include "platform/core/process.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string_view>

extern char** environ;

namespace zhifa::proc {

Result<int> run_program(const std::vector<std::string>& argv, std::string* output, const std::vector<std::string>& env) {
  if (argv.empty()) return Error::internal("run_program: no program");
  int fds[2];
  if (pipe(fds) != 0) return Error::unavailable("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
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
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;)
    if (output) output->append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace zhifa::proc
