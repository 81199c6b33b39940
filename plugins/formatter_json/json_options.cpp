#include "json_options.hpp"

namespace sluice::formatter_json {

std::vector<OptionSpec> json_option_specs() {
  return {
      OptionSpec(
          "layout", OptionType::string,
          "\"array\": one JSON array per body (strip_outer_array); \"ndjson\": one object per "
          "line")
          .with_default("array")
          .one_of({"array", "ndjson"}),
      OptionSpec("ignore_json_size", OptionType::boolean,
                 "send ignore_json_size: true, so StarRocks accepts bodies over 100 MB")
          .with_default(false),
  };
}

JsonConfig parse_json_options(const Options& options) {
  JsonConfig c;
  c.layout = options.get_string_or("layout", "array") == "ndjson" ? Layout::ndjson : Layout::array;
  c.ignore_json_size = options.get_bool_or("ignore_json_size", false);
  return c;
}

}  // namespace sluice::formatter_json
