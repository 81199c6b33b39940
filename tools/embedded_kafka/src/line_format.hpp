// How the embedded-kafka program turns a line of a --load file into a record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice::tools {

struct LineFormat {
  // When set, a line is split at the FIRST occurrence: key before, value after. A line without
  // the separator has a null key and the whole line as value.
  std::optional<std::string> key_separator;
  // When set, a value exactly equal to this marker is sent as a tombstone (null value).
  std::optional<std::string> tombstone_marker;
};

struct LineRecord {
  std::optional<std::string> key;
  std::optional<std::string> value;  // nullopt = tombstone
};

// `line` has no trailing newline ('\r' of CRLF files is removed here).
LineRecord parse_line(std::string_view line, const LineFormat& format);

}  // namespace sluice::tools
