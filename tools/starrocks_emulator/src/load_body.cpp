#include "load_body.hpp"

#include "compression.hpp"
#include "row_builder.hpp"

namespace sluice_tools {

BodyRead read_load_body(http::Exchange& exchange, const LoadOptions& options) {
  BodyRead out;
  auto raw = exchange.read_body(kMaxBodyBytes);
  if (!raw) {
    out.client_gone = true;
    return out;
  }
  if (options.compression.empty()) {
    out.body = std::move(*raw);
    return out;
  }
  if (auto err = decompress_body(options.compression, *raw, out.body)) out.error = *err;
  return out;
}

ProcessedBody process_body(Core& core, const TableSpec& table, const LoadOptions& options,
                           std::string_view body, std::int64_t txn_id) {
  ProcessedBody out;
  ParsedLoad parsed = build_rows(table, options, body);
  out.fatal = std::move(parsed.fatal);
  out.rows.table = table.table;
  out.rows.partial_update = options.partial_update;
  out.rows.total_rows = parsed.total_rows;
  out.rows.filtered_rows = static_cast<std::int64_t>(parsed.rejected.size());
  out.rows.max_filter_ratio = options.max_filter_ratio;
  out.rows.rows = std::move(parsed.rows);
  if (!parsed.rejected.empty()) {
    std::string log;
    constexpr std::size_t kMaxLogged = 1000;
    for (std::size_t i = 0; i < parsed.rejected.size() && i < kMaxLogged; ++i) {
      std::string reason = parsed.rejected[i].reason;
      if (!reason.empty() && reason.back() == '.') reason.pop_back();
      log += "Error: " + reason + ". Row: " + parsed.rejected[i].raw + "\n";
    }
    std::string name = core.store_error_log(txn_id, std::move(log));
    out.error_url = core.be_base_url() + "/api/_load_error_log?file=" + name;
  }
  return out;
}

bool too_many_filtered(std::int64_t filtered, std::int64_t loaded, double max_filter_ratio) {
  return static_cast<double>(filtered) > static_cast<double>(filtered + loaded) * max_filter_ratio;
}

}  // namespace sluice_tools
