// schema-registry: serves a SchemaRegistry until SIGTERM/SIGINT. Prints its URL on one line of
// stdout once it listens (and any --register schemas are stored).
#include <CLI/CLI.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sluice_tools/schema_registry.hpp"

namespace {

using sluice::tools::SchemaType;

// The schema type follows the file extension: .proto PROTOBUF, .json JSON, anything else AVRO.
SchemaType type_of(const std::filesystem::path& file) {
  const auto ext = file.extension().string();
  if (ext == ".proto") return SchemaType::Protobuf;
  if (ext == ".json") return SchemaType::Json;
  return SchemaType::Avro;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--register: cannot open '" + path + "'");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Confluent-compatible schema registry subset for tests"};
  uint16_t port = 0;
  std::string user;
  std::string password;
  std::vector<std::string> registrations;
  std::string port_file;
  app.add_option("--port", port, "Port on 127.0.0.1 (default: chosen by the OS)");
  app.add_option("--user", user, "Require basic auth with this user (needs --password)");
  app.add_option("--password", password, "Basic auth password");
  app.add_option("--register", registrations,
                 "Register SUBJECT=FILE at start (repeatable; .proto PROTOBUF, .json JSON, "
                 "else AVRO)");
  app.add_option("--port-file", port_file, "Also write the URL to this file");
  CLI11_PARSE(app, argc, argv);

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);  // before any thread starts

  try {
    if (user.empty() != password.empty()) {
      throw std::runtime_error("--user and --password go together");
    }
    sluice::tools::SchemaRegistryOptions options;
    options.port = port;
    if (!user.empty()) {
      options.user = user;
      options.password = password;
    }
    sluice::tools::SchemaRegistry registry(options);
    for (const auto& reg : registrations) {
      const size_t eq = reg.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == reg.size()) {
        throw std::runtime_error("--register '" + reg + "': expected SUBJECT=FILE");
      }
      const std::string file = reg.substr(eq + 1);
      const int id = registry.register_schema(reg.substr(0, eq), read_file(file), type_of(file));
      std::cerr << "schema-registry: " << reg.substr(0, eq) << " -> id " << id << '\n';
    }
    if (!port_file.empty()) {
      const std::string tmp = port_file + ".tmp";
      std::ofstream(tmp, std::ios::trunc) << registry.url() << '\n';
      std::filesystem::rename(tmp, port_file);
    }
    std::cout << registry.url() << std::endl;  // endl: flush, readers wait on it
    int received = 0;
    sigwait(&stop_signals, &received);
  } catch (const std::exception& e) {
    std::cerr << "schema-registry: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
