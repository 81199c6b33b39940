// What avro-c does not keep of an Avro schema: logical types. A tree parsed from the schema JSON
// beside avro-c's own, walked in step with the decoded value.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <sluice/record.hpp>

namespace sluice::avro_converter {

struct SchemaNode {
  enum class Kind {
    null,
    boolean,
    int_,
    long_,
    float_,
    double_,
    bytes,
    string,
    record,
    enum_,
    array,
    map,
    union_,
    fixed
  };
  enum class Logical {
    none,
    decimal,
    date,
    time_millis,
    time_micros,
    timestamp_millis,
    timestamp_micros,
    local_timestamp_millis,
    local_timestamp_micros,
    uuid
  };
  Kind kind = Kind::null;
  Logical logical = Logical::none;
  int scale = 0;  // decimal
  /// Record fields, union branches, or the one array item / map value type.
  std::vector<const SchemaNode*> children;
};

/// All nodes of one schema (and the schemas it references), owned together.
class SchemaModel {
 public:
  /// Parses `json` (Avro schema text). Named types may refer to types defined by earlier
  /// add() calls (Confluent references). Returns the root, or nullptr with `error`.
  const SchemaNode* add(const Value& json, std::string& error);

 private:
  const SchemaNode* parse(const Value& json, const std::string& ns, int depth, std::string& error);
  const SchemaNode* named(const std::string& name, const std::string& ns) const;
  SchemaNode* make(SchemaNode::Kind kind);

  std::vector<std::unique_ptr<SchemaNode>> nodes_;
  std::map<std::string, const SchemaNode*> by_name_;
};

}  // namespace sluice::avro_converter
