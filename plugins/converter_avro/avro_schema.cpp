#include "avro_schema.hpp"

#include <set>
#include <utility>

namespace sluice::avro_converter {

AvroSchema::~AvroSchema() {
  if (class_) avro_value_iface_decref(class_);
  if (parsed_) avro_schema_decref(parsed_);
}

Status AvroSchema::build(const std::vector<std::string>& references, const std::string& root,
                         std::shared_ptr<const AvroSchema>& out) {
  auto schema = std::make_shared<AvroSchema>();
  std::string error;
  for (const auto& text : references) {
    const Value json = Value::parse(text, nullptr, false);
    if (json.is_discarded() || !schema->model_.add(json, error))
      return Status::bad_record("invalid referenced Avro schema: " +
                                (error.empty() ? std::string("not JSON") : error));
  }
  const Value json = Value::parse(root, nullptr, false);
  if (json.is_discarded()) return Status::bad_record("invalid Avro schema: not JSON");
  schema->root_ = schema->model_.add(json, error);
  if (!schema->root_) return Status::bad_record("invalid Avro schema: " + error);

  // avro-c resolves names only inside one document: with references, parse one union of the
  // referenced schemas and the root, and read with the root's branch.
  std::string text = root;
  if (!references.empty()) {
    if (json.is_array())
      return Status::bad_record("a union schema with references is not supported");
    text = "[";
    for (const auto& r : references) text += r + ",";
    text += root + "]";
  }
  if (avro_schema_from_json_length(text.data(), text.size(), &schema->parsed_) != 0) {
    schema->parsed_ = nullptr;
    return Status::bad_record(std::string("invalid Avro schema: ") + avro_strerror());
  }
  schema->writer_ = schema->parsed_;
  if (!references.empty()) {
    schema->root_branch_ = static_cast<int>(references.size());
    schema->writer_ = avro_schema_union_branch(schema->parsed_, references.size());
  }
  if (!schema->writer_) return Status::bad_record("invalid Avro schema: no root type");
  // From the whole parse: named types of other branches are resolved only there.
  schema->class_ = avro_generic_class_from_schema(schema->parsed_);
  if (!schema->class_)
    return Status::bad_record(std::string("cannot use Avro schema: ") + avro_strerror());
  out = std::move(schema);
  return Status::ok();
}

namespace {

constexpr int kMaxReferenceDepth = 32;

/// Appends the texts `schema` references, each after its own references, each once.
Status collect_references(registry::RegistryClient& client,
                          const registry::RegisteredSchema& schema, int depth,
                          std::set<std::pair<std::string, std::int32_t>>& seen,
                          std::vector<std::string>& texts) {
  if (depth > kMaxReferenceDepth)
    return Status::bad_record("schema references nested deeper than " +
                              std::to_string(kMaxReferenceDepth));
  for (const auto& ref : schema.references) {
    if (!seen.insert({ref.subject, ref.version}).second) continue;
    registry::RegisteredSchema dep;
    if (Status st = client.schema_by_subject_version(ref.subject, ref.version, dep); !st) return st;
    if (Status st = collect_references(client, dep, depth + 1, seen, texts); !st) return st;
    texts.push_back(dep.text);
  }
  return Status::ok();
}

}  // namespace

Status load_avro_schema(registry::RegistryClient& client, std::int32_t id,
                        std::shared_ptr<const AvroSchema>& out) {
  registry::RegisteredSchema root;
  if (Status st = client.schema_by_id(id, root); !st) return st;
  if (root.type != "AVRO")
    return Status::bad_record("schema id " + std::to_string(id) + " is " + root.type +
                              ", not AVRO");
  std::set<std::pair<std::string, std::int32_t>> seen;
  std::vector<std::string> references;
  if (Status st = collect_references(client, root, 0, seen, references); !st) return st;
  Status st = AvroSchema::build(references, root.text, out);
  if (!st) return Status::bad_record("schema id " + std::to_string(id) + ": " + st.message());
  return st;
}

}  // namespace sluice::avro_converter
