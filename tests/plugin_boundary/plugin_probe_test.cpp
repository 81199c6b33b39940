// The plugin probe: a file that crashes the dynamic loader is found out in a child process and
// refused with a message, never opened here; sound files load as before.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "plugin_host/plugin_probe.hpp"
#include "plugin_host/plugin_registry.hpp"

namespace fs = std::filesystem;
using sluice::engine::PluginRegistry;
using sluice::engine::probe_plugin_file;
using sluice::engine::probe_plugin_files;

namespace {

const std::string kCrashed = "it crashed while loading (signal 11, SIGSEGV)";

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("sluice-probe-test-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("a file that crashes the dynamic loader is reported; sound and foreign files are not") {
  TempDir tmp;
  fs::path text = tmp.path / "notes.so";
  std::ofstream(text) << "not a library\n";
  auto verdicts =
      probe_plugin_files({CORRUPT_PLUGIN_FILE, FIXTURE_PLUGIN_FILE, text, tmp.path / "missing.so"});
  REQUIRE(verdicts.size() == 4);
  CHECK(verdicts[0] == kCrashed);
  // These load or are refused in process, with the loader's own message.
  CHECK(verdicts[1] == "");
  CHECK(verdicts[2] == "");
  CHECK(verdicts[3] == "");
}

TEST_CASE("a file replaced in place is probed again (the verdict is kept per size and mtime)") {
  TempDir tmp;
  fs::path file = tmp.path / "libplugin.so";
  fs::copy_file(FIXTURE_PLUGIN_FILE, file);
  CHECK(probe_plugin_file(file) == "");
  CHECK(probe_plugin_file(file) == "");
  // Same size (only a pointer in the dynamic section differs), a later modification time.
  auto mtime = fs::last_write_time(file);
  fs::copy_file(CORRUPT_PLUGIN_FILE, file, fs::copy_options::overwrite_existing);
  REQUIRE(fs::file_size(file) == fs::file_size(FIXTURE_PLUGIN_FILE));
  fs::last_write_time(file, mtime + std::chrono::seconds(5));
  CHECK(probe_plugin_file(file) == kCrashed);
}

TEST_CASE("discover: the corrupt file is a failure with the signal, the other plugins load") {
  auto reg = PluginRegistry::discover({CORRUPT_PLUGIN_DIR, FIXTURE_PLUGIN_DIR});
  REQUIRE(reg.failures().size() == 1);
  CHECK(reg.failures()[0].file == fs::path(CORRUPT_PLUGIN_FILE));
  CHECK(reg.failures()[0].error ==
        std::string(CORRUPT_PLUGIN_FILE) + ": cannot load plugin: " + kCrashed);
  REQUIRE(reg.find(sluice::PluginKind::sink, "fixture_sink") != nullptr);
  CHECK(reg.find(sluice::PluginKind::sink, "fixture_sink")->library->path() ==
        fs::path(FIXTURE_PLUGIN_FILE));
  CHECK(reg.not_found_message(sluice::PluginKind::transform, "nope")
            .find("\n  could not load " + std::string(CORRUPT_PLUGIN_FILE) +
                  ": cannot load plugin: " + kCrashed) != std::string::npos);
}
