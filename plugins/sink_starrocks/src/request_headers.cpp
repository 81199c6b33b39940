#include "request_headers.hpp"

#include "header_names.hpp"
#include "sink_config.hpp"

namespace sluice::starrocks {
namespace {

void set_header(MergedHeaders& merged, std::size_t formatter_count, const std::string& name,
                const std::string& value) {
  for (std::size_t i = 0; i < merged.headers.size(); ++i) {
    auto& [n, v] = merged.headers[i];
    if (!header_name_equal(n, name)) continue;
    if (i < formatter_count && v != value) {
      // Report against what the formatter wrote, even when a global property replaced it first.
      bool seen = false;
      for (auto& o : merged.overrides) {
        if (header_name_equal(o.name, name)) {
          o.property_value = value;
          seen = true;
        }
      }
      if (!seen) merged.overrides.push_back({n, v, value});
    }
    v = value;
    return;
  }
  merged.headers.emplace_back(name, value);
}

}  // namespace

MergedHeaders merge_headers(const Headers& from_formatter, const Headers& properties,
                            const Headers* table_properties) {
  MergedHeaders merged;
  merged.headers = from_formatter;
  const std::size_t formatter_count = merged.headers.size();
  for (const auto& [k, v] : properties) set_header(merged, formatter_count, k, v);
  if (table_properties)
    for (const auto& [k, v] : *table_properties) set_header(merged, formatter_count, k, v);
  // An override that ends at the formatter's own value is no override.
  std::erase_if(merged.overrides,
                [](const HeaderOverride& o) { return o.formatter_value == o.property_value; });
  return merged;
}

std::string check_formatter_headers(const Headers& headers) {
  for (const auto& [name, value] : headers) {
    if (name.empty() || name.find_first_of(":\r\n \t") != std::string::npos)
      return "the formatter set an invalid header name '" + name + "'";
    if (value.find_first_of("\r\n") != std::string::npos)
      return "the formatter's header '" + name + "' has a line break in its value";
    if (is_reserved_header(name))
      return "the formatter set header '" + name + "', which the sink sets itself";
  }
  return {};
}

}  // namespace sluice::starrocks
