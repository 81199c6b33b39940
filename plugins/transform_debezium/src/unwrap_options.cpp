#include "unwrap_options.hpp"

namespace sluice_debezium {

using sluice::OptionSpec;
using sluice::OptionType;

std::vector<OptionSpec> unwrap_option_specs() {
  std::vector<OptionSpec> specs;
  specs.push_back(
      OptionSpec("delete.tombstone.handling.mode", OptionType::string,
                 "How deletes and tombstones are handled: drop (both removed), tombstone "
                 "(delete becomes a null value, tombstones removed), rewrite (delete becomes "
                 "`before` + __deleted=\"true\", tombstones removed), rewrite-with-tombstone "
                 "(rewrite, tombstones kept), delete-to-tombstone (delete becomes a tombstone, "
                 "tombstones removed). When set, drop.tombstones and delete.handling.mode "
                 "are ignored")
          .one_of(
              {"drop", "tombstone", "rewrite", "rewrite-with-tombstone", "delete-to-tombstone"}));
  specs.push_back(
      OptionSpec("drop.tombstones", OptionType::boolean,
                 "Deprecated by Debezium: drop Kafka tombstones (null values). Used only "
                 "when delete.tombstone.handling.mode is not set")
          .with_default(true));
  specs.push_back(
      OptionSpec("delete.handling.mode", OptionType::string,
                 "Deprecated by Debezium: drop (deletes removed), none (delete becomes a "
                 "null value), rewrite (`before` + __deleted=\"true\"; other rows get "
                 "__deleted=\"false\"). Used only when delete.tombstone.handling.mode is not set")
          .with_default("drop")
          .one_of({"drop", "none", "rewrite"}));
  specs.push_back(OptionSpec("add.fields", OptionType::string_list,
                             "Change event fields added to the row: op, table, lsn, source.ts_ms, "
                             "transaction.id, ...; field:NEW_NAME renames"));
  specs.push_back(OptionSpec("add.fields.prefix", OptionType::string, "Prefix of added fields")
                      .with_default("__"));
  specs.push_back(
      OptionSpec("add.headers", OptionType::string_list,
                 "Change event fields added as Kafka headers; same syntax as add.fields"));
  specs.push_back(OptionSpec("add.headers.prefix", OptionType::string, "Prefix of added headers")
                      .with_default("__"));
  specs.push_back(OptionSpec("route.by.field", OptionType::string,
                             "Row field whose value becomes the target table (from `after`, from "
                             "`before` for deletes); empty: no routing")
                      .with_default(""));
  return specs;
}

UnwrapConfig parse_unwrap_options(const sluice::Options& options) {
  UnwrapConfig c;
  if (options.has("delete.tombstone.handling.mode")) {
    const std::string mode = options.get_string("delete.tombstone.handling.mode");
    if (mode == "drop") {
      c.deletes = DeleteAction::drop;
    } else if (mode == "tombstone") {
      c.deletes = DeleteAction::null_value;
    } else if (mode == "rewrite" || mode == "rewrite-with-tombstone") {
      c.deletes = DeleteAction::rewrite;
      c.keep_tombstones = mode == "rewrite-with-tombstone";
    } else {
      c.deletes = DeleteAction::tombstone;
    }
  } else {
    const std::string mode = options.get_string("delete.handling.mode");
    c.deletes = mode == "none"      ? DeleteAction::null_value
                : mode == "rewrite" ? DeleteAction::rewrite
                                    : DeleteAction::drop;
    c.keep_tombstones = !options.get_bool("drop.tombstones");
  }
  c.rewrite = c.deletes == DeleteAction::rewrite;
  if (options.has("add.fields"))
    c.add_fields = FieldReference::parse_list(
        options.get_list("add.fields"), options.get_string("add.fields.prefix"), "add.fields");
  if (options.has("add.headers"))
    c.add_headers = FieldReference::parse_list(
        options.get_list("add.headers"), options.get_string("add.headers.prefix"), "add.headers");
  c.route_by_field = options.get_string("route.by.field");
  return c;
}

}  // namespace sluice_debezium
