// Options of the "json" formatter: declarations and the parsed config.
#pragma once

#include <vector>

#include <sluice/options.hpp>

namespace sluice::formatter_json {

/// How records are framed in one body.
enum class Layout {
  array,   ///< one JSON array of objects (`strip_outer_array: true`)
  ndjson,  ///< objects separated by "\n"
};

struct JsonConfig {
  Layout layout = Layout::array;
  bool ignore_json_size = false;
};

/// The option declarations the host validates.
std::vector<OptionSpec> json_option_specs();

/// Reads validated options into the config.
JsonConfig parse_json_options(const Options& options);

}  // namespace sluice::formatter_json
