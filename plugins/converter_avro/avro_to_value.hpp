// A decoded avro-c generic value → sluice::Value (DESIGN.md "Values as StarRocks loads them").
#pragma once

#include <string>

#include <avro.h>

#include <sluice/record.hpp>

#include "schema_model.hpp"

namespace sluice::avro_converter {

/// Walks `value` with `node` (its logical types; may be nullptr: no logical types). False when a
/// value cannot be represented (invalid UTF-8, a timestamp out of range); `error` names the path.
bool avro_to_value(avro_value_t& value, const SchemaNode* node, Value& out, std::string& error);

}  // namespace sluice::avro_converter
