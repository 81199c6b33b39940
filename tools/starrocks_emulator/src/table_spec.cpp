// Parses the tables file (JSON) into TableSpec declarations.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sluice_tools/starrocks_emulator.hpp"

namespace sluice_tools {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

ColumnType parse_type(const std::string& text, const std::string& where) {
  std::string t = lower(text);
  auto paren = t.find('(');
  if (paren != std::string::npos) t = t.substr(0, paren);  // varchar(20), decimal(10,2)
  if (t == "int" || t == "integer" || t == "tinyint" || t == "smallint") return ColumnType::kInt;
  if (t == "bigint" || t == "largeint") return ColumnType::kBigint;
  if (t == "double" || t == "float") return ColumnType::kDouble;
  if (t == "decimal" || t == "decimalv3" || t == "numeric") return ColumnType::kDecimal;
  if (t == "varchar" || t == "char" || t == "string" || t == "text") return ColumnType::kVarchar;
  if (t == "date") return ColumnType::kDate;
  if (t == "datetime" || t == "timestamp") return ColumnType::kDatetime;
  if (t == "json") return ColumnType::kJson;
  if (t == "boolean" || t == "bool") return ColumnType::kBoolean;
  throw std::runtime_error(where + ": unknown column type '" + text + "'");
}

// "name type [not null]"
ColumnSpec parse_column_string(const std::string& text, const std::string& where) {
  std::istringstream in(text);
  ColumnSpec col;
  std::string type;
  if (!(in >> col.name >> type)) {
    throw std::runtime_error(where + ": column '" + text + "' is not \"name type [not null]\"");
  }
  col.type = parse_type(type, where);
  std::string rest, word;
  while (in >> word) rest += lower(word) + " ";
  if (rest == "not null ") {
    col.not_null = true;
  } else if (!rest.empty() && rest != "null ") {
    throw std::runtime_error(where + ": cannot read '" + rest + "' in column '" + text + "'");
  }
  return col;
}

std::string get_string(const nlohmann::json& obj, const char* key, const char* alt,
                       const std::string& where) {
  for (const char* k : {key, alt}) {
    if (k && obj.contains(k)) {
      if (!obj[k].is_string()) throw std::runtime_error(where + ": '" + k + "' must be a string");
      return obj[k].get<std::string>();
    }
  }
  throw std::runtime_error(where + ": missing '" + key + "'");
}

TableSpec parse_table(const nlohmann::json& t, std::size_t index) {
  std::string where = "tables[" + std::to_string(index) + "]";
  if (!t.is_object()) throw std::runtime_error(where + " must be an object");
  TableSpec spec;
  spec.database = get_string(t, "db", "database", where);
  spec.table = get_string(t, "table", "name", where);
  where += " (" + spec.database + "." + spec.table + ")";
  std::string model = lower(t.value("model", std::string("duplicate")));
  if (model == "primary" || model == "primary_key" || model == "pk") {
    spec.model = KeyModel::kPrimary;
  } else if (model != "duplicate" && model != "duplicate_key") {
    throw std::runtime_error(where + ": model must be 'primary' or 'duplicate', not '" + model +
                             "'");
  }
  if (!t.contains("columns") || !t["columns"].is_array() || t["columns"].empty()) {
    throw std::runtime_error(where + ": 'columns' must be a non-empty array");
  }
  for (const auto& c : t["columns"]) {
    ColumnSpec col;
    if (c.is_string()) {
      col = parse_column_string(c.get<std::string>(), where);
    } else if (c.is_object()) {
      col.name = get_string(c, "name", nullptr, where);
      col.type = parse_type(get_string(c, "type", nullptr, where), where);
      col.not_null = c.value("not_null", false);
    } else {
      throw std::runtime_error(where + ": a column is a string or an object");
    }
    for (const auto& existing : spec.columns) {
      if (lower(existing.name) == lower(col.name)) {
        throw std::runtime_error(where + ": column '" + col.name + "' declared twice");
      }
    }
    spec.columns.push_back(col);
  }
  if (t.contains("keys")) {
    for (const auto& k : t["keys"]) spec.key_columns.push_back(k.get<std::string>());
  }
  if (spec.model == KeyModel::kPrimary) {
    if (spec.key_columns.empty())
      throw std::runtime_error(where + ": a primary table needs 'keys'");
    for (const auto& k : spec.key_columns) {
      auto it = std::find_if(spec.columns.begin(), spec.columns.end(),
                             [&](const ColumnSpec& c) { return c.name == k; });
      if (it == spec.columns.end())
        throw std::runtime_error(where + ": key '" + k + "' is not a column");
      it->not_null = true;
    }
  }
  return spec;
}

}  // namespace

std::string_view column_type_name(ColumnType type) {
  switch (type) {
    case ColumnType::kInt:
      return "INT";
    case ColumnType::kBigint:
      return "BIGINT";
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kDecimal:
      return "DECIMAL";
    case ColumnType::kVarchar:
      return "VARCHAR";
    case ColumnType::kDate:
      return "DATE";
    case ColumnType::kDatetime:
      return "DATETIME";
    case ColumnType::kJson:
      return "JSON";
    case ColumnType::kBoolean:
      return "BOOLEAN";
  }
  return "?";
}

std::vector<TableSpec> parse_tables_json(std::string_view text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("tables file is not JSON: ") + e.what());
  }
  const nlohmann::json* list = &doc;
  if (doc.is_object()) {
    if (!doc.contains("tables")) throw std::runtime_error("tables file: missing 'tables'");
    list = &doc["tables"];
  }
  if (!list->is_array()) throw std::runtime_error("tables file: 'tables' must be an array");
  std::vector<TableSpec> out;
  try {
    for (std::size_t i = 0; i < list->size(); ++i) out.push_back(parse_table((*list)[i], i));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("tables file: ") + e.what());
  }
  return out;
}

std::vector<TableSpec> load_tables_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open tables file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return parse_tables_json(ss.str());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

}  // namespace sluice_tools
