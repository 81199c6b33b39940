#include "verdict.hpp"

#include <map>
#include <set>

namespace chaos {

namespace {
constexpr std::size_t kExamples = 10;

long seq_of(const std::string& value) {
  return e2e::json::parse(value)["seq"].get<long>();
}
}  // namespace

DuplicateTableCheck check_duplicate_table(e2e::Stage& stage, const std::string& topic,
                                          const std::string& table) {
  DuplicateTableCheck c;
  std::set<long> expected;
  for (const auto& r : stage.kafka.read_all(topic, std::chrono::seconds(60)))
    if (r.value) expected.insert(seq_of(*r.value));
  c.records = expected.size();
  std::multiset<long> loaded;
  for (const auto& row : stage.sr.table_rows("shop", table)) loaded.insert(row["seq"].get<long>());
  c.rows = loaded.size();
  std::set<long> distinct(loaded.begin(), loaded.end());
  c.duplicates = loaded.size() - distinct.size();
  for (long seq : expected)
    if (!distinct.count(seq)) {
      ++c.lost;
      if (c.lost_examples.size() < kExamples) c.lost_examples.push_back(seq);
    }
  return c;
}

PrimaryTableCheck check_primary_table(e2e::Stage& stage, const std::string& topic,
                                      const std::string& table) {
  PrimaryTableCheck c;
  std::map<std::string, long> last;  // read in partition then offset order; a key has one partition
  for (const auto& r : stage.kafka.read_all(topic, std::chrono::seconds(60)))
    if (r.key && r.value) last[*r.key] = seq_of(*r.value);
  c.keys = last.size();
  std::map<std::string, long> rows;
  for (const auto& row : stage.sr.table_rows("shop", table))
    rows[row["k"].get<std::string>()] = row["seq"].get<long>();
  for (const auto& [key, seq] : last) {
    auto it = rows.find(key);
    if (it != rows.end() && it->second == seq) continue;
    ++c.wrong;
    if (c.examples.size() < kExamples)
      c.examples.push_back(key + ": last value seq " + std::to_string(seq) + ", table has " +
                           (it == rows.end() ? "no row" : "seq " + std::to_string(it->second)));
  }
  return c;
}

std::vector<std::string> uncommitted(e2e::Stage& stage, const std::string& group,
                                     const std::vector<std::string>& topics) {
  std::vector<std::string> out;
  for (const auto& topic : topics) {
    auto committed = stage.kafka.committed_offsets(group, topic);
    for (const auto& [p, end] : stage.kafka.end_offsets(topic)) {
      auto it = committed.find(p);
      if (end == 0 || (it != committed.end() && it->second == end)) continue;
      out.push_back(topic + "[" + std::to_string(p) + "]: committed " +
                    (it == committed.end() ? "nothing" : std::to_string(it->second)) + ", end " +
                    std::to_string(end));
    }
  }
  return out;
}

}  // namespace chaos
