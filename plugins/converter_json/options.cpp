#include "options.hpp"

namespace sluice::json_converter {

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(
      OptionSpec("schemas_enable", OptionType::boolean,
                 "messages are Kafka Connect envelopes {\"schema\": ..., \"payload\": ...} "
                 "(Connect's schemas.enable); logical types are applied from the schema")
          .with_default(false));
  specs.push_back(OptionSpec("replace.null.with.default", OptionType::boolean,
                             "with schemas_enable: a null or missing value whose schema has a "
                             "default reads as the default (false: it stays null), as Kafka's "
                             "JsonConverter option of this name")
                      .with_default(true));
  // Kafka's option chooses how Decimals are *written*; a reader accepts both forms whatever it
  // says (as Kafka's does), so it is accepted and checked, and changes nothing here.
  specs.push_back(OptionSpec("decimal.format", OptionType::string,
                             "how the producer wrote Decimals (Kafka's JsonConverter option): "
                             "BASE64 or NUMERIC; both forms are read whatever it says")
                      .with_default("BASE64")
                      .one_of({"BASE64", "NUMERIC", "base64", "numeric"}));
  return specs;
}

JsonConverterConfig parse_options(const Options& options) {
  JsonConverterConfig config;
  config.schemas_enable = options.get_bool_or("schemas_enable", false);
  config.replace_null_with_default = options.get_bool_or("replace.null.with.default", true);
  return config;
}

}  // namespace sluice::json_converter
