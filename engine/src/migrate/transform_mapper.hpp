// Maps Kafka Connect's transforms chain (`transforms=a,b`, `transforms.a.type=...`, options,
// `predicates`) to [[transforms]] tables of the bundled plugins, in the same order.
#pragma once

#include "migrate/migration.hpp"

namespace sluice::engine::migrate {

struct TransformSummary {
  bool reads_key = false;  ///< a $Key transform reads the record key (so its converter matters)
  bool routes = false;     ///< a transform sets the target table (RegexRouter, route.by.field)
};

/// Writes pipeline["transforms"] (when the chain is not empty) and notes what it cannot map.
TransformSummary map_transforms(MigrationContext& ctx);

}  // namespace sluice::engine::migrate
