#include "run/batch.hpp"

#include <cstdio>

namespace sluice::engine {

std::string Batch::describe_ranges() const {
  std::string s;
  for (const auto& [tp, r] : ranges)
    s += (s.empty() ? "" : ", ") + tp.str() + "@" + std::to_string(r.first) + "-" +
         std::to_string(r.last);
  return s;
}

namespace {
std::string sanitize(const std::string& s, std::size_t max) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) break;
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
  }
  return out;
}
}  // namespace

std::string batch_label(const std::string& pipeline, const Batch& batch) {
  // FNV-1a over the ranges: stable across processes and versions.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  };
  mix(batch.table);
  for (const auto& [tp, r] : batch.ranges)
    mix(tp.topic + '\x1f' + std::to_string(tp.partition) + '\x1f' + std::to_string(r.first) +
        '\x1f' + std::to_string(r.last) + '\x1e');
  char digest[17];
  std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(h));
  // The first range in clear helps a person find the batch; the digest makes it unique.
  std::string first;
  if (!batch.ranges.empty()) {
    const auto& [tp, r] = *batch.ranges.begin();
    first =
        std::to_string(tp.partition) + "_" + std::to_string(r.first) + "_" + std::to_string(r.last);
  }
  return sanitize(pipeline, 40) + "-" + sanitize(batch.table, 40) + "-" + sanitize(first, 28) +
         "-" + digest;
}

std::string txn_label_base(const std::string& pipeline, const std::string& table,
                           const std::string& round) {
  return sanitize(pipeline, 40) + "-" + sanitize(table, 40) + "-" +
         sanitize(round, 24);  // 106 characters at most
}

std::string txn_attempt_label(const std::string& base, std::int64_t attempt) {
  return base + "-" + std::to_string(attempt);  // within StarRocks' 128
}

}  // namespace sluice::engine
