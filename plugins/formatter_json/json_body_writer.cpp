#include "json_body_writer.hpp"

#include <nlohmann/json.hpp>
#include <sluice_values/value_kind.hpp>

namespace sluice::formatter_json {

namespace {

constexpr std::size_t kInitialReserve = 64 * 1024;

/// values::kind_phrase, judged from the first byte of valid JSON text.
const char* kind_of_text(char first) {
  switch (first) {
    case '[':
      return "an array";
    case '"':
      return "a string";
    case 't':
    case 'f':
      return "a boolean";
    case 'n':
      return "null";
    default:
      return "a number";
  }
}

Status not_an_object(const char* kind) {
  return Status::bad_record(std::string("JSON formatter needs an object value, got ") + kind);
}

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

void JsonBodyWriter::begin_row() {
  if (data_.capacity() < kInitialReserve) data_.reserve(kInitialReserve);
  if (config_.layout == Layout::array) data_.push_back(rows_ == 0 ? '[' : ',');
}

void JsonBodyWriter::end_row() {
  if (config_.layout == Layout::ndjson) data_.push_back('\n');
  ++rows_;
}

Status JsonBodyWriter::append(const Record& record) {
  const std::size_t mark = data_.size();
  if (record.raw_value) {
    // Fast path: text the engine already validated as JSON; only its kind is checked.
    const std::string& text = *record.raw_value;
    std::size_t i = 0;
    while (i < text.size() && is_json_space(text[i])) ++i;
    if (i == text.size()) return not_an_object("nothing");
    if (text[i] != '{') return not_an_object(kind_of_text(text[i]));
    begin_row();
    data_.append(text);
    end_row();
    return Status::ok();
  }
  if (!record.value.is_object()) return not_an_object(values::kind_phrase(record.value));
  begin_row();
  try {
    // Serialise straight into the body: no temporary string per record.
    nlohmann::detail::serializer<Value> out(nlohmann::detail::output_adapter<char>(data_), ' ',
                                            nlohmann::detail::error_handler_t::strict);
    out.dump(record.value, false, false, 0);
  } catch (const nlohmann::json::exception& e) {
    data_.resize(mark);
    return Status::bad_record(std::string("value cannot be written as JSON: ") + e.what());
  }
  end_row();
  return Status::ok();
}

std::size_t JsonBodyWriter::size_bytes() const noexcept {
  // The closing "]" is added by finish().
  return data_.size() + (config_.layout == Layout::array && rows_ > 0 ? 1 : 0);
}

LoadBody JsonBodyWriter::finish() {
  LoadBody body;
  if (config_.layout == Layout::array) {
    if (rows_ == 0) data_.assign(1, '[');
    data_.push_back(']');
  }
  body.data = std::move(data_);
  body.rows = rows_;
  body.headers.emplace_back("format", "json");
  if (config_.layout == Layout::array) body.headers.emplace_back("strip_outer_array", "true");
  if (config_.ignore_json_size) body.headers.emplace_back("ignore_json_size", "true");
  data_ = std::string();
  rows_ = 0;
  return body;
}

}  // namespace sluice::formatter_json
