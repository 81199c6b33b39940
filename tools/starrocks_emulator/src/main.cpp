// starrocks-emulator: runs the Stream Load emulator until SIGTERM/SIGINT (see README.md).
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "sluice_tools/starrocks_emulator.hpp"

int main(int argc, char** argv) {
  CLI::App app{"StarRocks Stream Load emulator (FE and BE ports on one host)"};
  std::string tables_file;
  std::vector<std::string> users;
  std::string dump_file;
  sluice_tools::EmulatorOptions options;
  app.add_option("--tables", tables_file, "JSON file declaring databases, tables and columns");
  app.add_option("--user", users, "user:password (repeatable; default root with no password)");
  app.add_option("--host", options.host, "IPv4 address to bind")->capture_default_str();
  app.add_option("--fe-port", options.fe_port, "FE HTTP port (0: any free port)")
      ->capture_default_str();
  app.add_option("--be-port", options.be_port, "BE HTTP port (0: any free port)")
      ->capture_default_str();
  app.add_flag("--blackhole", options.blackhole,
               "accept any db/table, parse nothing, count rows and bytes");
  bool no_txn = false;
  long long txn_timeout = options.default_txn_timeout.count();
  long long prepared_timeout = options.prepared_txn_timeout.count();
  app.add_flag("--no-transaction-interface", no_txn,
               "behave like StarRocks before 2.4: /api/transaction/* answers 404");
  app.add_option("--txn-timeout", txn_timeout,
                 "seconds a transaction may take from begin to prepare, unless begin says "
                 "`timeout` (stream_load_default_timeout_second)")
      ->capture_default_str();
  app.add_option("--prepared-timeout", prepared_timeout,
                 "seconds a prepared transaction waits for its commit, unless prepare says "
                 "`prepared_timeout` (prepared_transaction_default_timeout_second)")
      ->capture_default_str();
  app.add_option("--dump-at-exit", dump_file, "write tables, loads and counters here on exit");
  CLI11_PARSE(app, argc, argv);

  options.transaction_interface = !no_txn;
  options.default_txn_timeout = std::chrono::seconds(txn_timeout);
  options.prepared_txn_timeout = std::chrono::seconds(prepared_timeout);
  try {
    if (!tables_file.empty()) options.tables = sluice_tools::load_tables_file(tables_file);
    if (!users.empty()) {
      options.users.clear();
      for (const auto& u : users) {
        auto colon = u.find(':');
        if (colon == std::string::npos) {
          options.users[u] = "";
        } else {
          options.users[u.substr(0, colon)] = u.substr(colon + 1);
        }
      }
    }
    if (options.tables.empty() && !options.blackhole) {
      std::cerr << "warning: no tables declared (use --tables FILE or --blackhole); every load "
                   "will fail with unknown database\n";
    }
    // Block the stop signals in every thread, then wait for them here.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    sluice_tools::StarRocksEmulator emulator(options);
    emulator.start();
    std::cout << "starrocks-emulator ready fe=" << emulator.fe_url() << " be=" << emulator.be_url()
              << std::endl;
    int sig = 0;
    sigwait(&stop_signals, &sig);
    emulator.stop();
    if (!dump_file.empty()) {
      std::ofstream out(dump_file, std::ios::binary | std::ios::trunc);
      out << emulator.dump().dump(2) << "\n";
      if (!out) {
        std::cerr << "cannot write " << dump_file << "\n";
        return 1;
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "starrocks-emulator: " << e.what() << "\n";
    return 1;
  }
}
