#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace sluice::bench {

namespace {

double seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

// posix_spawn file actions, destroyed on every path.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
};

// Peak resident set of a running process: VmHWM of /proc/<pid>/status, in KiB (0 if unreadable,
// e.g. once it exited). ru_maxrss cannot be used: posix_spawn shares the parent's memory until
// exec, and Linux carries that high-water mark into the child's ru_maxrss, so it would report the
// benchmark's own size (it holds the whole topic in the mock broker).
long vm_hwm_kib(pid_t pid) {
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r");
  if (!f) return 0;
  long kib = 0;
  char line[256];
  while (std::fgets(line, sizeof line, f))
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) break;
  std::fclose(f);
  return kib;
}

// While the child runs: samples its peak RSS every 20 ms and kills it if it outlives its deadline.
// Stopped (and joined) once the child is reaped.
class ChildMonitor {
 public:
  ChildMonitor(pid_t pid, std::chrono::seconds timeout)
      : thread_([this, pid, timeout] {
          const auto deadline = std::chrono::steady_clock::now() + timeout;
          std::unique_lock lock(mu_);
          while (!done_) {
            peak_kib_ = std::max(peak_kib_, vm_hwm_kib(pid));
            if (std::chrono::steady_clock::now() >= deadline) {
              fired_ = true;
              ::kill(pid, SIGKILL);
              break;
            }
            cv_.wait_for(lock, std::chrono::milliseconds(20), [this] { return done_; });
          }
        }) {}
  ~ChildMonitor() { stop(); }
  ChildMonitor(const ChildMonitor&) = delete;
  ChildMonitor& operator=(const ChildMonitor&) = delete;

  void stop() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  bool fired() const { return fired_; }
  long peak_kib() const { return peak_kib_; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool fired_ = false;
  long peak_kib_ = 0;
  std::thread thread_;
};

// Copies a child's stderr from a pipe to a file, noting when a marker line first appears.
class StderrWatcher {
 public:
  StderrWatcher(int read_fd, const std::string& copy_path, std::string marker,
                std::chrono::steady_clock::time_point start)
      : fd_(read_fd),
        marker_(std::move(marker)),
        start_(start),
        copy_(std::fopen(copy_path.c_str(), "w")) {
    thread_ = std::thread([this] { pump(); });
  }
  ~StderrWatcher() {
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
    if (copy_) std::fclose(copy_);
  }
  StderrWatcher(const StderrWatcher&) = delete;
  StderrWatcher& operator=(const StderrWatcher&) = delete;

  // Waits for the child's end of the pipe to close (the child exited).
  double finish() {
    if (thread_.joinable()) thread_.join();
    return marker_at_s_;
  }

 private:
  void pump() {
    std::string pending;
    char buf[4096];
    while (true) {
      const ssize_t n = ::read(fd_, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      if (copy_) std::fwrite(buf, 1, static_cast<std::size_t>(n), copy_);
      if (marker_at_s_ >= 0) continue;
      pending.append(buf, static_cast<std::size_t>(n));
      if (pending.find(marker_) != std::string::npos) {
        marker_at_s_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      } else if (auto nl = pending.rfind('\n'); nl != std::string::npos) {
        pending.erase(0,
                      nl + 1);  // only a partial last line can still hold the start of the marker
      }
    }
  }

  int fd_;
  std::string marker_;
  std::chrono::steady_clock::time_point start_;
  std::FILE* copy_;
  double marker_at_s_ = -1;
  std::thread thread_;
};

}  // namespace

std::string ChildResult::describe() const {
  if (timed_out) return "killed after the timeout";
  if (term_signal != 0) return "killed by signal " + std::to_string(term_signal);
  return "exit " + std::to_string(exit_code);
}

ChildResult run_child(const ChildSpec& spec) {
  if (spec.argv.empty()) throw std::runtime_error("run_child: empty argv");
  FileActions fa;
  posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa.actions, STDOUT_FILENO, spec.stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int pipe_fds[2] = {-1, -1};
  if (spec.stderr_marker.empty()) {
    posix_spawn_file_actions_addopen(&fa.actions, STDERR_FILENO, spec.stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  } else {
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_adddup2(&fa.actions, pipe_fds[1],
                                     STDERR_FILENO);  // dup2 clears O_CLOEXEC on fd 2
  }
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawn_error = ::posix_spawnp(&pid, argv[0], &fa.actions, nullptr, argv.data(), environ);
  std::optional<StderrWatcher> watcher;
  if (pipe_fds[1] >= 0) {
    ::close(pipe_fds[1]);  // only the child writes
    if (spawn_error != 0)
      ::close(pipe_fds[0]);
    else
      watcher.emplace(pipe_fds[0], spec.stderr_path, spec.stderr_marker, start);
  }
  if (spawn_error != 0)
    throw std::runtime_error("cannot start " + spec.argv[0] + ": " + std::strerror(spawn_error));

  ChildMonitor monitor(pid, spec.timeout);
  int status = 0;
  rusage ru{};
  pid_t got;
  do {
    got = ::wait4(pid, &status, 0, &ru);
  } while (got < 0 && errno == EINTR);
  const auto end = std::chrono::steady_clock::now();
  monitor.stop();
  const double marker_at = watcher ? watcher->finish() : -1;
  if (got < 0) throw std::runtime_error("wait4 for " + spec.argv[0] + ": " + std::strerror(errno));

  ChildResult r;
  r.wall_s = std::chrono::duration<double>(end - start).count();
  r.user_s = seconds(ru.ru_utime);
  r.sys_s = seconds(ru.ru_stime);
  r.max_rss_mb = static_cast<double>(monitor.peak_kib()) / 1024.0;
  r.timed_out = monitor.fired();
  r.marker_at_s = marker_at;
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.term_signal = WTERMSIG(status);
  return r;
}

}  // namespace sluice::bench
