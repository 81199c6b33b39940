// SchemaRegistry: a small Confluent-compatible schema registry for tests, on 127.0.0.1 with an
// OS-chosen port. Implements registering and reading schemas (AVRO, PROTOBUF, JSON, with
// references), optional basic auth, and fault hooks so clients can test retries.
// Schemas are stored as given: they are NOT parsed or checked for compatibility.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::tools {

enum class SchemaType { Avro, Protobuf, Json };

// "AVRO", "PROTOBUF", "JSON".
std::string_view schema_type_name(SchemaType type);
std::optional<SchemaType> parse_schema_type(std::string_view name);

struct SchemaReference {
  std::string name;     // how the referring schema names it (e.g. an import path)
  std::string subject;  // where the referenced schema is registered
  int version = 1;

  bool operator==(const SchemaReference&) const = default;
};

struct SchemaRegistryOptions {
  uint16_t port = 0;  // 0: chosen by the OS
  // Both set: every request needs "Authorization: Basic base64(user:password)".
  std::optional<std::string> user;
  std::optional<std::string> password;
};

class SchemaStore;

// Errors (cannot bind, invalid registration) are thrown as std::runtime_error with context.
// All methods may be called from any thread while requests are served.
class SchemaRegistry {
 public:
  explicit SchemaRegistry(SchemaRegistryOptions options = {});
  ~SchemaRegistry();  // stops serving
  SchemaRegistry(const SchemaRegistry&) = delete;
  SchemaRegistry& operator=(const SchemaRegistry&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:<port>"

  // Same as POST /subjects/{subject}/versions; returns the schema id.
  int register_schema(std::string_view subject, std::string_view schema,
                      SchemaType type = SchemaType::Avro,
                      const std::vector<SchemaReference>& references = {});

  // Fault hooks.
  // The next `count` requests are answered with `status` and a Confluent error body.
  void fail_next_requests(int count, int status = 500);
  // Down: the listening socket is closed (connection refused). Up: listens again on the same
  // port; stored schemas are kept.
  void set_down(bool down);
  // Every answer is delayed by this much (0 to turn off).
  void set_response_delay(std::chrono::milliseconds delay);
  // HTTP requests received so far (including failed and unauthorised ones).
  size_t request_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace sluice::tools
