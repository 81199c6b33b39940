// Maps the Kafka client side: bootstrap servers (worker config), the consumer group Kafka Connect
// used, and consumer settings (`consumer.override.*` in the connector, `consumer.*` in the
// worker) to [source] and [source.librdkafka]. Java client keys become librdkafka's; SASL
// passwords become ${VARIABLES}.
#pragma once

#include "migrate/migration.hpp"

namespace sluice::engine::migrate {

/// Writes bootstrap_servers, group_id, start_offset and librdkafka into pipeline["source"].
/// `connector_name`: the connector's name as Kafka Connect had it (its group is "connect-<name>").
void map_consumer(MigrationContext& ctx, const std::string& connector_name);

}  // namespace sluice::engine::migrate
