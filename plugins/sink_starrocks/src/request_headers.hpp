// StarRocks sink — the Stream Load headers of one request: the formatter's, then the global
// `properties`, then the table's own `properties`, each later one replacing an earlier header of
// the same name (names compare case-insensitively).
#pragma once

#include <string>
#include <vector>

#include <sluice/formatter.hpp>

namespace sluice::starrocks {

/// A property that replaced a header the formatter set with another value (the body may no
/// longer load as written; the sink warns once per table and header).
struct HeaderOverride {
  std::string name;
  std::string formatter_value;
  std::string property_value;
};

struct MergedHeaders {
  Headers headers;
  std::vector<HeaderOverride> overrides;
};

MergedHeaders merge_headers(const Headers& from_formatter, const Headers& properties,
                            const Headers* table_properties);

/// Empty when the formatter's headers can be sent, else why not (a header the sink owns, or a
/// line break in a value).
std::string check_formatter_headers(const Headers& headers);

}  // namespace sluice::starrocks
