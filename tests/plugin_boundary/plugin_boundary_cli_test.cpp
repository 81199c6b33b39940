// `sluice plugins`, `validate` and `run` with a corrupt plugin file on the path (ELF headers
// intact, a dynamic section that crashes the dynamic loader): each survives and names the file.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "run_process.hpp"

namespace fs = std::filesystem;
using sluice::test::run_process;

namespace {

const std::string kUnusable = std::string(CORRUPT_PLUGIN_FILE) +
                              ": cannot load plugin: it crashed while loading (signal 11, SIGSEGV)";

struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("sluice-boundary-cli-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& text) const {
    fs::path p = path / name;
    std::ofstream(p) << text;
    return p;
  }
};

// A pipeline on the fixture plugins, searched in `plugin_path` (TOML array items).
std::string pipeline(const std::string& plugin_path) {
  return "name = \"boundary\"\n"
         "plugin_path = [" +
         plugin_path +
         "]\n"
         "[source]\n"
         "bootstrap_servers = \"127.0.0.1:9\"\n"
         "topics = [\"orders\"]\n"
         "key = { converter = \"fixture_text\" }\n"
         "value = { converter = \"fixture_text\" }\n"
         "[sink]\n"
         "plugin = \"fixture_sink\"\n"
         "format = \"fixture_lines\"\n"
         "url = \"http://127.0.0.1:9\"\n";
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (l == line) return true;
  return false;
}

}  // namespace

TEST_CASE("plugins lists the corrupt file as unusable and every other plugin as before") {
  auto r = run_process({SLUICE_BIN, "plugins", "--plugin-path", CORRUPT_PLUGIN_DIR, "--plugin-path",
                        FIXTURE_PLUGIN_DIR});
  INFO(r.out, r.err);
  CHECK(r.exit_code == 0);
  CHECK(has_line(r.out, "unusable: " + kUnusable));
  CHECK(r.out.find("fixture_sink") != std::string::npos);
  CHECK(r.err == "");

  auto env = run_process({SLUICE_BIN, "plugins", "--describe", "fixture_sink"},
                         {{"SLUICE_PLUGIN_PATH", CORRUPT_PLUGIN_DIR ":" FIXTURE_PLUGIN_DIR}});
  CHECK(env.exit_code == 0);
  CHECK(env.out.rfind("sink fixture_sink 1.0.0\n", 0) == 0);
}

TEST_CASE("validate: a pipeline whose plugins are all sound validates beside a corrupt file") {
  TempDir tmp;
  fs::path file =
      tmp.write("ok.toml", pipeline("\"" CORRUPT_PLUGIN_DIR "\", \"" FIXTURE_PLUGIN_DIR "\""));
  auto r = run_process({SLUICE_BIN, "validate", file.string()});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("# " + file.string() + ": valid\n", 0) == 0);
}

TEST_CASE("validate and run: a plugin only the corrupt file could provide is an error naming it") {
  TempDir tmp;
  fs::path file = tmp.write("corrupt.toml", pipeline("\"" CORRUPT_PLUGIN_DIR "\""));
  for (const char* command : {"validate", "run"}) {
    CAPTURE(command);
    auto r = run_process({SLUICE_BIN, command, file.string()});
    INFO(r.err);
    // Configuration errors exit 2, before any connection is made.
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("error: " + file.string() + ":6:21: ") == 0);
    CHECK(r.err.find("no converter plugin named 'fixture_text'") != std::string::npos);
    CHECK(r.err.find("\n  could not load " + kUnusable + "\n") != std::string::npos);
    CHECK(r.err.find("fatal signal") == std::string::npos);
  }
}

TEST_CASE("the fault plugins load, and validate reports a factory that throws as a config error") {
  auto r = run_process({SLUICE_BIN, "plugins", "--plugin-path", FAULT_PLUGIN_DIR});
  INFO(r.out, r.err);
  CHECK(r.exit_code == 0);
  for (const char* name : {"fault_converter", "fault_transform", "fault_formatter", "fault_sink"})
    CHECK(r.out.find(std::string(name) + " ") != std::string::npos);

  TempDir tmp;
  fs::path file = tmp.write(
      "throw.toml", pipeline("\"" FAULT_PLUGIN_DIR "\", \"" FIXTURE_PLUGIN_DIR "\"") +
                        "[[transforms]]\nplugin = \"fault_transform\"\nfault = \"throw\"\n");
  auto v = run_process({SLUICE_BIN, "validate", file.string()});
  INFO(v.err);
  CHECK(v.exit_code == 2);
  CHECK(v.err == "error: " + file.string() +
                     ": [transforms[0]] transform 'fault_transform': boom in transform factory\n");
}

TEST_CASE("validate: a factory that crashes leaves one line naming the plugin and its file") {
  TempDir tmp;
  fs::path file = tmp.write("segv.toml",
                            pipeline("\"" FAULT_PLUGIN_DIR "\", \"" FIXTURE_PLUGIN_DIR "\"") +
                                "[[transforms]]\nplugin = \"fault_transform\"\nfault = \"segv\"\n");
  auto v = run_process({SLUICE_BIN, "validate", file.string()});
  CHECK(v.signal == SIGSEGV);
  CHECK(v.err == "sluice: fatal signal 11 (SIGSEGV) in transform 'fault_transform' (" +
                     std::string(FAULT_PLUGIN_FILE) + ")\n");
}
