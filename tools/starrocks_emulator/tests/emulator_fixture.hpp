// A started emulator with the tables the tests load into.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

#include "curl_client.hpp"
#include "sluice_tools/starrocks_emulator.hpp"

namespace emu_test {

inline std::vector<sluice_tools::TableSpec> test_tables() {
  return sluice_tools::parse_tables_json(R"J({"tables":[
    {"db":"demo","table":"users","model":"primary","keys":["id"],
     "columns":["id bigint","name varchar not null","score double","born date",
                "updated datetime","extra json","active boolean"]},
    {"db":"demo","table":"events","model":"duplicate",
     "columns":[{"name":"id","type":"int"},{"name":"msg","type":"varchar"},
                {"name":"amount","type":"decimal(10,2)"}]},
    {"db":"other","table":"users","model":"primary","keys":["id"],
     "columns":["id bigint","name varchar not null"]}
  ]})J");
}

struct Fixture {
  explicit Fixture(bool blackhole = false)
      : emulator([&] {
          sluice_tools::EmulatorOptions o;
          o.users = {{"root", ""}, {"loader", "s3cret"}};
          o.tables = test_tables();
          o.blackhole = blackhole;
          return o;
        }()) {
    emulator.start();
  }

  std::string fe() const { return emulator.fe_url(); }
  std::string be() const { return emulator.be_url(); }
  nlohmann::json rows(const std::string& db, const std::string& table) const {
    return emulator.table_rows(db, table);
  }

  sluice_tools::StarRocksEmulator emulator;
};

// Polls `condition` every 10 ms until it holds or `timeout` passes.
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

}  // namespace emu_test
