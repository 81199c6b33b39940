// Registration of the Debezium transform family: debezium_unwrap and debezium_op.
#include <memory>

#include <sluice/sluice.hpp>

#include "op.hpp"
#include "op_options.hpp"
#include "unwrap.hpp"
#include "unwrap_options.hpp"

namespace {

std::vector<sluice::PluginDescriptor> plugins() {
  using namespace sluice_debezium;
  std::vector<sluice::PluginDescriptor> out;
  out.push_back({"debezium_unwrap", "1.0.0",
                 "Debezium ExtractNewRecordState: a change event becomes its row (deletes, "
                 "tombstones, add.fields, add.headers, route.by.field)",
                 unwrap_option_specs(),
                 sluice::TransformFactory([](const sluice::PluginContext& ctx) {
                   return std::make_unique<UnwrapTransform>(parse_unwrap_options(ctx.options));
                 })});
  out.push_back({"debezium_op", "1.0.0",
                 "adds __op (0 upsert for c/u/r, 1 delete for d) for StarRocks Primary Key tables, "
                 "before or after debezium_unwrap, with or without schemas",
                 op_option_specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
                   return std::make_unique<OpTransform>(parse_op_options(ctx.options));
                 })});
  return out;
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
