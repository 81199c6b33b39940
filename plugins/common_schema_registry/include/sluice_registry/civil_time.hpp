// The calendar texts come from the shared library (plugins/common_values).
#pragma once

#include <sluice_values/civil_time.hpp>

namespace sluice::registry {
using namespace ::sluice::values;
}  // namespace sluice::registry
