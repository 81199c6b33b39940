#include "options.hpp"

namespace sluice::json_converter {

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(
      OptionSpec("schemas_enable", OptionType::boolean,
                 "messages are Kafka Connect envelopes {\"schema\": ..., \"payload\": ...} "
                 "(Connect's schemas.enable); logical types are applied from the schema")
          .with_default(false));
  return specs;
}

JsonConverterConfig parse_options(const Options& options) {
  JsonConverterConfig config;
  config.schemas_enable = options.get_bool_or("schemas_enable", false);
  return config;
}

}  // namespace sluice::json_converter
