#include "load_payload.hpp"

#include "compression.hpp"

namespace sluice::starrocks {

LoadPayload build_load_payload(const SinkConfig& config, std::string_view table,
                               const LoadBody& body) {
  LoadPayload p;
  if (std::string problem = check_formatter_headers(body.headers); !problem.empty()) {
    p.problem = Status::permanent(problem);
    return p;
  }
  auto table_it = config.table_properties.find(table);
  MergedHeaders merged =
      merge_headers(body.headers, config.properties,
                    table_it == config.table_properties.end() ? nullptr : &table_it->second);
  p.headers = std::move(merged.headers);
  p.overrides = std::move(merged.overrides);
  if (config.compression != Compression::none) {
    if (std::string err = compress_body(config.compression, body.data, p.compressed);
        !err.empty()) {
      p.problem = Status::retryable(err);
      return p;
    }
    p.is_compressed = true;
    p.headers.emplace_back("compression", std::string(compression_name(config.compression)));
  }
  return p;
}

}  // namespace sluice::starrocks
