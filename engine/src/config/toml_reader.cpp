#include "config/toml_reader.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <toml++/toml.h>

#include "config/config_error.hpp"

namespace sluice::engine {

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::string expand_env(std::string_view s, const EnvLookup& env) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '$' && s.substr(i, 3) == "$${") {
      out += "${";
      i += 2;
      continue;
    }
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
      auto close = s.find('}', i + 2);
      if (close == std::string_view::npos)
        throw std::invalid_argument("unterminated '${' (write $${ for a literal ${)");
      std::string name(s.substr(i + 2, close - i - 2));
      if (name.empty()) throw std::invalid_argument("empty variable name '${}'");
      auto v = env(name);
      if (!v) throw std::invalid_argument("environment variable " + name + " is not set");
      out += *v;
      i = close;
      continue;
    }
    out += s[i];
  }
  return out;
}

namespace {

SourcePos pos_of(const toml::source_region& r) {
  return {r.begin.line, r.begin.column};
}

struct Converter {
  const EnvLookup& env;
  SourceMap& map;

  Value convert(const toml::node& node, KeyPath& path) {
    switch (node.type()) {
      case toml::node_type::table: {
        Value obj = Value::object();
        // toml++ keeps keys sorted by name; keep the file's order (CSV columns, error order).
        std::vector<std::pair<const toml::key*, const toml::node*>> entries;
        for (auto&& [k, v] : *node.as_table()) entries.emplace_back(&k, &v);
        std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
          const auto &pa = a.first->source().begin, &pb = b.first->source().begin;
          return pa.line != pb.line ? pa.line < pb.line : pa.column < pb.column;
        });
        for (auto&& [kp, vp] : entries) {
          const toml::key& k = *kp;
          const toml::node& v = *vp;
          path.emplace_back(k.str());
          map.set(path, pos_of(k.source()), pos_of(v.source()));
          obj[std::string(k.str())] = convert(v, path);
          path.pop_back();
        }
        return obj;
      }
      case toml::node_type::array: {
        Value arr = Value::array();
        std::size_t i = 0;
        for (auto&& v : *node.as_array()) {
          path.push_back("[" + std::to_string(i++) + "]");
          map.set(path, pos_of(v.source()), pos_of(v.source()));
          arr.push_back(convert(v, path));
          path.pop_back();
        }
        return arr;
      }
      case toml::node_type::string: {
        const std::string& s = node.as_string()->get();
        try {
          return expand_env(s, env);
        } catch (const std::invalid_argument& e) {
          throw ConfigError(map.at(pos_of(node.source())) + ": " + e.what());
        }
      }
      case toml::node_type::integer:
        return node.as_integer()->get();
      case toml::node_type::floating_point:
        return node.as_floating_point()->get();
      case toml::node_type::boolean:
        return node.as_boolean()->get();
      default: {
        // dates and times: keep their TOML spelling
        std::ostringstream os;
        node.visit([&](auto&& n) { os << n; });
        return os.str();
      }
    }
  }
};

TomlDocument convert_table(const toml::table& tbl, const std::string& name, const EnvLookup& env) {
  TomlDocument doc{Value::object(), SourceMap(name)};
  doc.positions.set({}, {1, 1}, {1, 1});
  Converter c{env, doc.positions};
  KeyPath path;
  doc.root = c.convert(tbl, path);
  return doc;
}

}  // namespace

TomlDocument read_toml_text(std::string_view text, const std::string& name, const EnvLookup& env) {
  try {
    toml::table tbl = toml::parse(text, name);
    return convert_table(tbl, name, env);
  } catch (const toml::parse_error& e) {
    SourceMap m(name);
    throw ConfigError(m.at(pos_of(e.source())) + ": " + std::string(e.description()));
  }
}

TomlDocument read_toml_file(const std::filesystem::path& file, const EnvLookup& env) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw ConfigError(file.string() + ": cannot read pipeline file (no such file)");
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) throw ConfigError(file.string() + ": cannot read pipeline file");
  return read_toml_text(ss.str(), file.string(), env);
}

}  // namespace sluice::engine
