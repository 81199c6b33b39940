#include "options.hpp"

namespace sluice::string_converter {

std::vector<OptionSpec> option_specs() {
  std::vector<OptionSpec> specs;
  // Kafka Connect's `converter.encoding`; only UTF-8 exists here (StarRocks loads UTF-8).
  specs.push_back(
      OptionSpec("encoding", OptionType::string, "character encoding of the bytes; only UTF-8")
          .with_default("UTF-8")
          .one_of({"UTF-8"}));
  return specs;
}

}  // namespace sluice::string_converter
