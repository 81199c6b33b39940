#include "plugin_host/plugin_probe.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>

#include <sluice/loader.hpp>

#include "crash/crash_handler.hpp"

extern char** environ;

namespace sluice::engine {

namespace fs = std::filesystem;

namespace {

// The child's side: open the file as the engine would, then leave at once (no destructors, no
// atexit handlers of the plugin). A crash or an exit() inside is what the parent looks for; a
// refusal (PluginLoadError) is not: the parent's own open reports it with its message.
[[gnu::constructor]] void run_probe_child_if_asked() {
  const char* file = std::getenv(plugin_probe_env);
  if (file == nullptr) return;
  rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);  // a crash here is expected: no core file for it
  try {
    PluginLibrary::open(file);
  } catch (...) {
  }
  ::_exit(0);
}

constexpr int kParallelProbes = 8;
constexpr int kProbeTimeoutMs = 60'000;
constexpr std::array kFatalSignals{SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

using CacheKey = std::tuple<std::string, std::uintmax_t, fs::file_time_type::rep>;

std::mutex cache_mutex;
std::map<CacheKey, std::string>& cache() {
  static std::map<CacheKey, std::string> results;
  return results;
}

std::optional<CacheKey> cache_key(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  if (ec) return std::nullopt;
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return std::nullopt;
  return CacheKey{fs::absolute(file, ec).string(), size, mtime.time_since_epoch().count()};
}

// Starts the child for `file`, or returns -1 (then the file is opened without a probe).
pid_t spawn_probe(const fs::path& file) {
  std::string var = std::string(plugin_probe_env) + "=" + file.string();
  std::vector<char*> envp;
  const std::string prefix = std::string(plugin_probe_env) + "=";
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, prefix.c_str(), prefix.size()) != 0) envp.push_back(*e);
  envp.push_back(var.data());
  envp.push_back(nullptr);
  std::string exe = "/proc/self/exe";
  std::vector<char*> argv{exe.data(), nullptr};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  for (int fd : {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO})
    posix_spawn_file_actions_addopen(&actions, fd, "/dev/null",
                                     fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int sig : kFatalSignals) sigaddset(&defaults, sig);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// Waits for the child up to the deadline (killing it after); returns its wait status, or nullopt
// when it had to be killed.
std::optional<int> wait_probe(pid_t pid, std::chrono::steady_clock::time_point deadline) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  bool timed_out = false;
  if (pidfd >= 0) {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      pollfd p{pidfd, POLLIN, 0};
      int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(left, 0)));
      if (n < 0 && errno == EINTR) continue;
      timed_out = n == 0;
      break;
    }
    ::close(pidfd);
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return std::nullopt;
  return status;
}

std::string verdict(std::optional<int> status) {
  if (!status)
    return "it did not finish loading within " + std::to_string(kProbeTimeoutMs / 1000) + " s";
  if (WIFSIGNALED(*status)) {
    int sig = WTERMSIG(*status);
    return "it crashed while loading (signal " + std::to_string(sig) + ", " + signal_name(sig) +
           ")";
  }
  if (WIFEXITED(*status) && WEXITSTATUS(*status) != 0)
    return "it ended the process while loading (exit code " + std::to_string(WEXITSTATUS(*status)) +
           ")";
  return "";
}

}  // namespace

std::vector<std::string> probe_plugin_files(const std::vector<fs::path>& files) {
  std::vector<std::string> out(files.size());
  std::vector<std::optional<CacheKey>> keys(files.size());
  std::vector<std::size_t> todo;
  {
    std::lock_guard lock(cache_mutex);
    for (std::size_t i = 0; i < files.size(); ++i) {
      keys[i] = cache_key(files[i]);
      auto hit = keys[i] ? cache().find(*keys[i]) : cache().end();
      if (hit != cache().end()) {
        out[i] = hit->second;
      } else {
        todo.push_back(i);
      }
    }
  }
  for (std::size_t start = 0; start < todo.size(); start += kParallelProbes) {
    std::size_t end = std::min(todo.size(), start + kParallelProbes);
    std::vector<pid_t> pids;
    for (std::size_t j = start; j < end; ++j) pids.push_back(spawn_probe(files[todo[j]]));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kProbeTimeoutMs);
    for (std::size_t j = start; j < end; ++j) {
      pid_t pid = pids[j - start];
      if (pid < 0) continue;  // could not start a child: the file is opened unprobed
      std::size_t i = todo[j];
      out[i] = verdict(wait_probe(pid, deadline));
      if (keys[i]) {
        std::lock_guard lock(cache_mutex);
        cache()[*keys[i]] = out[i];
      }
    }
  }
  return out;
}

std::string probe_plugin_file(const fs::path& file) {
  return probe_plugin_files({file}).front();
}

}  // namespace sluice::engine
