#include "options.hpp"

#include <cctype>
#include <stdexcept>
#include <string>

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
  specs.push_back(
      OptionSpec("decimal.format", OptionType::string,
                 "how the producer wrote Decimals (Kafka's JsonConverter option): "
                 "BASE64 or NUMERIC, in any case as in Kafka; both forms are read whatever it says")
          .with_default("BASE64"));
  return specs;
}

JsonConverterConfig parse_options(const Options& options) {
  JsonConverterConfig config;
  config.schemas_enable = options.get_bool_or("schemas_enable", false);
  config.replace_null_with_default = options.get_bool_or("replace.null.with.default", true);
  // Checked here rather than with one_of(): Kafka takes any case ("NuMeRiC").
  std::string format = options.get_string_or("decimal.format", "BASE64");
  for (char& ch : format) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (format != "BASE64" && format != "NUMERIC")
    throw std::invalid_argument("option 'decimal.format' must be BASE64 or NUMERIC, not '" +
                                options.get_string("decimal.format") + "'");
  return config;
}

}  // namespace sluice::json_converter
