#include "csv_body_writer.hpp"

#include <algorithm>

#include <sluice_values/value_kind.hpp>

namespace sluice::formatter_csv {

namespace {

constexpr std::size_t kInitialReserve = 64 * 1024;

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out.push_back(',');
    out.append(n);
  }
  return out;
}

}  // namespace

CsvBodyWriter::CsvBodyWriter(CsvConfig config)
    : config_(std::move(config)),
      fields_(config_),
      explicit_columns_(!config_.columns.empty()),
      columns_(config_.columns) {}

Status CsvBodyWriter::append(const Record& record) {
  if (record.raw_value) {
    Value parsed;
    try {
      parsed = Value::parse(*record.raw_value);
    } catch (const nlohmann::json::exception& e) {
      return Status::bad_record(std::string("value is not valid JSON: ") + e.what());
    }
    return append_object(parsed);
  }
  return append_object(record.value);
}

Status CsvBodyWriter::append_object(const Value& object) {
  if (!object.is_object())
    return Status::bad_record(std::string("CSV formatter needs an object value, got ") +
                              values::kind_phrase(object));
  const bool first_of_batch = !explicit_columns_ && columns_.empty();
  if (first_of_batch) {
    if (Status st = adopt_columns(object); !st) return st;
  }
  Status st = place_fields(object);
  const std::size_t mark = data_.size();
  if (st) {
    if (data_.capacity() < kInitialReserve) data_.reserve(kInitialReserve);
    const bool only_column = columns_.size() == 1;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) data_.append(config_.column_separator);
      if (!slots_[i]) {
        fields_.write_null(data_);
        continue;
      }
      ValueText::Result r = text_.render(*slots_[i]);
      if (r.kind == ValueText::Kind::null) {
        fields_.write_null(data_);
        continue;
      }
      if (r.kind == ValueText::Kind::unsupported) {
        st = refuse_field(i, std::string(r.text));
        break;
      }
      if (FieldProblem p = fields_.write_text(r.text, only_column, data_);
          p != FieldProblem::none) {
        st = refuse_field(i, fields_.describe(p));
        break;
      }
    }
  }
  if (!st) {
    data_.resize(mark);
    if (first_of_batch) columns_.clear();
    return st;
  }
  data_.append(config_.row_delimiter);
  ++rows_;
  return Status::ok();
}

Status CsvBodyWriter::adopt_columns(const Value& object) {
  if (object.empty()) return Status::bad_record("CSV formatter needs at least one field, got {}");
  for (const auto& [name, value] : object.items()) {
    if (auto why = column_name_problem(name); !why.empty())
      return Status::bad_record("field name '" + name + "' " + why);
    columns_.push_back(name);
  }
  return Status::ok();
}

Status CsvBodyWriter::place_fields(const Value& object) {
  slots_.assign(columns_.size(), nullptr);
  std::size_t expected = 0;  // records usually repeat the column order: try it first
  for (auto it = object.begin(); it != object.end(); ++it, ++expected) {
    const std::string& name = it.key();
    std::size_t i = expected;
    if (i >= columns_.size() || columns_[i] != name) {
      auto found = std::find(columns_.begin(), columns_.end(), name);
      if (found == columns_.end()) {
        if (explicit_columns_) continue;  // not a column: ignored
        return Status::bad_record("field '" + name + "' is not among this batch's columns (" +
                                  join(columns_) +
                                  "); set the columns option to load records whose fields vary");
      }
      i = static_cast<std::size_t>(found - columns_.begin());
    }
    slots_[i] = &it.value();
  }
  return Status::ok();
}

Status CsvBodyWriter::refuse_field(std::size_t column, const std::string& why) {
  return Status::bad_record("field '" + columns_[column] + "' " + why);
}

LoadBody CsvBodyWriter::finish() {
  LoadBody body;
  body.data = std::move(data_);
  body.rows = rows_;
  body.headers.emplace_back("format", "csv");
  body.headers.emplace_back("column_separator", header_form(config_.column_separator));
  body.headers.emplace_back("row_delimiter", header_form(config_.row_delimiter));
  if (config_.enclose) body.headers.emplace_back("enclose", std::string(1, *config_.enclose));
  if (config_.escape) body.headers.emplace_back("escape", std::string(1, *config_.escape));
  if (!columns_.empty()) body.headers.emplace_back("columns", join(columns_));
  data_ = std::string();
  rows_ = 0;
  if (!explicit_columns_) columns_.clear();
  return body;
}

}  // namespace sluice::formatter_csv
