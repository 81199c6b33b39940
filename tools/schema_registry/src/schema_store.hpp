// The registry's data: schemas by global id, and versions per subject. Not thread-safe (the
// server serialises access).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sluice_tools/schema_registry.hpp"

namespace sluice::tools {

// A Confluent-style error: HTTP status, error_code and message.
struct RegistryError : std::runtime_error {
  RegistryError(int status, int code, const std::string& message)
      : std::runtime_error(message), http_status(status), error_code(code) {}
  int http_status;
  int error_code;
};

struct StoredSchema {
  int id = 0;
  std::string schema;
  SchemaType type = SchemaType::Avro;
  std::vector<SchemaReference> references;
};

struct SubjectVersion {
  std::string subject;
  int version = 0;
  const StoredSchema* schema = nullptr;
};

class SchemaStore {
 public:
  // Returns the id. The same schema (text, type, references) under the same subject keeps its
  // version; anywhere it keeps its id. Throws RegistryError (422) for an unknown reference.
  int register_schema(std::string_view subject, std::string_view schema, SchemaType type,
                      const std::vector<SchemaReference>& references);
  // Throws RegistryError 404/40403.
  const StoredSchema& by_id(int id) const;
  std::vector<std::string> subjects() const;  // sorted
  // Throws RegistryError 404/40401.
  std::vector<int> versions(std::string_view subject) const;
  // `version` is a number or "latest". Throws 404/40401, 404/40402 or 422/42202.
  SubjectVersion version(std::string_view subject, std::string_view version) const;

 private:
  std::vector<StoredSchema> schemas_;                              // index = id - 1
  std::map<std::string, std::vector<int>, std::less<>> subjects_;  // subject -> ids by version
};

}  // namespace sluice::tools
