// Kafka's `field.syntax.version` (KIP-821, ExtractField): V1, the default, takes the field name as
// it is; V2 reads a dotted path to a nested field, where a step in backticks may hold dots
// ("`foo.bar`.baz") and \` before a closing backtick keeps it in the name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <sluice/options.hpp>

namespace sluice_connect {

/// The option `field.syntax.version` (V1 or V2, any case).
sluice::OptionSpec field_syntax_option_spec();

/// The steps of `path` under the record's `field.syntax.version`. Throws std::invalid_argument
/// naming `option` for an unmatched backtick in a V2 path.
std::vector<std::string> field_path_steps(const sluice::Options& options, std::string_view path,
                                          std::string_view option);

}  // namespace sluice_connect
