// Writes a Value tree as TOML (for `sluice validate` and `sluice migrate`), keeping key order.
#pragma once

#include <string>

#include <sluice/record.hpp>

namespace sluice::engine {

/// `root` must be an object. Scalars and arrays of scalars are written as `key = value`, objects
/// as [tables], arrays of objects as [[arrays of tables]], objects inside arrays inline.
std::string to_toml(const Value& root);

/// A key as TOML needs it: bare when it can be, else quoted.
std::string toml_key(const std::string& key);

}  // namespace sluice::engine
