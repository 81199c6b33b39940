// Writes keyed records to the chaos topics throughout the run: each record, {"seq":N,"k":"k-7"}
// with key "k-7", goes to every topic (so the same partition of each). seq grows by one per
// record, so the last value of a key is its largest seq. What Kafka holds is read back at the
// end: a record whose delivery failed (brokers down) is simply not part of the expectation.
#pragma once

#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <sluice_tools/embedded_kafka.hpp>

namespace chaos {

class KeyedProducer {
 public:
  KeyedProducer(sluice::tools::EmbeddedKafka& kafka, std::vector<std::string> topics, int keys,
                int records_per_second, std::uint64_t seed);
  ~KeyedProducer();
  KeyedProducer(const KeyedProducer&) = delete;
  KeyedProducer& operator=(const KeyedProducer&) = delete;

  void start();
  void stop();  // returns once the thread has ended
  // One more record for every key, delivered before it returns (false if that failed for 60 s).
  bool final_round();
  std::int64_t records() const { return next_seq_.load(); }

 private:
  bool produce(const std::vector<int>& keys);
  void loop();

  sluice::tools::EmbeddedKafka& kafka_;
  std::vector<std::string> topics_;
  int keys_;
  int per_tick_;
  std::mt19937_64 rng_;
  std::atomic<std::int64_t> next_seq_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace chaos
