// embedded-kafka: runs an EmbeddedKafka cluster until SIGTERM/SIGINT. Prints the bootstrap
// servers on one line of stdout once topics exist and --load files are delivered.
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include "line_format.hpp"
#include "sluice_tools/embedded_kafka.hpp"

namespace {

using sluice::tools::EmbeddedKafka;
using sluice::tools::LineFormat;
using sluice::tools::ProduceRecord;

// "name:partitions" -> (name, partitions); the name may itself contain no ':'.
std::pair<std::string, int> parse_topic_spec(const std::string& spec) {
  const size_t colon = spec.rfind(':');
  if (colon == std::string::npos || colon == 0) return {spec, 1};
  try {
    size_t used = 0;
    const int partitions = std::stoi(spec.substr(colon + 1), &used);
    if (used != spec.size() - colon - 1 || partitions < 1) throw std::invalid_argument(spec);
    return {spec.substr(0, colon), partitions};
  } catch (const std::exception&) {
    throw std::runtime_error("--topic '" + spec + "': expected name:partitions (partitions >= 1)");
  }
}

std::vector<ProduceRecord> read_load_file(const std::string& topic, const std::string& path,
                                          const LineFormat& format) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--load: cannot open '" + path + "'");
  std::vector<ProduceRecord> records;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;  // blank lines are skipped
    auto parsed = sluice::tools::parse_line(line, format);
    records.push_back(ProduceRecord{topic, std::move(parsed.key), std::move(parsed.value), {}, {}});
  }
  return records;
}

void write_port_file(const std::filesystem::path& path, const std::string& bootstrap) {
  // Write then rename, so a reader never sees a half-written file.
  const std::filesystem::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << bootstrap << '\n';
    if (!out) throw std::runtime_error("--port-file: cannot write '" + tmp.string() + "'");
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"In-process Kafka (librdkafka mock cluster) for tests and manual runs"};
  int brokers = 1;
  std::vector<std::string> topic_specs;
  std::vector<std::string> loads;
  std::string key_separator;
  std::string tombstone_marker;
  std::string port_file;
  app.add_option("--brokers", brokers, "Number of brokers")->check(CLI::Range(1, 64));
  app.add_option("--topic", topic_specs, "Create a topic: name:partitions (repeatable)");
  app.add_option("--load", loads,
                 "Produce one message per line of FILE: topic=FILE (repeatable; blank lines "
                 "skipped; an undeclared topic is created with 1 partition)");
  app.add_option("--key-separator", key_separator,
                 "Split each --load line at the first SEP: key before, value after");
  app.add_option("--tombstone-marker", tombstone_marker,
                 "A value exactly equal to MARK is produced as a tombstone (null value)");
  app.add_option("--port-file", port_file, "Also write the bootstrap servers to this file");
  CLI11_PARSE(app, argc, argv);

  // Block the stop signals before any thread exists, so every librdkafka thread inherits the
  // mask and sigwait() below is the only receiver.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    LineFormat format;
    if (!key_separator.empty()) format.key_separator = key_separator;
    if (!tombstone_marker.empty()) format.tombstone_marker = tombstone_marker;

    EmbeddedKafka kafka(brokers);
    std::map<std::string, int> topics;
    for (const auto& spec : topic_specs) {
      const auto [name, partitions] = parse_topic_spec(spec);
      kafka.create_topic(name, partitions, brokers);
      topics[name] = partitions;
    }
    for (const auto& load : loads) {
      const size_t eq = load.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == load.size()) {
        throw std::runtime_error("--load '" + load + "': expected topic=FILE");
      }
      const std::string topic = load.substr(0, eq);
      if (!topics.contains(topic)) {
        kafka.create_topic(topic, 1, brokers);
        topics[topic] = 1;
      }
      const auto records = read_load_file(topic, load.substr(eq + 1), format);
      const auto result = kafka.produce_batch(records);
      if (!result.ok()) {
        throw std::runtime_error("--load '" + load + "': " + std::to_string(result.errors.size()) +
                                 " record(s) not delivered, first: " + result.errors.front());
      }
      std::cerr << "embedded-kafka: loaded " << result.delivered << " record(s) into '" << topic
                << "'\n";
    }
    if (!port_file.empty()) write_port_file(port_file, kafka.bootstrap_servers());
    std::cout << kafka.bootstrap_servers() << std::endl;  // endl: flush, readers wait on it

    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "embedded-kafka: stopping on signal " << received << '\n';
  } catch (const std::exception& e) {
    std::cerr << "embedded-kafka: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
