// `sluice migrate FILE`: a Kafka Connect StarRocks connector config (.properties or the REST JSON
// body) printed as the equivalent pipeline TOML. Exit 0: same behaviour; 3: migrated, but some
// behaviour differs (the comments say what); 2: a required key is missing or malformed, or the
// input cannot be read.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "migrate/connect_rest_reader.hpp"
#include "migrate/connector_mapper.hpp"
#include "migrate/migration_writer.hpp"
#include "migrate/properties_reader.hpp"

namespace sluice::engine {

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

migrate::ConnectorConfig read_config(const std::string& path) {
  std::string text = read_file(path);
  try {
    return migrate::looks_like_json(text) ? migrate::read_connect_rest_json(text)
                                          : migrate::read_properties(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

}  // namespace

int migrate_command(const std::string& file, const std::string& worker_file,
                    const std::string& output_file) {
  migrate::ConnectorConfig connector, worker;
  try {
    connector = read_config(file);
    if (!worker_file.empty()) {
      worker = migrate::read_properties(read_file(worker_file));
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_config;
  }
  migrate::Migration m =
      migrate::migrate_connector(connector, worker_file.empty() ? nullptr : &worker);
  std::string toml = migrate::write_migration(m, file);
  if (output_file.empty()) {
    std::cout << toml;
  } else {
    std::ofstream out(output_file, std::ios::binary | std::ios::trunc);
    out << toml;
    if (!out.flush()) {
      std::cerr << "error: cannot write " << output_file << "\n";
      return exit_runtime;
    }
  }
  const auto& notes = m.notes;
  int rc = notes.exit_code();
  if (rc == migrate::exit_migrate_error)
    std::cerr << "sluice migrate: " << notes.count(migrate::Severity::error)
              << " required setting(s) missing or malformed; see the '# error:' comments\n";
  else if (rc == migrate::exit_behaviour_changed)
    std::cerr << "sluice migrate: " << notes.count(migrate::Severity::changed)
              << " item(s) not migrated or changed in behaviour; see the comments at the top\n";
  return rc;
}

}  // namespace sluice::engine
