#include "keyed_producer.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

namespace chaos {

namespace {
constexpr std::chrono::milliseconds kTick{50};
}

KeyedProducer::KeyedProducer(sluice::tools::EmbeddedKafka& kafka, std::vector<std::string> topics,
                             int keys, int records_per_second, std::uint64_t seed)
    : kafka_(kafka),
      topics_(std::move(topics)),
      keys_(keys),
      per_tick_(std::max(1, records_per_second * static_cast<int>(kTick.count()) / 1000)),
      rng_(seed) {}

KeyedProducer::~KeyedProducer() {
  stop();
}

void KeyedProducer::start() {
  thread_ = std::thread([this] { loop(); });
}

void KeyedProducer::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

bool KeyedProducer::produce(const std::vector<int>& keys) {
  std::vector<sluice::tools::ProduceRecord> records;
  for (int k : keys) {
    std::string key = "k-" + std::to_string(k);
    std::string value = nlohmann::json{{"seq", next_seq_++}, {"k", key}}.dump();
    for (const auto& topic : topics_) records.push_back({topic, key, value, std::nullopt, {}});
  }
  try {
    // Longer than any broker outage the nemesis makes: librdkafka retries meanwhile.
    auto result = kafka_.produce_batch(records, std::chrono::seconds(30));
    if (!result.ok())
      std::cout << "producer: " << result.errors.size() << " of " << records.size()
                << " records not delivered, e.g. " << result.errors.front() << std::endl;
    return result.ok();
  } catch (const std::exception& e) {
    std::cout << "producer: " << e.what() << std::endl;
    return false;
  }
}

void KeyedProducer::loop() {
  std::uniform_int_distribution<int> pick(0, keys_ - 1);
  while (!stop_) {
    std::vector<int> keys;
    for (int i = 0; i < per_tick_; ++i) keys.push_back(pick(rng_));
    produce(keys);
    std::this_thread::sleep_for(kTick);  // the producer's pacing
  }
}

bool KeyedProducer::final_round() {
  std::vector<int> keys;
  for (int k = 0; k < keys_; ++k) keys.push_back(k);
  // A round that failed in part is sent again whole: a key written twice keeps its later value.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!produce(keys))
    if (std::chrono::steady_clock::now() > deadline) return false;
  return true;
}

}  // namespace chaos
