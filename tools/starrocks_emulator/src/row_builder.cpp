#include "row_builder.hpp"

#include <algorithm>
#include <map>

#include "typed_value.hpp"

namespace sluice_tools {
namespace {

const nlohmann::json kNull = nullptr;

// One source record: values by source column name.
struct SourceRecord {
  const nlohmann::json* object = nullptr;        // JSON body
  std::map<std::string, nlohmann::json> fields;  // CSV body (strings or null)
  bool from_text = false;

  // nullptr when the record has no such field.
  const nlohmann::json* find(const std::string& name) const {
    if (object) {
      auto it = object->find(name);
      return it == object->end() ? nullptr : &*it;
    }
    auto it = fields.find(name);
    return it == fields.end() ? nullptr : &it->second;
  }
};

struct Builder {
  const TableSpec& table;
  const LoadOptions& options;
  ParsedLoad& out;
  bool primary = table.model == KeyModel::kPrimary;

  bool listed(const std::string& name) const {
    return std::find(options.source_columns.begin(), options.source_columns.end(), name) !=
           options.source_columns.end();
  }

  // The source value for a target column, and whether the load provides it at all.
  const nlohmann::json* value_for(const std::string& target, const SourceRecord& src,
                                  bool& provided, bool& from_text) const {
    from_text = src.from_text;
    provided = true;
    if (auto c = options.constants.find(target); c != options.constants.end()) {
      from_text = true;
      return &c->second;
    }
    if (auto r = options.column_refs.find(target); r != options.column_refs.end()) {
      const nlohmann::json* v = src.find(r->second);
      return v ? v : &kNull;
    }
    if (options.has_columns && !listed(target)) {
      provided = false;
      return &kNull;
    }
    const nlohmann::json* v = src.find(target);
    if (!v) {
      provided = src.object == nullptr;  // a JSON key that is absent is not sent
      return &kNull;
    }
    return v;
  }

  void add(const SourceRecord& src, std::string raw) {
    ++out.total_rows;
    RowChange row;
    row.values.resize(table.columns.size());
    row.provided.resize(table.columns.size());
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const ColumnSpec& col = table.columns[i];
      bool provided = false, from_text = false;
      const nlohmann::json* in = value_for(col.name, src, provided, from_text);
      if (auto err = convert_value(col, *in, from_text, row.values[i])) {
        out.rejected.push_back({std::move(raw), *err});
        return;
      }
      row.provided[i] = provided;
      bool skipped_by_partial_update = options.partial_update && !provided;
      if (row.values[i].is_null() && col.not_null && !skipped_by_partial_update) {
        out.rejected.push_back(
            {std::move(raw),
             "column(" + col.name + ") value is null while columns is not nullable"});
        return;
      }
    }
    if (primary) {
      bool provided = false, from_text = false;
      const nlohmann::json* op = value_for("__op", src, provided, from_text);
      if (!op->is_null()) {
        std::string text = op->is_string() ? op->get<std::string>() : op->dump();
        if (text == "1" || text == "delete") {
          row.is_delete = true;
        } else if (text != "0" && text != "upsert") {
          out.rejected.push_back(
              {std::move(raw), "Invalid __op value '" + text + "', must be 0 or 1"});
          return;
        }
      }
    }
    out.rows.push_back(std::move(row));
  }

  void csv(std::string_view body) {
    const std::vector<std::string>* names = &options.source_columns;
    std::vector<std::string> table_names;
    if (!options.has_columns) {
      for (const auto& c : table.columns) table_names.push_back(c.name);
      names = &table_names;
    }
    read_csv(body, options.csv, [&](CsvRecord&& record) {
      if (record.fields.size() != names->size()) {
        ++out.total_rows;
        out.rejected.push_back(
            {std::string(record.raw), "Value count does not match column count. Expect " +
                                          std::to_string(names->size()) + ", but got " +
                                          std::to_string(record.fields.size()) + "."});
        return;
      }
      SourceRecord src;
      src.from_text = true;
      for (std::size_t i = 0; i < names->size(); ++i) {
        src.fields[(*names)[i]] =
            record.fields[i] ? nlohmann::json(*record.fields[i]) : nlohmann::json(nullptr);
      }
      add(src, std::string(record.raw));
    });
  }

  void json(std::string_view body) {
    JsonBody parsed = read_json_body(body, options.strip_outer_array);
    if (!parsed.fatal.empty()) {
      out.fatal = parsed.fatal;
      return;
    }
    for (const auto& object : parsed.objects) {
      SourceRecord src;
      src.object = &object;
      add(src, object.dump());
    }
    for (auto& r : parsed.rejected) {
      ++out.total_rows;
      out.rejected.push_back(std::move(r));
    }
  }
};

}  // namespace

ParsedLoad build_rows(const TableSpec& table, const LoadOptions& options, std::string_view body) {
  ParsedLoad out;
  Builder builder{table, options, out};
  if (options.format == BodyFormat::kCsv) {
    builder.csv(body);
  } else {
    builder.json(body);
  }
  return out;
}

}  // namespace sluice_tools
