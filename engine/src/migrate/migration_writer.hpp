// Prints a Migration as the pipeline file: a header of comments (variables to set, what was not
// migrated and why), then the TOML with comments at the end of the lines they explain.
#pragma once

#include <string>
#include <string_view>

#include "migrate/migration.hpp"

namespace sluice::engine::migrate {

/// `source_name`: the file migrated, named in the header.
std::string write_migration(const Migration& m, std::string_view source_name);

}  // namespace sluice::engine::migrate
