#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fstream>

#include <sluice/testing/harness.hpp>

using sluice::PluginLibrary;
using sluice::PluginLoadError;

namespace {
std::string load_error(const std::filesystem::path& p) {
  try {
    PluginLibrary::open(p);
  } catch (const PluginLoadError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a plugin built against this SDK loads, validates options and runs") {
  sluice::testing::Harness h(SAMPLE_PLUGIN);
  REQUIRE(h.library().plugins().size() == 1);
  CHECK(h.library().plugins()[0].kind() == sluice::PluginKind::transform);
  auto t = h.transform("upper", {{"field", "name"}});
  auto out = sluice::testing::apply(*t, sluice::testing::make_record({{"name", "ada"}, {"n", 1}}));
  REQUIRE(out.size() == 1);
  CHECK(out[0].value.dump() == R"({"name":"ADA","n":1})");
  CHECK_THROWS_WITH_AS(sluice::testing::apply(*t, sluice::testing::make_record({{"n", 1}})),
                       "bad_record: field 'name' is not a string", std::runtime_error);
}

TEST_CASE("harness reports option problems as the engine does") {
  sluice::testing::Harness h(SAMPLE_PLUGIN);
  CHECK_THROWS_WITH_AS(
      h.transform("upper", {{"feild", "x"}}),
      "unknown option 'feild'; did you mean 'field'?; missing required option 'field' (string)",
      std::invalid_argument);
  CHECK_THROWS_WITH_AS(h.transform("upper", {{"field", 3}}),
                       "option 'field' must be a string, not an integer", std::invalid_argument);
}

TEST_CASE("a plugin built for another ABI is refused, naming the file and both builds") {
  std::string msg = load_error(OTHER_ABI_PLUGIN);
  CHECK(msg.find(OTHER_ABI_PLUGIN) != std::string::npos);
  CHECK(msg.find("plugin was built for ABI 999, ") != std::string::npos);
  CHECK(msg.find("but this sluice is ABI " + std::to_string(SLUICE_ABI_VERSION) +
                 ", " SLUICE_COMPILER_ID) != std::string::npos);
  CHECK(msg.find("rebuild the plugin against this SDK") != std::string::npos);
}

TEST_CASE("a corrupt .so is a clear error, not a crash") {
  auto dir =
      std::filesystem::temp_directory_path() / ("sluice-loader-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto bad = dir / "corrupt.so";
  {
    std::ifstream src(SAMPLE_PLUGIN, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(src)), {});
    bytes.resize(1024);  // a valid ELF header whose segments are missing
    std::ofstream(bad, std::ios::binary) << bytes;
  }
  std::string msg = load_error(bad);
  INFO(msg);
  CHECK(msg.rfind(bad.string() + ": cannot load shared library: ", 0) == 0);
  auto text = dir / "text.so";
  std::ofstream(text) << "not a library\n";
  CHECK(load_error(text).rfind(text.string() + ": cannot load shared library: ", 0) == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("a library without the sluice symbols is refused") {
  CHECK(load_error(NO_ENTRY_PLUGIN) ==
        std::string(NO_ENTRY_PLUGIN) +
            ": not a sluice plugin (no 'sluice_plugin_entry'; use SLUICE_EXPORT_PLUGINS)");
  // libz is a shared library, but not a plugin.
  CHECK(load_error(ZLIB_FILE) ==
        std::string(ZLIB_FILE) + ": not a sluice plugin (no 'sluice_manifest' symbol)");
}

TEST_CASE("option checks: ranges, allowed values, lists, defaults") {
  std::vector<sluice::OptionSpec> specs = {
      sluice::OptionSpec("size", sluice::OptionType::integer, "").with_default(10).range(1, 100),
      sluice::OptionSpec("mode", sluice::OptionType::string, "")
          .with_default("drop")
          .one_of({"drop", "rewrite", "none"}),
      sluice::OptionSpec("fields", sluice::OptionType::string_list, ""),
  };
  sluice::Value resolved;
  auto issues = sluice::check_options(specs, {{"size", 0}, {"mode", "rewite"}}, resolved);
  REQUIRE(issues.size() == 2);
  CHECK(issues[0].message == "option 'size' = 0 is out of range [1, 100]");
  CHECK(issues[1].message ==
        "option 'mode' = \"rewite\" is not one of: drop, rewrite, none; did you mean 'rewrite'?");
  issues = sluice::check_options(specs, {{"fields", "a, b,c"}}, resolved);
  CHECK(issues.empty());
  CHECK(resolved.dump() == R"({"size":10,"mode":"drop","fields":["a","b","c"]})");
}
