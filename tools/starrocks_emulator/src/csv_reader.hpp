// CSV bodies the way StarRocks's csv_reader reads them (see STREAM_LOAD.md "CSV corners").
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice_tools {

struct CsvOptions {
  std::string column_separator = "\t";
  std::string row_delimiter = "\n";
  std::optional<char> enclose;
  std::optional<char> escape;
  bool trim_space = false;
  std::size_t skip_header = 0;
};

struct CsvRecord {
  std::vector<std::optional<std::string>> fields;  // nullopt: `\N`
  std::string_view raw;                            // the record as sent, for the error log
};

// Header value to bytes: `\xNN...` is hex, anything else is literal. Empty stays empty.
// Returns an error message for a broken hex form.
std::optional<std::string> decode_separator(std::string_view value, std::string& out);

// Calls `on_record` for every non-empty record after the skipped header lines.
void read_csv(std::string_view body, const CsvOptions& options,
              const std::function<void(CsvRecord&&)>& on_record);

// Counts records without splitting fields (blackhole mode).
std::size_t count_csv_records(std::string_view body, std::string_view row_delimiter);

}  // namespace sluice_tools
