#include "json_converter.hpp"

#include <exception>
#include <string>

#include "envelope.hpp"

namespace sluice::json_converter {
namespace {

/// Nothing may escape the plugin boundary: an unexpected exception becomes a bad record.
template <class F>
Status guarded(F&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    return Status::bad_record(std::string("cannot convert JSON: ") + e.what());
  } catch (...) {
    return Status::bad_record("cannot convert JSON: unknown error");
  }
}

}  // namespace

Status JsonConverter::convert(std::string_view bytes, const ConvertContext&, Value& value,
                              Value& schema) {
  return guarded([&] {
    schema = nullptr;
    if (!config_.schemas_enable) return reader_.parse(bytes, value);
    Value document;
    Status st = reader_.parse_keeping_number_text(bytes, document);
    if (!st) return st;
    return read_envelope(std::move(document), value, schema, config_);
  });
}

Status JsonConverter::validate(std::string_view bytes, const ConvertContext& ctx) {
  if (config_.schemas_enable) {  // no fast path with envelopes: convert and drop the result
    Value value, schema;
    return convert(bytes, ctx, value, schema);
  }
  return guarded([&] { return reader_.check(bytes); });
}

}  // namespace sluice::json_converter
