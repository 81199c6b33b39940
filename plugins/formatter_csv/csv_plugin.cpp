// Registration of the "csv" formatter: StarRocks CSV bodies with separators, enclose/escape and
// an explicit `columns` header.
#include <memory>

#include <sluice/sluice.hpp>

#include "csv_body_writer.hpp"
#include "csv_options.hpp"

namespace {

using sluice::formatter_csv::CsvBodyWriter;
using sluice::formatter_csv::CsvConfig;

class CsvFormatter final : public sluice::Formatter {
 public:
  explicit CsvFormatter(CsvConfig config) : config_(std::move(config)) {}
  std::unique_ptr<sluice::BodyWriter> new_body(std::string_view) override {
    return std::make_unique<CsvBodyWriter>(config_);
  }

 private:
  CsvConfig config_;
};

std::vector<sluice::PluginDescriptor> plugins() {
  return {
      {"csv", "1.0.0",
       "StarRocks CSV bodies: separator, delimiter, \\N for NULL, enclose/escape, columns header",
       sluice::formatter_csv::csv_option_specs(),
       sluice::FormatterFactory([](const sluice::PluginContext& ctx) {
         return std::make_unique<CsvFormatter>(
             sluice::formatter_csv::parse_csv_options(ctx.options));
       })}};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
