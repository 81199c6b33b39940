// Converts a loaded value (CSV text or a JSON value) to the stored value of a typed column.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sluice_tools/starrocks_emulator.hpp"

namespace sluice_tools {

// `from_text`: the value came from CSV text (a JSON column then parses the text).
// Returns the error message when the value cannot be converted (the row is filtered).
// A JSON null stays null; the NOT NULL check is the caller's.
std::optional<std::string> convert_value(const ColumnSpec& column, const nlohmann::json& in,
                                         bool from_text, nlohmann::json& out);

}  // namespace sluice_tools
