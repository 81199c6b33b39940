#include "sluice_tools/schema_registry.hpp"

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "schema_store.hpp"

namespace sluice::tools {
namespace {

using Json = nlohmann::ordered_json;  // keeps Confluent's field order in answers

constexpr const char* kContentType = "application/vnd.schemaregistry.v1+json";

void reply(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), kContentType);
}

void reply_error(httplib::Response& res, int status, int code, const std::string& message) {
  reply(res, status, Json{{"error_code", code}, {"message", message}});
}

Json references_json(const std::vector<SchemaReference>& refs) {
  Json out = Json::array();
  for (const auto& r : refs) {
    out.push_back(Json{{"name", r.name}, {"subject", r.subject}, {"version", r.version}});
  }
  return out;
}

// Adds schemaType (omitted for AVRO, like Confluent), schema and references (when any).
void add_schema_fields(Json& out, const StoredSchema& s) {
  if (s.type != SchemaType::Avro) out["schemaType"] = schema_type_name(s.type);
  if (!s.references.empty()) out["references"] = references_json(s.references);
  out["schema"] = s.schema;
}

struct Registration {
  std::string schema;
  SchemaType type = SchemaType::Avro;
  std::vector<SchemaReference> references;
};

RegistryError invalid(const std::string& why) {
  return RegistryError(422, 42201, "Invalid schema: " + why);
}

Registration parse_registration(const std::string& body) {
  const Json doc = Json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    throw RegistryError(400, 400, "Unrecognized request body: expected a JSON object");
  }
  Registration reg;
  const auto schema = doc.find("schema");
  if (schema == doc.end() || !schema->is_string()) throw invalid("\"schema\" must be a string");
  reg.schema = schema->get<std::string>();
  if (const auto type = doc.find("schemaType"); type != doc.end() && !type->is_null()) {
    const auto parsed =
        type->is_string() ? parse_schema_type(type->get<std::string>()) : std::nullopt;
    if (!parsed) throw invalid("unknown schemaType " + type->dump());
    reg.type = *parsed;
  }
  if (const auto refs = doc.find("references"); refs != doc.end() && !refs->is_null()) {
    if (!refs->is_array()) throw invalid("\"references\" must be an array");
    for (const auto& r : *refs) {
      if (!r.is_object() || !r.contains("name") || !r["name"].is_string() ||
          !r.contains("subject") || !r["subject"].is_string() || !r.contains("version") ||
          !r["version"].is_number_integer()) {
        throw invalid("each reference needs string name, string subject, integer version");
      }
      reg.references.push_back(SchemaReference{
          r["name"].get<std::string>(), r["subject"].get<std::string>(), r["version"].get<int>()});
    }
  }
  return reg;
}

}  // namespace

struct SchemaRegistry::Impl {
  SchemaRegistryOptions options;
  std::optional<std::string> expected_authorization;  // "Basic ..."

  mutable std::mutex store_mutex;
  SchemaStore store;

  std::atomic<int> fail_remaining{0};
  std::atomic<int> fail_status{500};
  std::atomic<int64_t> delay_ms{0};
  std::atomic<size_t> requests{0};

  std::mutex server_mutex;  // guards server and thread (start/stop)
  std::unique_ptr<httplib::Server> server;
  std::thread thread;

