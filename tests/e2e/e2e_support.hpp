// End-to-end test support: the stand-ins in process (embedded Kafka, StarRocks emulator) and the
// real `sluice` binary as a child process.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <sluice_tools/embedded_kafka.hpp>
#include <sluice_tools/starrocks_emulator.hpp>

extern char** environ;

namespace e2e {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using json = nlohmann::json;

inline fs::path build_dir() {
  return fs::path(std::getenv("SLUICE_BUILD_DIR"));
}
inline fs::path sluice_bin() {
  return build_dir() / "bin" / "sluice";
}

/// Polls `pred` until it holds or `timeout` passes; returns its last answer.
inline bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return pred();
}

inline std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "sluice-e2e-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

/// A field of /proc/PID/status in its unit (kB for Vm*), or -1 when unreadable.
inline long proc_status_field(pid_t pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

/// A child process with stdout and stderr in files.
class Process {
 public:
  Process(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
          const fs::path& log_prefix)
      : out_(log_prefix.string() + ".out"), err_(log_prefix.string() + ".err") {
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
    std::vector<char*> argv, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    // Nothing else is inherited: librdkafka's mock cluster accepts connections without
    // close-on-exec, and a child holding a copy of such a socket keeps it open after the mock
    // closed it (broker_down), so its client waits on a dead connection (60 s request timeouts).
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    if (posix_spawn(&pid_, args[0].c_str(), &fa, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
  }
  ~Process() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      wait(10s);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  bool running() {
    if (pid_ <= 0 || status_) return false;
    int st;
    if (waitpid(pid_, &st, WNOHANG) == pid_) status_ = st;
    return !status_;
  }
  /// Exit code (128+signal when killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    if (!wait_until([&] { return !running(); }, timeout)) return std::nullopt;
    if (!status_) return -1;
    return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : 128 + WTERMSIG(*status_);
  }
  void signal(int sig) {
    if (pid_ > 0 && running()) ::kill(pid_, sig);
  }
  /// Exit code (128+signal when killed) once it has ended, without waiting.
  std::optional<int> exit_code() {
    if (running() || !status_) return std::nullopt;
    return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : 128 + WTERMSIG(*status_);
  }
  pid_t pid() const { return pid_; }
  /// A field of /proc/PID/status in its unit (kB for Vm*), or -1 when gone.
  long proc_status(const std::string& field) const { return proc_status_field(pid_, field); }
  std::string out() const { return read_file(out_); }
  std::string err() const { return read_file(err_); }

 private:
  pid_t pid_ = -1;
  std::optional<int> status_;
  std::string out_, err_;
};

/// Peak resident set (VmHWM of /proc/PID/status) of a live process in bytes; 0 if unreadable.
inline std::size_t peak_rss_bytes(pid_t pid) {
  const long kb = proc_status_field(pid, "VmHWM");
  return kb < 0 ? 0 : static_cast<std::size_t>(kb) * 1024;
}

/// The last `n` lines of `text`.
inline std::string tail_lines(const std::string& text, std::size_t n) {
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (std::size_t seen = 0; pos > 0; --pos)
    if (text[pos - 1] == '\n' && ++seen == n) break;
  return text.substr(pos);
}

/// Embedded Kafka + StarRocks emulator + a temp folder for pipelines and logs.
struct Stage {
  explicit Stage(std::vector<sluice_tools::TableSpec> tables, bool blackhole = false,
                 bool transaction_interface = true)
      : kafka(1), sr([&] {
          sluice_tools::EmulatorOptions o;
          o.tables = std::move(tables);
          o.users = {{"loader", "s3cret-pw"}};
          o.blackhole = blackhole;
          o.transaction_interface = transaction_interface;
          return o;
        }()) {
    sr.start();
  }

  /// Writes a pipeline file: `body` is TOML where {BOOTSTRAP} and {FE} are replaced.
  fs::path pipeline(const std::string& name, std::string body) {
    auto replace = [&](const std::string& from, const std::string& to) {
      for (auto p = body.find(from); p != std::string::npos; p = body.find(from, p + to.size()))
        body.replace(p, from.size(), to);
    };
    replace("{BOOTSTRAP}", kafka.bootstrap_servers());
    replace("{FE}", "127.0.0.1:" + std::to_string(sr.fe_port()));
    fs::path file = dir.path() / (name + ".toml");
    std::ofstream(file) << body;
    return file;
  }

  std::unique_ptr<Process> sluice(const std::vector<std::string>& args,
                                  const std::string& log_name) {
    std::vector<std::string> argv{sluice_bin().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return std::make_unique<Process>(
        argv, std::map<std::string, std::string>{{"SR_PASSWORD", "s3cret-pw"}},
        dir.path() / log_name);
  }

  /// Runs `sluice run --drain` to the end; returns the exit code (fails the test on timeout).
  int drain(const fs::path& pipeline_file, const std::string& log_name,
            std::chrono::seconds timeout = 120s) {
    auto p =
        sluice({"run", "--drain", "--progress-interval", "1", pipeline_file.string()}, log_name);
    auto rc = p->wait(timeout);
    last_err = p->err();
    if (!rc) return -999;
    return *rc;
  }

  sluice::tools::EmbeddedKafka kafka;
  sluice_tools::StarRocksEmulator sr;
  TempDir dir;
  std::string last_err;
};

inline sluice_tools::TableSpec table(const std::string& name, bool primary,
                                     std::vector<std::string> cols) {
  sluice_tools::TableSpec t;
  t.database = "shop";
  t.table = name;
  t.model = primary ? sluice_tools::KeyModel::kPrimary : sluice_tools::KeyModel::kDuplicate;
  for (const auto& c : cols) {
    auto sp = c.find(' ');
    sluice_tools::ColumnSpec cs;
    cs.name = c.substr(0, sp);
    std::string type = c.substr(sp + 1);
    cs.type = type == "bigint"   ? sluice_tools::ColumnType::kBigint
              : type == "int"    ? sluice_tools::ColumnType::kInt
              : type == "double" ? sluice_tools::ColumnType::kDouble
                                 : sluice_tools::ColumnType::kVarchar;
    t.columns.push_back(cs);
  }
  if (primary) t.key_columns = {t.columns.front().name};
  return t;
}

/// The sink part of a pipeline for the emulator's `shop` database.
inline std::string sink_block(const std::string& extra = "", int flush_interval_ms = 500) {
  return "[sink]\nhttp_url = [\"{FE}\"]\ndatabase = \"shop\"\nusername = \"loader\"\npassword = "
         "\"${SR_PASSWORD}\"\n"
         "flush_interval_ms = " +
         std::to_string(flush_interval_ms) +
         "\nretry_backoff_ms = 50\nretry_backoff_max_ms = 400\n" + extra + "\n";
}

}  // namespace e2e
