// The dead-letter topic: records that failed (with errors.tolerance = "all") are written there with
// their original key, value and headers, plus Kafka Connect's __connect.errors.* headers, and the
// engine waits for the broker's acknowledgement before it commits past them.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline.hpp"
#include "run/batch.hpp"
#include "run/plugin_call.hpp"
#include "run/source.hpp"

namespace sluice::engine {

/// Where records that cannot be loaded go with errors.tolerance = "all". Thread-safe: the polling
/// thread and the load threads share one.
class DeadLetterWriter {
 public:
  virtual ~DeadLetterWriter() = default;
  /// Writes `m` with context headers and waits for the acknowledgement. Throws std::runtime_error
  /// when the write fails: the record must then not be committed.
  virtual void send(const SourceMessage& m, ErrorStage stage, const std::string& plugin,
                    const std::string& error) = 0;
  /// Writes every record of a batch the sink refused for good. Returns how many were written;
  /// throws on failure.
  virtual std::size_t send_batch(const Batch& batch, const std::string& error) = 0;
};

/// The dead-letter topic in Kafka.
class DeadLetterQueue final : public DeadLetterWriter {
 public:
  /// Throws std::runtime_error when the producer cannot be created.
  DeadLetterQueue(const Pipeline& p, int worker_index);
  ~DeadLetterQueue() override;
  DeadLetterQueue(const DeadLetterQueue&) = delete;
  DeadLetterQueue& operator=(const DeadLetterQueue&) = delete;

  void send(const SourceMessage& m, ErrorStage stage, const std::string& plugin,
            const std::string& error) override;
  /// Re-reads the batch's records from Kafka by offset and writes each.
  std::size_t send_batch(const Batch& batch, const std::string& error) override;

 private:
  void produce(const std::string& topic_src, std::int32_t partition, std::int64_t offset,
               const void* key, std::size_t key_len, const void* value, std::size_t value_len,
               rd_kafka_headers_t* headers, ErrorStage stage, const std::string& plugin,
               const std::string& error);
  std::string topic_error();

  const Pipeline& pipeline_;
  int worker_;
  rd_kafka_t* producer_ = nullptr;
  std::mutex mu_;  // one send at a time: the poll thread and loaders share it
};

}  // namespace sluice::engine
