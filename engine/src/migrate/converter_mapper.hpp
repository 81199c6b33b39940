// Maps key.converter / value.converter and their options ("value.converter.schemas.enable", ...)
// to [source.key] / [source.value]; the worker config gives the defaults, as in Kafka Connect.
#pragma once

#include "migrate/migration.hpp"

namespace sluice::engine::migrate {

enum class ConverterSide { key, value };

/// Writes pipeline["source"]["key"|"value"]. `side_read`: whether anything reads this side (the
/// StarRocks connector loads only values; the key matters when a $Key transform reads it).
void map_converter(MigrationContext& ctx, ConverterSide side, bool side_read);

}  // namespace sluice::engine::migrate
