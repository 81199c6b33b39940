// Options of the json converter.
#pragma once

#include <vector>

#include <sluice/options.hpp>

namespace sluice::json_converter {

struct JsonConverterConfig {
  /// Kafka Connect's `schemas.enable`: messages are {"schema": ..., "payload": ...} envelopes.
  bool schemas_enable = false;
  /// Kafka's `replace.null.with.default`: a null (or missing) payload whose schema has a default
  /// reads as the default; false: it stays null (an error when the field is required).
  bool replace_null_with_default = true;
};

std::vector<OptionSpec> option_specs();
JsonConverterConfig parse_options(const Options& options);

}  // namespace sluice::json_converter
