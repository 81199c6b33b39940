// Every example pipeline in config/ validates with the bundled plugins, and its printed form masks
// the secrets that the environment supplied.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>

#include "run_process.hpp"

namespace fs = std::filesystem;

TEST_CASE("sluice validate accepts every config/ example, secrets masked") {
  const std::string password = "Ex4mple-Secret!";
  std::map<std::string, std::optional<std::string>> env = {
      {"KAFKA_BOOTSTRAP", "127.0.0.1:9092"},
      {"STARROCKS_FE", "127.0.0.1:8030"},
      {"STARROCKS_PASSWORD", password},
      {"CONFLUENT_BOOTSTRAP", "pkc.example:9092"},
      {"CONFLUENT_API_KEY", "KEY123"},
      {"CONFLUENT_API_SECRET", "Cloud-Secret-456"},
      {"SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"},
      {"SCHEMA_REGISTRY_USER_INFO", "reg-user:Registry-Secret-789"}};
  int examples = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(SLUICE_SOURCE) / "config")) {
    if (entry.path().extension() != ".toml") continue;
    ++examples;
    CAPTURE(entry.path().string());
    auto r = sluice::test::run_process({SLUICE_BIN, "validate", entry.path().string()}, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("# " + entry.path().string() + ": valid\n") == 0);
    CHECK(r.out.find(password) == std::string::npos);
    CHECK(r.out.find("Cloud-Secret-456") == std::string::npos);
    CHECK(r.out.find("Registry-Secret-789") == std::string::npos);
    CHECK(r.err.find(password) == std::string::npos);
    if (r.out.find("password") != std::string::npos)
      CHECK(r.out.find("password = \"******\"") != std::string::npos);
  }
  CHECK(examples >= 7);
}
