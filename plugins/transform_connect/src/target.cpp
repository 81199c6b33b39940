#include "target.hpp"

namespace sluice_connect {

sluice::OptionSpec target_option_spec() {
  return sluice::OptionSpec("target", sluice::OptionType::string,
                            "Part of the record transformed: value (Kafka's $Value class "
                            "variant) or key ($Key)")
      .with_default("value")
      .one_of({"value", "key"});
}

Target parse_target(const sluice::Options& options) {
  return options.get_string_or("target", "value") == "key" ? Target::key : Target::value;
}

}  // namespace sluice_connect
