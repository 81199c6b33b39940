// A plain librdkafka consumer for the tests: the "real client" that checks what the embedded
// cluster serves.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sluice_tools/embedded_kafka.hpp"

namespace sluice::tools::test {

class TestConsumer {
 public:
  TestConsumer(const std::string& bootstrap, const std::string& group,
               const std::vector<std::pair<std::string, std::string>>& extra = {});
  ~TestConsumer();
  TestConsumer(const TestConsumer&) = delete;
  TestConsumer& operator=(const TestConsumer&) = delete;

  void subscribe(const std::string& topic);
  // Polls until `count` records arrived or the timeout passed; returns what arrived.
  std::vector<ConsumedRecord> poll_until(size_t count, std::chrono::milliseconds timeout);
  // Polls for the whole duration; returns what arrived.
  std::vector<ConsumedRecord> poll_for(std::chrono::milliseconds duration);
  // Synchronous commit of the current positions; returns the error name or "" on success.
  std::string commit_sync();

 private:
  rd_kafka_t* rk_ = nullptr;
};

}  // namespace sluice::tools::test
