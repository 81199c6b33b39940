#include "schema_store.hpp"

#include <algorithm>
#include <charconv>

namespace sluice::tools {

std::string_view schema_type_name(SchemaType type) {
  switch (type) {
    case SchemaType::Avro:
      return "AVRO";
    case SchemaType::Protobuf:
      return "PROTOBUF";
    case SchemaType::Json:
      return "JSON";
  }
  return "AVRO";
}

std::optional<SchemaType> parse_schema_type(std::string_view name) {
  if (name == "AVRO") return SchemaType::Avro;
  if (name == "PROTOBUF") return SchemaType::Protobuf;
  if (name == "JSON") return SchemaType::Json;
  return std::nullopt;
}

namespace {

RegistryError subject_not_found(std::string_view subject) {
  return RegistryError(404, 40401, "Subject '" + std::string(subject) + "' not found.");
}

}  // namespace

int SchemaStore::register_schema(std::string_view subject, std::string_view schema, SchemaType type,
                                 const std::vector<SchemaReference>& references) {
  if (subject.empty()) throw RegistryError(422, 42201, "Invalid schema: empty subject");
  for (const auto& ref : references) {
    try {
      (void)version(ref.subject, std::to_string(ref.version));
    } catch (const RegistryError& e) {
      throw RegistryError(422, 42201,
                          "Invalid schema: reference '" + ref.name + "' (subject '" + ref.subject +
                              "' version " + std::to_string(ref.version) + "): " + e.what());
    }
  }
  auto same = std::find_if(schemas_.begin(), schemas_.end(), [&](const StoredSchema& s) {
    return s.schema == schema && s.type == type && s.references == references;
  });
  int id = 0;
  if (same != schemas_.end()) {
    id = same->id;
  } else {
    id = static_cast<int>(schemas_.size()) + 1;
    schemas_.push_back(StoredSchema{id, std::string(schema), type, references});
  }
  auto& ids = subjects_[std::string(subject)];
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  return id;
}

const StoredSchema& SchemaStore::by_id(int id) const {
  if (id < 1 || id > static_cast<int>(schemas_.size())) {
    throw RegistryError(404, 40403, "Schema not found");
  }
  return schemas_[static_cast<size_t>(id - 1)];
}

std::vector<std::string> SchemaStore::subjects() const {
  std::vector<std::string> out;
  for (const auto& [name, ids] : subjects_) out.push_back(name);
  return out;
}

std::vector<int> SchemaStore::versions(std::string_view subject) const {
  const auto it = subjects_.find(subject);
  if (it == subjects_.end()) throw subject_not_found(subject);
  std::vector<int> out;
  for (size_t v = 1; v <= it->second.size(); ++v) out.push_back(static_cast<int>(v));
  return out;
}

SubjectVersion SchemaStore::version(std::string_view subject, std::string_view version) const {
  int wanted = -1;
  if (version != "latest") {
    const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), wanted);
    if (ec != std::errc() || end != version.data() + version.size() || wanted < 1) {
      throw RegistryError(422, 42202,
                          "The specified version '" + std::string(version) +
                              "' is not a valid version id. Allowed values are between [1, "
                              "2^31-1] and the string \"latest\"");
    }
  }
  const auto it = subjects_.find(subject);
  if (it == subjects_.end()) throw subject_not_found(subject);
  const auto& ids = it->second;
  if (wanted == -1) wanted = static_cast<int>(ids.size());
  if (wanted > static_cast<int>(ids.size())) {
    throw RegistryError(404, 40402, "Version " + std::string(version) + " not found.");
  }
  return SubjectVersion{it->first, wanted, &by_id(ids[static_cast<size_t>(wanted - 1)])};
}

}  // namespace sluice::tools
