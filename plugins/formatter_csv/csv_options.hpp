// Options of the "csv" formatter: declarations, the parsed config, and the forms StarRocks
// accepts in headers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/options.hpp>

namespace sluice::formatter_csv {

struct CsvConfig {
  std::string column_separator = "\t";
  std::string row_delimiter = "\n";
  std::optional<char> enclose;
  std::optional<char> escape;
  /// Explicit column order; empty: each batch takes the field order of its first record.
  std::vector<std::string> columns;
};

/// The option declarations the host validates.
std::vector<OptionSpec> csv_option_specs();

/// Reads and checks validated options; throws std::invalid_argument naming the option.
CsvConfig parse_csv_options(const Options& options);

/// Turns an option spelling into bytes: "\x1e" and "\x0d0a" (hex, the whole value) as StarRocks
/// reads them, the escapes \t \n \r \\ , or the text itself. Throws std::invalid_argument.
std::string decode_separator(std::string_view option, std::string_view spelled);

/// How a separator or delimiter is written in a Stream Load header: as is when it is plain
/// printable ASCII, else in StarRocks's hex form "\x.." (a header cannot carry a tab or a newline
/// reliably: HTTP trims and splits on them).
std::string header_form(std::string_view bytes);

/// Why a column name cannot go into the `columns` header, or "" when it can.
std::string column_name_problem(std::string_view name);

}  // namespace sluice::formatter_csv
