#include "json_reader.hpp"

#include <cstring>
#include <vector>

#include <simdjson.h>

#include "leading_zeros.hpp"
#include "raw_number.hpp"

namespace sluice::json_converter {
namespace {

enum class BuildMode { check_only, plain, keep_number_text };

/// nlohmann SAX handler: builds the tree (or only follows the nesting) and records the first error.
class SaxBuilder {
 public:
  SaxBuilder(Value& root, BuildMode mode) : root_(root), mode_(mode) {}

  bool null() { return put(Value(nullptr)); }
  bool boolean(bool b) { return put(Value(b)); }
  bool number_integer(std::int64_t v) { return put(Value(v)); }
  bool number_unsigned(std::uint64_t v) { return put(Value(v)); }
  bool number_float(double v, const std::string& text) {
    return put(mode_ == BuildMode::keep_number_text ? make_raw_number(text) : Value(v));
  }
  bool string(std::string& s) { return put(Value(std::move(s))); }
  bool binary(Value::binary_t&) { return false; }  // JSON text has no binary values
  bool start_object(std::size_t) { return open(Value::object()); }
  bool key(std::string& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(Value::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& ex) {
    error_position_ = position;
    error_detail_ = describe(ex.what());
    return false;
  }

  /// The error in sluice's words: "invalid JSON at byte 3: unexpected ']'".
  std::string error() const {
    if (too_deep_)
      return "invalid JSON: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
    // nlohmann counts the characters read, including the offending one; we report its offset.
    const std::size_t at = error_position_ > 0 ? error_position_ - 1 : 0;
    return "invalid JSON at byte " + std::to_string(at) + ": " + error_detail_;
  }

 private:
  /// Keeps the cause from nlohmann's message, dropping its prefix and the "last read" excerpt
  /// (which would copy arbitrary, possibly invalid UTF-8, input bytes into logs).
  static std::string describe(std::string_view what) {
    if (auto p = what.find("] "); p != std::string_view::npos) what.remove_prefix(p + 2);
    if (what.starts_with("parse error"))
      if (auto p = what.find(": "); p != std::string_view::npos) what.remove_prefix(p + 2);
    if (what.starts_with("syntax error"))
      if (auto p = what.find(" - "); p != std::string_view::npos) what.remove_prefix(p + 3);
    std::string out;
    if (auto p = what.find("; last read: '"); p != std::string_view::npos) {
      out = std::string(what.substr(0, p));
      if (auto e = what.rfind("'; expected "); e != std::string_view::npos && e > p)
        out += std::string(what.substr(e + 1));
    } else {
      out = std::string(what);
    }
    return out;
  }

  bool open(Value container) {
    if (++depth_ > kMaxJsonDepth) {
      too_deep_ = true;
      return false;
    }
    Value* slot = put_slot(std::move(container));
    if (slot) stack_.push_back(slot);
    return true;
  }
  bool close() {
    --depth_;
    if (!stack_.empty()) stack_.pop_back();
    return true;
  }
  bool put(Value v) {
    put_slot(std::move(v));
    return true;
  }
  /// Stores `v` where the parser is; returns where it went (null when only checking).
  Value* put_slot(Value v) {
    if (mode_ == BuildMode::check_only) return nullptr;
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Value& parent = *stack_.back();
    if (parent.is_array()) {
      parent.get_ref<Value::array_t&>().push_back(std::move(v));
      return &parent.get_ref<Value::array_t&>().back();
    }
    auto& object = parent.get_ref<Value::object_t&>();
    auto [it, inserted] = object.emplace(std::move(key_), Value());
    it->second = std::move(v);  // a repeated key: the last value wins, at the first position
    return &it->second;
  }

  Value& root_;
  BuildMode mode_;
  std::vector<Value*> stack_;
  std::string key_;
  std::size_t depth_ = 0;
  bool too_deep_ = false;
  std::size_t error_position_ = 0;
  std::string error_detail_;
};

bool has_byte_order_mark(std::string_view text) {
  return text.starts_with("\xEF\xBB\xBF");
}

/// The slow, exact parser: the final word on documents simdjson refuses, and the envelope parser.
Status sax_parse(std::string_view text, Value& out, BuildMode mode) {
  if (has_byte_order_mark(text))
    return Status::bad_record("invalid JSON at byte 0: a byte order mark is not allowed");
  SaxBuilder builder(out, mode);
  const bool ok =
      Value::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                       /*strict=*/true, /*ignore_comments=*/false);
  if (!ok) {
    out = nullptr;
    return Status::bad_record(builder.error());
  }
  return Status::ok();
}

Value from_dom(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      Value out = Value::array();
      auto& items = out.get_ref<Value::array_t&>();
      simdjson::dom::array array =
          e.get_array().value_unsafe();  // a copy: value_unsafe() of a temporary dangles
      for (simdjson::dom::element child : array) items.push_back(from_dom(child));
      return out;
    }
    case element_type::OBJECT: {
      Value out = Value::object();
      auto& object = out.get_ref<Value::object_t&>();
      simdjson::dom::object fields = e.get_object().value_unsafe();
      for (auto field : fields) {
        auto [it, inserted] = object.emplace(std::string(field.key), Value());
        it->second = from_dom(field.value);
      }
      return out;
    }
    case element_type::INT64:
      return Value(e.get_int64().value_unsafe());
    case element_type::UINT64:
      return Value(e.get_uint64().value_unsafe());
    case element_type::DOUBLE:
      return Value(e.get_double().value_unsafe());
    case element_type::STRING:
      return Value(std::string(e.get_string().value_unsafe()));
    case element_type::BOOL:
      return Value(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
      return Value(nullptr);
  }
  return Value(nullptr);
}

}  // namespace

struct JsonReader::Simd {
  simdjson::dom::parser parser;
  std::vector<char> buffer;  // input copy with the zeroed padding simdjson reads past the end
  simdjson::dom::element root;
};

JsonReader::JsonReader() : simd_(std::make_unique<Simd>()) {}
JsonReader::~JsonReader() = default;

bool JsonReader::simd_accepts(std::string_view text) {
  auto& buf = simd_->buffer;
  if (buf.size() < text.size() + simdjson::SIMDJSON_PADDING)
    buf.assign(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::memcpy(buf.data(), text.data(), text.size());
  std::memset(buf.data() + text.size(), 0, simdjson::SIMDJSON_PADDING);
  auto result = simd_->parser.parse(buf.data(), text.size(), /*realloc_if_needed=*/false);
  if (result.error() != simdjson::SUCCESS) return false;
  simd_->root = result.value_unsafe();
  return true;
}

Status JsonReader::check(std::string_view text) {
  if (simd_accepts(text)) return Status::ok();
  Value unused;
  return sax_parse(text, unused, BuildMode::check_only);
}

Status JsonReader::parse(std::string_view text, Value& out) {
  if (simd_accepts(text)) {
    out = from_dom(simd_->root);
    return Status::ok();
  }
  return sax_parse(text, out, BuildMode::plain);
}

Status JsonReader::parse_keeping_number_text(std::string_view text, Value& out) {
  Status st = sax_parse(text, out, BuildMode::keep_number_text);
  if (st) return st;
  // Accepted by Kafka's reader; when the fixed text fails too, the first error is the one given.
  if (auto fixed = without_leading_zeros(text))
    if (sax_parse(*fixed, out, BuildMode::keep_number_text)) return Status::ok();
  return st;
}

}  // namespace sluice::json_converter
