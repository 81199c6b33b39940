// The `sluice` binary as users run it: exit codes, what `validate` prints (secrets masked, never
// leaked), `plugins` and `plugins --describe`, `version`.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sluice/version.hpp>

#include "run_process.hpp"

namespace fs = std::filesystem;
using sluice::test::ProcessResult;
using sluice::test::run_process;

namespace {

constexpr const char* kPassword = "Sw0rdf1sh-secret";

// A folder for this test's pipeline files, removed at the end.
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("sluice-cli-test-" + std::to_string(::getpid()));
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

const TempDir& tmp() {
  static TempDir dir;
  return dir;
}

// A valid pipeline on the fixture plugins; `sink_extra` lines go at the end of [sink] (line 14 on).
std::string pipeline(const std::string& sink_extra = "", const std::string& plugin_path = "") {
  return "name = \"orders\"\n"
         "plugin_path = [" +
         (plugin_path.empty() ? "\"" FIXTURE_PLUGIN_DIR "\"" : plugin_path) +
         "]\n"
         "[source]\n"
         "bootstrap_servers = \"127.0.0.1:9092\"\n"
         "topics = [\"orders\"]\n"
         "key = { converter = \"fixture_text\" }\n"
         "value = { converter = \"fixture_text\" }\n"
         "[sink]\n"
         "plugin = \"fixture_sink\"\n"
         "format = \"fixture_lines\"\n"
         "username = \"loader\"\n"
         "url = \"http://127.0.0.1:8030\"\n"
         "password = \"${SLUICE_TEST_PASSWORD}\"\n" +
         sink_extra;
}

ProcessResult sluice_cli(std::vector<std::string> args,
                         std::map<std::string, std::optional<std::string>> env = {}) {
  args.insert(args.begin(), SLUICE_BIN);
  if (!env.count("SLUICE_TEST_PASSWORD")) env["SLUICE_TEST_PASSWORD"] = kPassword;
  return run_process(args, env);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// True when some line of `text` consists of exactly these whitespace-separated words.
bool has_row(const std::string& text, const std::vector<std::string>& words) {
  for (const auto& l : lines(text)) {
    std::istringstream in(l);
    std::vector<std::string> got;
    for (std::string w; in >> w;) got.push_back(w);
    if (got == words) return true;
  }
  return false;
}

// A copy of a real plugin cut short: a valid ELF header whose segments are missing.
fs::path corrupt_plugin_dir() {
  fs::path dir = tmp().path / "corrupt";
  fs::create_directories(dir);
  std::ifstream src(FIXTURE_PLUGIN_FILE, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(src)), {});
  bytes.resize(2048);
  std::ofstream(dir / "corrupt.so", std::ios::binary) << bytes;
  return dir;
}

const std::string kRefusal =
    std::string(OTHER_ABI_PLUGIN_FILE) +
    ": plugin was built for ABI 999, " SLUICE_COMPILER_ID ", " SLUICE_STDLIB_ID ", " SLUICE_JSON_ID
    " but this sluice is ABI " SLUICE_STRINGIFY(
        SLUICE_ABI_VERSION) ", " SLUICE_COMPILER_ID ", " SLUICE_STDLIB_ID ", " SLUICE_JSON_ID
                            "; rebuild the plugin against this SDK";

}  // namespace

TEST_CASE("version prints the build identity plugins must match") {
  auto r = sluice_cli({"version"});
  CHECK(r.exit_code == 0);
  auto out = lines(r.out);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == "sluice " SLUICE_SDK_VERSION
                  " (ABI " SLUICE_STRINGIFY(SLUICE_ABI_VERSION) ", " SLUICE_COMPILER_ID
                                                                ", " SLUICE_STDLIB_ID
                                                                ", " SLUICE_JSON_ID ")");
  CHECK(out[1].rfind("librdkafka ", 0) == 0);
}

