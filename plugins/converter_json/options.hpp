// Options of the json converter.
#pragma once

#include <vector>

#include <sluice/options.hpp>

namespace sluice::json_converter {

struct JsonConverterConfig {
  /// Kafka Connect's `schemas.enable`: messages are {"schema": ..., "payload": ...} envelopes.
  bool schemas_enable = false;
};

std::vector<OptionSpec> option_specs();
JsonConverterConfig parse_options(const Options& options);

}  // namespace sluice::json_converter