  // Answers the request here (fault, auth) or lets it go on to routing.
  httplib::Server::HandlerResponse before_routing(const httplib::Request& req,
                                                  httplib::Response& res) {
    ++requests;
    if (const auto delay = delay_ms.load(); delay > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));  // simulated slowness
    }
    int left = fail_remaining.load();
    while (left > 0 && !fail_remaining.compare_exchange_weak(left, left - 1)) {
    }
    if (left > 0) {
      const int status = fail_status.load();
      reply_error(res, status, status * 100 + 1,
                  "Error in the backend data store (injected fault)");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (expected_authorization &&
        req.get_header_value("Authorization") != *expected_authorization) {
      reply_error(res, 401, 401, "Unauthorized");
      res.set_header("WWW-Authenticate", "Basic realm=\"schema-registry\"");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  // Runs a handler body, turning RegistryError into a Confluent error answer.
  template <class Fn>
  void guarded(httplib::Response& res, Fn&& fn) {
    try {
      std::lock_guard lock(store_mutex);
      fn();
    } catch (const RegistryError& e) {
      reply_error(res, e.http_status, e.error_code, e.what());
    } catch (const std::exception& e) {
      reply_error(res, 500, 50001, std::string("Internal error: ") + e.what());
    }
  }

  void install_routes(httplib::Server& s) {
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return before_routing(req, res);
    });
    s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (res.body.empty()) {  // unknown route or method: answer in the registry's format
        reply_error(res, res.status, res.status, "HTTP " + std::to_string(res.status));
      }
    });

    s.Post(R"(/subjects/([^/]+)/versions)",
           [this](const httplib::Request& req, httplib::Response& res) {
             guarded(res, [&] {
               const Registration reg = parse_registration(req.body);
               const int id = store.register_schema(req.matches[1].str(), reg.schema, reg.type,
                                                    reg.references);
               reply(res, 200, Json{{"id", id}});
             });
           });
    s.Get(R"(/schemas/ids/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      guarded(res, [&] {
        const std::string text = req.matches[1].str();
        int id = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
        if (ec != std::errc() || end != text.data() + text.size()) {
          throw RegistryError(404, 40403, "Schema not found");
        }
        Json out = Json::object();
        add_schema_fields(out, store.by_id(id));
        reply(res, 200, out);
      });
    });
    s.Get("/subjects", [this](const httplib::Request&, httplib::Response& res) {
      guarded(res, [&] { reply(res, 200, Json(store.subjects())); });
    });
    s.Get(R"(/subjects/([^/]+)/versions)",
          [this](const httplib::Request& req, httplib::Response& res) {
            guarded(res, [&] { reply(res, 200, Json(store.versions(req.matches[1].str()))); });
          });
    s.Get(R"(/subjects/([^/]+)/versions/([^/]+))",
          [this](const httplib::Request& req, httplib::Response& res) {
            guarded(res, [&] {
              const SubjectVersion v = store.version(req.matches[1].str(), req.matches[2].str());
              Json out{{"subject", v.subject}, {"version", v.version}, {"id", v.schema->id}};
              add_schema_fields(out, *v.schema);
              reply(res, 200, out);
            });
          });
    s.Get(R"(/subjects/([^/]+)/versions/([^/]+)/schema)",
          [this](const httplib::Request& req, httplib::Response& res) {
            guarded(res, [&] {
              const SubjectVersion v = store.version(req.matches[1].str(), req.matches[2].str());
              res.status = 200;
              res.set_content(v.schema->schema, kContentType);
            });
          });
  }

  static void wait_running(const httplib::Server& srv) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!srv.is_running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  // Binds 127.0.0.1:port (0 = any) and serves in a thread; returns the bound port.
  uint16_t start(uint16_t port) {
    auto s = std::make_unique<httplib::Server>();
    install_routes(*s);
    s->set_keep_alive_timeout(1);  // bounds how long stop() waits for idle connections
    int bound = port;
    if (port == 0) {
      bound = s->bind_to_any_port("127.0.0.1");
    } else if (!s->bind_to_port("127.0.0.1", port)) {
      bound = -1;
    }
    if (bound <= 0) {
      throw std::runtime_error("SchemaRegistry: cannot listen on 127.0.0.1:" +
                               std::to_string(port));
    }
    // The socket already listens: connections wait in the backlog until the loop runs.
    server = std::move(s);
    thread = std::thread([srv = server.get()] { srv->listen_after_bind(); });
    // httplib's stop() before its loop runs is lost and the loop then never ends: wait for it.
    wait_running(*server);
    return static_cast<uint16_t>(bound);
  }

  void stop() {
    if (!server) return;
    server->stop();
    if (thread.joinable()) thread.join();
    server.reset();
  }
};

SchemaRegistry::SchemaRegistry(SchemaRegistryOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  if (impl_->options.user && impl_->options.password) {
    impl_->expected_authorization =
        httplib::make_basic_authentication_header(*impl_->options.user, *impl_->options.password)
            .second;
  }
  std::lock_guard lock(impl_->server_mutex);
  port_ = impl_->start(impl_->options.port);
}

SchemaRegistry::~SchemaRegistry() {
  std::lock_guard lock(impl_->server_mutex);
  impl_->stop();
}

std::string SchemaRegistry::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

int SchemaRegistry::register_schema(std::string_view subject, std::string_view schema,
                                    SchemaType type,
                                    const std::vector<SchemaReference>& references) {
  std::lock_guard lock(impl_->store_mutex);
  try {
    return impl_->store.register_schema(subject, schema, type, references);
  } catch (const RegistryError& e) {
    throw std::runtime_error("SchemaRegistry: register under '" + std::string(subject) +
                             "': " + e.what());
  }
}

void SchemaRegistry::fail_next_requests(int count, int status) {
  impl_->fail_status = status;
  impl_->fail_remaining = count;
}

void SchemaRegistry::set_down(bool down) {
  std::lock_guard lock(impl_->server_mutex);
  if (down) {
    impl_->stop();
  } else if (!impl_->server) {
    impl_->start(port_);
  }
}

void SchemaRegistry::set_response_delay(std::chrono::milliseconds delay) {
  impl_->delay_ms = delay.count();
}

size_t SchemaRegistry::request_count() const {
  return impl_->requests.load();
}

}  // namespace sluice::tools
