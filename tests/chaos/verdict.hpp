// What the chaos test asserts at the end, against what Kafka holds (read back, so a record whose
// delivery failed is not expected): every record in the Duplicate Key table, the last value of
// every key in the Primary Key table, every partition committed to its end offset.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "../e2e/e2e_support.hpp"

namespace chaos {

struct DuplicateTableCheck {
  std::size_t records = 0;     // in the topic
  std::size_t rows = 0;        // in the table
  std::size_t lost = 0;        // records without a row
  std::size_t duplicates = 0;  // rows beyond one per record
  std::vector<long> lost_examples;
};
DuplicateTableCheck check_duplicate_table(e2e::Stage& stage, const std::string& topic,
                                          const std::string& table);

struct PrimaryTableCheck {
  std::size_t keys = 0;   // distinct keys in the topic
  std::size_t wrong = 0;  // keys whose row is missing or not the last value
  std::vector<std::string> examples;
};
PrimaryTableCheck check_primary_table(e2e::Stage& stage, const std::string& topic,
                                      const std::string& table);

// "topic[p]: committed C, end E" for every partition not committed to its end offset.
std::vector<std::string> uncommitted(e2e::Stage& stage, const std::string& group,
                                     const std::vector<std::string>& topics);

}  // namespace chaos
