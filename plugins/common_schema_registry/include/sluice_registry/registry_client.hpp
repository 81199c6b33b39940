// A Confluent schema registry client over libcurl: schemas by id and by subject/version.
// One client per converter instance (calls on it never overlap); not thread-safe itself.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/record.hpp>
#include <sluice/status.hpp>

#include "sluice_registry/registry_options.hpp"

namespace sluice::registry {

struct SchemaReference {
  std::string name;     ///< how the referring schema names it (Protobuf: the import path)
  std::string subject;  ///< where it is registered
  std::int32_t version = 1;
};

struct RegisteredSchema {
  std::string type;  ///< "AVRO" (also when the registry omits schemaType), "PROTOBUF", "JSON"
  std::string text;
  std::vector<SchemaReference> references;
};

class RegistryClient {
 public:
  explicit RegistryClient(RegistryConfig config);
  ~RegistryClient();
  RegistryClient(const RegistryClient&) = delete;
  RegistryClient& operator=(const RegistryClient&) = delete;

  /// GET /schemas/ids/{id}. Unknown id: bad_record "schema id N not found in the registry".
  /// Unreachable registry, timeout, 5xx, 429: retryable. Other answers: bad_record with the
  /// registry's message.
  Status schema_by_id(std::int32_t id, RegisteredSchema& out);
  /// GET /subjects/{subject}/versions/{version}, for references.
  Status schema_by_subject_version(std::string_view subject, std::int32_t version,
                                   RegisteredSchema& out);

  const RegistryConfig& config() const noexcept { return config_; }

 private:
  /// GET `path` from the first URL that answers; `what` names the request in errors.
  /// On a 2xx answer, parses the body into `body`; otherwise `http_status` and `body` describe
  /// the answer and the returned status is ok (the caller classifies), except for transport
  /// errors and 5xx, which are retryable.
  Status get(const std::string& path, const std::string& what, long& http_status, Value& body);
  Status fetch_schema(const std::string& path, const std::string& what, const std::string& missing,
                      RegisteredSchema& out);

  RegistryConfig config_;
  struct Curl;
  std::unique_ptr<Curl> curl_;
};

}  // namespace sluice::registry
