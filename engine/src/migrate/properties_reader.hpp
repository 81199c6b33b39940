// Reads Java .properties text (connect-*.properties) as java.util.Properties.load does.
#pragma once

#include <string_view>

#include "migrate/connector_config.hpp"

namespace sluice::engine::migrate {

/// `key=value`, `key: value` or `key value`; `#`/`!` comment lines; a line ending in an odd number
/// of backslashes continues on the next (its leading whitespace skipped); escapes \t \n \r \f
/// \uXXXX, and `\x` is `x` for any other character. \uXXXX is written as UTF-8.
/// Throws std::invalid_argument "line N: ..." for a malformed \u escape.
ConnectorConfig read_properties(std::string_view text);

}  // namespace sluice::engine::migrate
