// Maps a StarRocks Kafka connector configuration (plus, optionally, its Connect worker config) to
// a sluice pipeline: the Value tree `sluice validate` reads, line comments, and notes on what
// could not be carried over unchanged.
#pragma once

#include "migrate/connector_config.hpp"
#include "migrate/migration.hpp"

namespace sluice::engine::migrate {

/// `worker` may be null. Never throws for bad input: problems become notes (Severity::error for a
/// missing or malformed required key).
Migration migrate_connector(const ConnectorConfig& connector, const ConnectorConfig* worker);

}  // namespace sluice::engine::migrate
