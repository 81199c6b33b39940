// Reads the JSON body of Kafka Connect's REST API: `POST /connectors` ({"name": ..., "config":
// {...}}) or a bare config object (`PUT /connectors/NAME/config`).
#pragma once

#include <string_view>

#include "migrate/connector_config.hpp"

namespace sluice::engine::migrate {

/// True when `text` looks like JSON (its first non-blank character is '{').
bool looks_like_json(std::string_view text);

/// Config values that are JSON numbers or booleans are taken as their text, as Connect does.
/// A top-level "name" outside "config" becomes the `name` key (a different "config.name" is an
/// error, as Connect answers 400). Throws std::invalid_argument for invalid JSON or another shape.
ConnectorConfig read_connect_rest_json(std::string_view text);

}  // namespace sluice::engine::migrate
