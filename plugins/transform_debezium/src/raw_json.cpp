#include "raw_json.hpp"

namespace sluice_debezium {

namespace {

namespace od = simdjson::ondemand;

std::string_view trim_end(std::string_view s) noexcept {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// The key as written, up to its closing quote; false when it holds an escape sequence (a key the
/// text spells differently from its value cannot be compared as written).
bool plain_key(const od::raw_json_string& key, std::string_view& out) noexcept {
  const char* begin = key.raw();
  const char* p = begin;
  while (*p != '"') {
    if (*p == '\\') return false;
    ++p;
  }
  out = std::string_view(begin, static_cast<std::size_t>(p - begin));
  return true;
}

bool value_text(od::value& v, RawMember& m) noexcept {
  od::json_type type;
  if (v.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object o;
      m.kind = RawKind::object;
      return !v.get_object().get(o) && !o.raw_json().get(m.json);
    }
    case od::json_type::array: {
      od::array a;
      m.kind = RawKind::array;
      return !v.get_array().get(a) && !a.raw_json().get(m.json);
    }
    case od::json_type::string:
      m.kind = RawKind::string;
      break;
    case od::json_type::number:
      m.kind = RawKind::number;
      break;
    case od::json_type::boolean:
      m.kind = RawKind::boolean;
      break;
    case od::json_type::null:
      m.kind = RawKind::null;
      break;
  }
  m.json = trim_end(v.raw_json_token());
  return true;
}

}  // namespace

const RawMember* RawObject::find(std::string_view key) const noexcept {
  for (const auto& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

bool plain_string(const RawMember& m, std::string_view& out) noexcept {
  if (m.kind != RawKind::string || m.json.size() < 2) return false;
  std::string_view inner = m.json.substr(1, m.json.size() - 2);
  if (inner.find('\\') != std::string_view::npos) return false;
  out = inner;
  return true;
}

std::string with_member(const RawObject& object, std::string_view key_json,
                        std::string_view value_json) {
  const std::string_view text = object.json;
  const std::string_view key = key_json.substr(1, key_json.size() - 2);
  std::string out;
  if (const RawMember* m = object.find(key)) {
    const auto at = static_cast<std::size_t>(m->json.data() - text.data());
    out.reserve(text.size() - m->json.size() + value_json.size());
    out.append(text.substr(0, at)).append(value_json).append(text.substr(at + m->json.size()));
    return out;
  }
  const std::size_t close = text.rfind('}');
  out.reserve(close + key_json.size() + value_json.size() + 3);
  out.append(text.substr(0, close));
  if (!object.members.empty()) out.push_back(',');
  out.append(key_json).push_back(':');
  out.append(value_json).push_back('}');
  return out;
}

bool RawJsonReader::read_top(std::string& text, RawObject& out) {
  text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  text_ = &text;
  return read(text.data(), text.size(), text.capacity(), out);
}

bool RawJsonReader::read_nested(std::string_view object_json, RawObject& out) {
  if (!text_) return false;
  const auto offset = static_cast<std::size_t>(object_json.data() - text_->data());
  return read(object_json.data(), object_json.size(), text_->capacity() - offset, out);
}

bool RawJsonReader::read(const char* data, std::size_t size, std::size_t readable, RawObject& out) {
  out.json = std::string_view(data, size);
  out.members.clear();
  od::document doc;
  od::object object;
  if (parser_.iterate(data, size, readable).get(doc) || doc.get_object().get(object)) return false;
  for (auto field : object) {
    RawMember m;
    od::raw_json_string key;
    if (field.key().get(key) || !plain_key(key, m.key)) return false;
    od::value v;
    if (field.value().get(v) || !value_text(v, m)) return false;
    out.members.push_back(m);
  }
  return true;
}

}  // namespace sluice_debezium
