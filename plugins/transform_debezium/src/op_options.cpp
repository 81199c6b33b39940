#include "op_options.hpp"

#include <stdexcept>

namespace sluice_debezium {

using sluice::OptionSpec;
using sluice::OptionType;

std::vector<OptionSpec> op_option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(OptionSpec("field", OptionType::string,
                             "Column set to 0 for c/u/r (upsert) and 1 for d (delete); StarRocks "
                             "Primary Key tables read __op")
                      .with_default("__op"));
  specs.push_back(
      OptionSpec("envelope", OptionType::string,
                 "On a change event: unwrap (the value becomes `after`, or `before` for a "
                 "delete, plus the column, as the Java transform does) or keep (the column "
                 "is written inside `after` / `before` and the envelope stays for "
                 "debezium_unwrap)")
          .with_default("unwrap")
          .one_of({"unwrap", "keep"}));
  specs.push_back(OptionSpec("deleted_field", OptionType::string,
                             "On a row (already unwrapped): the field whose value \"true\" marks a "
                             "delete, as debezium_unwrap's rewrite modes write it; empty: not read")
                      .with_default("__deleted"));
  specs.push_back(OptionSpec("tombstones_as_deletes", OptionType::boolean,
                             "Turn a tombstone (null value) into a delete row made of its key "
                             "columns; the key must be a JSON object")
                      .with_default(false));
  return specs;
}

OpConfig parse_op_options(const sluice::Options& options) {
  OpConfig c;
  c.field = options.get_string("field");
  if (c.field.empty()) throw std::invalid_argument("option 'field' must not be empty");
  c.unwrap_envelope = options.get_string("envelope") == "unwrap";
  c.deleted_field = options.get_string("deleted_field");
  c.tombstones_as_deletes = options.get_bool("tombstones_as_deletes");
  return c;
}

}  // namespace sluice_debezium
