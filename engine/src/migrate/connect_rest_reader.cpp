#include "migrate/connect_rest_reader.hpp"

#include <stdexcept>
#include <string>

#include <sluice/record.hpp>

namespace sluice::engine::migrate {

namespace {

std::string as_text(const std::string& key, const Value& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  if (v.is_null()) return "";
  throw std::invalid_argument("config key \"" + key +
                              "\" must be a string, number or boolean, found " +
                              std::string(v.type_name()));
}

}  // namespace

bool looks_like_json(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

ConnectorConfig read_connect_rest_json(std::string_view text) {
  Value doc;
  try {
    doc = Value::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("invalid JSON: ") + e.what());
  }
  if (!doc.is_object()) throw std::invalid_argument("the JSON body must be an object");
  ConnectorConfig config;
  const bool wrapped = doc.contains("config");
  const Value& body = wrapped ? doc["config"] : doc;
  if (!body.is_object())
    throw std::invalid_argument("\"config\" must be an object of connector settings");
  if (wrapped) {
    for (auto& [k, v] : doc.items())
      if (k != "name" && k != "config")
        throw std::invalid_argument("unexpected field \"" + k +
                                    "\" beside \"name\" and \"config\"");
    if (doc.contains("name")) {
      std::string name = as_text("name", doc["name"]);
      if (body.contains("name") && as_text("name", body["name"]) != name)
        throw std::invalid_argument("\"name\" is \"" + name + "\" but config.name is \"" +
                                    as_text("name", body["name"]) +
                                    "\"; Kafka Connect refuses that");
      config.set("name", name);
    }
  }
  for (auto& [k, v] : body.items()) config.set(k, as_text(k, v));
  return config;
}

}  // namespace sluice::engine::migrate
