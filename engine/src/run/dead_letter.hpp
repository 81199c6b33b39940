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

namespace sluice::engine {

/// Where a record failed, in Kafka Connect's words (errors.deadletterqueue.context.headers).
enum class ErrorStage { key_converter, value_converter, transformation, task_put };
const char* error_stage_name(ErrorStage s);

class DeadLetterQueue {
 public:
  /// Throws std::runtime_error when the producer cannot be created.
  DeadLetterQueue(const Pipeline& p, int worker_index);
  ~DeadLetterQueue();
  DeadLetterQueue(const DeadLetterQueue&) = delete;
  DeadLetterQueue& operator=(const DeadLetterQueue&) = delete;

  /// Writes `m` with context headers and waits for the acknowledgement. Throws std::runtime_error
  /// when the write fails: the record must then not be committed.
  void send(const rd_kafka_message_t* m, ErrorStage stage, const std::string& plugin,
            const std::string& error);

  /// Re-reads the records of a batch that StarRocks refused for good and writes each to the
  /// dead-letter topic. Returns how many were written; throws on failure.
  std::size_t send_batch(const Batch& batch, const std::string& error);

 private:
  void produce(const std::string& topic_src, std::int32_t partition, std::int64_t offset,
               const void* key, std::size_t key_len, const void* value, std::size_t value_len,
               rd_kafka_headers_t* original_headers, ErrorStage stage, const std::string& plugin,
               const std::string& error);

  const Pipeline& pipeline_;
  int worker_;
  rd_kafka_t* producer_ = nullptr;
  std::mutex mu_;  // one send at a time: the poll thread and loaders share it
};

}  // namespace sluice::engine