TEST_CASE("bad usage exits 2; --help exits 0") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{},
                                             {"validate"},
                                             {"frobnicate"},
                                             {"plugins", "--bogus"},
                                             {"--log-level", "loud", "version"}}) {
    auto r = sluice_cli(args);
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(!r.err.empty());
  }
  auto help = sluice_cli({"--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("validate") != std::string::npos);
}

TEST_CASE("validate prints the resolved pipeline with the password masked, and it reads back") {
  fs::path file = tmp().write("valid.toml", pipeline());
  auto r = sluice_cli({"validate", file.string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("# " + file.string() + ": valid\n", 0) == 0);
  for (const char* line :
       {"name = \"orders\"", "[sink]", "plugin = \"fixture_sink\"", "format = \"fixture_lines\"",
        "username = \"loader\"", "password = \"******\"", "timeout_ms = 1000",
        "flush_interval_ms = 300000", "group_id = \"sluice-orders\""}) {
    INFO(line);
    auto ls = lines(r.out);
    CHECK(std::find(ls.begin(), ls.end(), std::string(line)) != ls.end());
  }
  CHECK(r.out.find(kPassword) == std::string::npos);
  CHECK(r.err.find(kPassword) == std::string::npos);

  fs::path again = tmp().write("again.toml", r.out);
  auto r2 = sluice_cli({"validate", again.string()});
  INFO(r2.err);
  CHECK(r2.exit_code == 0);
}

TEST_CASE("validate: a configuration error exits 2 with file:line:column on stderr") {
  fs::path file = tmp().write("range.toml", pipeline("timeout_ms = 0\n"));
  auto r = sluice_cli({"validate", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "error: " + file.string() +
                     ":14:14: [sink] option 'timeout_ms' = 0 is out of range [1, 60000]\n");

  auto missing = sluice_cli({"validate", (tmp().path / "nope.toml").string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err == "error: " + (tmp().path / "nope.toml").string() +
                           ": cannot read pipeline file (no such file)\n");

  auto unset = sluice_cli({"validate", tmp().write("unset.toml", pipeline()).string()},
                          {{"SLUICE_TEST_PASSWORD", std::nullopt}});
  CHECK(unset.exit_code == 2);
  CHECK(unset.err == "error: " + (tmp().path / "unset.toml").string() +
                         ":13:12: environment variable SLUICE_TEST_PASSWORD is not set\n");
}

TEST_CASE("validate never shows the password, even in a plugin's own error message") {
  fs::path file = tmp().write("login.toml", pipeline("login_check = true\n"));
  auto r = sluice_cli({"validate", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "error: " + file.string() +
                     ": [sink] sink 'fixture_sink': login refused for loader:******\n");
  CHECK(r.out.find(kPassword) == std::string::npos);
  CHECK(r.err.find(kPassword) == std::string::npos);
}

TEST_CASE("a malformed ${ in a password does not print the password") {
  std::string text = pipeline();
  text.replace(text.find("${SLUICE_TEST_PASSWORD}"), 23, "pa55${word");
  fs::path file = tmp().write("literal.toml", text);
  auto r = sluice_cli({"validate", file.string()});
  CHECK(r.exit_code == 2);
  CHECK(r.err.rfind("error: " + file.string() + ":13:12: ", 0) == 0);
  CHECK(r.err.find("pa55${word") == std::string::npos);
}

TEST_CASE("validate: a missing plugin names the refused library on the path and both builds") {
  fs::path corrupt = corrupt_plugin_dir();
  std::string path =
      "\"" OTHER_ABI_PLUGIN_DIR "\", \"" + corrupt.string() + "\", \"" FIXTURE_PLUGIN_DIR "\"";
  fs::path file =
      tmp().write("abi.toml", pipeline("[[transforms]]\nplugin = \"future_transform\"\n", path));
  auto r = sluice_cli({"validate", file.string()});
  CHECK(r.exit_code == 2);
  INFO(r.err);
  // The bundled transforms (searched last) may be listed too.
  CHECK(r.err.rfind("error: " + file.string() +
                        ":15:10: no transform plugin named 'future_transform' (available: "
                        "fixture_copy",
                    0) == 0);
  CHECK(r.err.find("); searched: " OTHER_ABI_PLUGIN_DIR ", " + corrupt.string() +
                   ", " FIXTURE_PLUGIN_DIR ", ") != std::string::npos);
  CHECK(r.err.find("\n  could not load " + kRefusal + "\n") != std::string::npos);
  CHECK(r.err.find("\n  could not load " + (corrupt / "corrupt.so").string() +
                   ": cannot load shared library: truncated or corrupt ELF") != std::string::npos);
}

TEST_CASE(
    "plugins lists the plugins of --plugin-path and of SLUICE_PLUGIN_PATH, and the unusable "
    "files") {
  auto r = sluice_cli({"plugins", "--plugin-path", FIXTURE_PLUGIN_DIR});
  CHECK(r.exit_code == 0);
  INFO(r.out);
  CHECK(has_row(r.out, {"KIND", "NAME", "VERSION", "FILE"}));
  CHECK(has_row(r.out, {"converter", "fixture_text", "1.0.0", FIXTURE_PLUGIN_FILE}));
  CHECK(has_row(r.out, {"transform", "fixture_copy", "1.0.0", FIXTURE_PLUGIN_FILE}));
  CHECK(has_row(r.out, {"formatter", "fixture_lines", "1.0.0", FIXTURE_PLUGIN_FILE}));
  CHECK(has_row(r.out, {"sink", "fixture_sink", "1.0.0", FIXTURE_PLUGIN_FILE}));
  CHECK(r.out.find("searched: " FIXTURE_PLUGIN_DIR " ") != std::string::npos);

  auto env = sluice_cli({"plugins"},
                        {{"SLUICE_PLUGIN_PATH", OTHER_ABI_PLUGIN_DIR ":" FIXTURE_PLUGIN_DIR}});
  CHECK(env.exit_code == 0);
  INFO(env.out);
  CHECK(has_row(env.out, {"sink", "fixture_sink", "1.0.0", FIXTURE_PLUGIN_FILE}));
  auto ls = lines(env.out);
  CHECK(std::find(ls.begin(), ls.end(), "unusable: " + kRefusal) != ls.end());
  CHECK(env.out.find("searched: " OTHER_ABI_PLUGIN_DIR " " FIXTURE_PLUGIN_DIR " ") !=
        std::string::npos);

  // Without either, the fixture plugins are not found.
  auto none = sluice_cli({"plugins"});
  CHECK(none.exit_code == 0);
  CHECK(none.out.find("fixture_sink") == std::string::npos);
}

TEST_CASE("plugins --describe KIND/NAME and NAME") {
  auto r = sluice_cli(
      {"plugins", "--plugin-path", FIXTURE_PLUGIN_DIR, "--describe", "transform/fixture_copy"});
  CHECK(r.exit_code == 0);
  CHECK(r.out ==
        "transform fixture_copy 1.0.0\n"
        "  test transform: copies a field\n"
        "  file: " FIXTURE_PLUGIN_FILE
        "\n"
        "  options:\n"
        "    field (string, required)\n"
        "        field to copy\n"
        "    target (string, default \"copy\")\n"
        "        where to copy it\n"
        "    delete.handling.mode (string, default \"drop\", one of drop rewrite none)\n"
        "        a dotted, Debezium-style name\n"
        "    fields (array of strings)\n"
        "        a list option\n"
        "    limit (integer, default 10, range [0, 100])\n"
        "        an integer with a range\n");
  auto sink =
      sluice_cli({"plugins", "--plugin-path", FIXTURE_PLUGIN_DIR, "--describe", "fixture_sink"});
  CHECK(sink.exit_code == 0);
  auto ls = lines(sink.out);
  CHECK(std::find(ls.begin(), ls.end(), "    password (string, default \"\", secret)") != ls.end());
  CHECK(std::find(ls.begin(), ls.end(), "    properties (table of strings)") != ls.end());

  auto wrong_kind = sluice_cli(
      {"plugins", "--plugin-path", FIXTURE_PLUGIN_DIR, "--describe", "sink/fixture_copy"});
  CHECK(wrong_kind.exit_code == 2);
  CHECK(wrong_kind.err == "error: no plugin named 'sink/fixture_copy'\n");
}
