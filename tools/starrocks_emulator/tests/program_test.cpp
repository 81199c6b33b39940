// Runs the starrocks-emulator program as people do: tables file, ready line, curl, dump at exit.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "emulator_fixture.hpp"

extern char** environ;

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Child {
  pid_t pid = -1;
  int out_fd = -1;
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (out_fd >= 0) ::close(out_fd);
  }
};

void spawn(Child& child, const std::vector<std::string>& args) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int rc = posix_spawn(&child.pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  child.out_fd = fds[0];
  REQUIRE(rc == 0);
}

std::string read_line(int fd, std::chrono::milliseconds timeout) {
  std::string line;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char c;
    if (::read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return line;
}

std::string field(const std::string& line, const std::string& key) {
  auto pos = line.find(key + "=");
  if (pos == std::string::npos) return {};
  auto end = line.find(' ', pos);
  return line.substr(pos + key.size() + 1,
                     end == std::string::npos ? end : end - pos - key.size() - 1);
}

bool has_curl_program() {
  return ::access("/usr/bin/curl", X_OK) == 0;
}

}  // namespace

TEST_CASE("starrocks-emulator: ready line, load with curl, read back, dump at exit") {
  const char* build = std::getenv("SLUICE_BUILD_DIR");
  REQUIRE(build != nullptr);
  fs::path program = fs::path(build) / "bin" / "starrocks-emulator";
  REQUIRE(fs::exists(program));
  fs::path dir = fs::temp_directory_path() / ("emu_program_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "tables.json") << R"({"tables":[{"db":"demo","table":"t","model":"primary",
      "keys":["id"],"columns":["id int","v varchar not null"]}]})";
    std::ofstream(dir / "data.json") << "{\"id\":2,\"v\":\"two\"}\n{\"id\":1,\"v\":\"one\"}\n";
  }
  Child child;
  spawn(child, {program.string(), "--tables", (dir / "tables.json").string(), "--user", "loader:pw",
                "--dump-at-exit", (dir / "dump.json").string()});
  std::string ready = read_line(child.out_fd, std::chrono::seconds(20));
  REQUIRE(ready.find("starrocks-emulator ready") == 0);
  std::string fe = field(ready, "fe");
  REQUIRE(fe.rfind("http://127.0.0.1:", 0) == 0);
  CHECK(field(ready, "be").rfind("http://127.0.0.1:", 0) == 0);

  std::string url = fe + "/api/demo/t/_stream_load";
  if (has_curl_program()) {
    std::string cmd =
        "curl -s --location-trusted -u loader:pw -H 'Expect:100-continue' "
        "-H 'label:l1' -H 'format:json' -T '" +
        (dir / "data.json").string() + "' '" + url + "' > '" + (dir / "answer.json").string() + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::ifstream in(dir / "answer.json");
    std::stringstream ss;
    ss << in.rdbuf();
    json answer = json::parse(ss.str());
    CHECK(answer["Status"] == "Success");
    CHECK(answer["NumberLoadedRows"] == 2);
  } else {
    emu_test::HttpRequest req;
    req.url = url;
    req.user = "loader";
    req.password = "pw";
    req.headers = {"label: l1", "format: json"};
    req.body = "{\"id\":2,\"v\":\"two\"}\n{\"id\":1,\"v\":\"one\"}\n";
    CHECK(emu_test::perform(req).json()["Status"] == "Success");
  }
  json rows = emu_test::http_get(fe + "/api/_emulator/tables/demo/t").json();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0] == json{{"id", 1}, {"v", "one"}});
  CHECK(rows[1] == json{{"id", 2}, {"v", "two"}});

  REQUIRE(::kill(child.pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(::waitpid(child.pid, &status, 0) == child.pid);
  child.pid = -1;
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::ifstream dump_in(dir / "dump.json");
  std::stringstream dump_text;
  dump_text << dump_in.rdbuf();
  json dump = json::parse(dump_text.str());
  CHECK(dump["tables"]["demo.t"].size() == 2);
  CHECK(dump["loads"][0]["label"] == "l1");
  fs::remove_all(dir);
}

TEST_CASE("starrocks-emulator --no-transaction-interface: 404 on /api/transaction/*") {
  const char* build = std::getenv("SLUICE_BUILD_DIR");
  REQUIRE(build != nullptr);
  fs::path program = fs::path(build) / "bin" / "starrocks-emulator";
  Child child;
  spawn(child,
        {program.string(), "--blackhole", "--no-transaction-interface", "--txn-timeout", "30"});
  std::string ready = read_line(child.out_fd, std::chrono::seconds(20));
  REQUIRE(ready.find("starrocks-emulator ready") == 0);
  emu_test::HttpRequest req;
  req.method = "POST";
  req.url = field(ready, "fe") + "/api/transaction/begin";
  req.headers = {"label: l1", "db: demo", "table: t"};
  req.expect_continue = false;
  CHECK(emu_test::perform(req).status == 404);
  REQUIRE(::kill(child.pid, SIGTERM) == 0);
  int status = 0;
  REQUIRE(::waitpid(child.pid, &status, 0) == child.pid);
  child.pid = -1;
  CHECK(WIFEXITED(status));
}
