#include "config/toml_writer.hpp"

#include <algorithm>

namespace sluice::engine {

std::string toml_key(const std::string& key) {
  bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  return bare ? key : Value(key).dump();
}

namespace {

bool is_table_array(const Value& v) {
  return v.is_array() && !v.empty() &&
         std::all_of(v.begin(), v.end(), [](const Value& e) { return e.is_object(); });
}

std::string inline_value(const Value& v) {
  if (v.is_object()) {
    std::string s = "{ ";
    bool first = true;
    for (auto& [k, e] : v.items()) {
      s += (first ? "" : ", ") + toml_key(k) + " = " + inline_value(e);
      first = false;
    }
    return v.empty() ? "{}" : s + " }";
  }
  if (v.is_array()) {
    std::string s = "[";
    bool first = true;
    for (const auto& e : v) {
      s += (first ? "" : ", ") + inline_value(e);
      first = false;
    }
    return s + "]";
  }
  if (v.is_null()) return "\"\"";
  return v.dump();  // JSON strings, numbers and booleans are valid TOML
}

void emit_table(const Value& table, const std::string& prefix, std::string& out) {
  for (auto& [k, v] : table.items())
    if (!v.is_object() && !is_table_array(v)) out += toml_key(k) + " = " + inline_value(v) + "\n";
  for (auto& [k, v] : table.items()) {
    std::string name = prefix.empty() ? toml_key(k) : prefix + "." + toml_key(k);
    if (v.is_object()) {
      bool has_scalars = std::any_of(
          v.begin(), v.end(), [](const Value& e) { return !e.is_object() && !is_table_array(e); });
      if (has_scalars || v.empty()) out += "\n[" + name + "]\n";
      emit_table(v, name, out);
    } else if (is_table_array(v)) {
      for (const auto& e : v) {
        out += "\n[[" + name + "]]\n";
        emit_table(e, name, out);
      }
    }
  }
}

}  // namespace

std::string to_toml(const Value& root) {
  std::string out;
  emit_table(root, "", out);
  return out;
}

}  // namespace sluice::engine
