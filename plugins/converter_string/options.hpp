// Options of the string converter.
#pragma once

#include <vector>

#include <sluice/options.hpp>

namespace sluice::string_converter {

std::vector<OptionSpec> option_specs();

}  // namespace sluice::string_converter
