// Registration of the "json" formatter: StarRocks JSON bodies (array or NDJSON).
#include <memory>

#include <sluice/sluice.hpp>

#include "json_body_writer.hpp"
#include "json_options.hpp"

namespace {

using sluice::formatter_json::JsonBodyWriter;
using sluice::formatter_json::JsonConfig;

class JsonFormatter final : public sluice::Formatter {
 public:
  explicit JsonFormatter(JsonConfig config) : config_(config) {}
  std::unique_ptr<sluice::BodyWriter> new_body(std::string_view) override {
    return std::make_unique<JsonBodyWriter>(config_);
  }
  bool accepts_raw_json() const noexcept override { return true; }

 private:
  JsonConfig config_;
};

std::vector<sluice::PluginDescriptor> plugins() {
  return {{"json", "1.0.0",
           "StarRocks JSON bodies: one array (strip_outer_array) or NDJSON; raw JSON copied as is",
           sluice::formatter_json::json_option_specs(),
           sluice::FormatterFactory([](const sluice::PluginContext& ctx) {
             return std::make_unique<JsonFormatter>(
                 sluice::formatter_json::parse_json_options(ctx.options));
           })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
