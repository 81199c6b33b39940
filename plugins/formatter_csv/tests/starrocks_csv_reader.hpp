// A CSV reader written for the tests from StarRocks's rules (be/src/formats/csv/csv_reader.cpp,
// be/src/exec/csv_scanner.cpp, as summarised in shared/STREAM_LOAD.md), independent of the
// plugin's writer. Configured only from the Stream Load headers a body carries.
//
// Rules modelled:
// - Neither enclose nor escape: a row ends at the first row delimiter, fields are split at every
//   column separator (leftmost first), blank rows are skipped.
// - Enclose and/or escape (an unset one is the NUL byte, as in StarRocks): a state machine per
//   byte. At a field start: delimiter/separator end it; the escape character escapes the next
//   byte; an enclose character opens a quoted field, except a doubled one, which is an empty
//   quoted field before a separator/delimiter and otherwise a plain field starting with the second
//   quote. Inside quotes: a doubled quote is one quote, the escape character escapes the next
//   byte, a single quote closes. In a plain field: the escape character escapes the next byte or
//   the whole separator/delimiter after it (any other byte: the escape is dropped and the state
//   becomes plain); an enclose character is dropped and the next byte kept. A quoted field loses
//   its last byte (the closing quote). Blank rows are skipped.
// - A field whose text is exactly \N is NULL.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <sluice/formatter.hpp>

namespace csvtest {

struct ReaderConfig {
  std::string sep = "\t";
  std::string delim = "\n";
  bool has_enclose = false;
  bool has_escape = false;
  char enclose = 0;
  char escape = 0;
  std::vector<std::string> columns;
};

using Field = std::optional<std::string>;  // nullopt: NULL
using Row = std::vector<Field>;

inline std::string decode_header_separator(const std::string& v) {
  if (v.size() > 2 && (v[0] == '\\' || v[0] == '0') && (v[1] == 'x' || v[1] == 'X')) {
    std::string out;
    for (std::size_t i = 2; i + 1 < v.size(); i += 2)
      out.push_back(static_cast<char>(std::stoi(v.substr(i, 2), nullptr, 16)));
    return out;
  }
  return v;
}

inline ReaderConfig config_from_headers(const sluice::Headers& headers) {
  ReaderConfig c;
  for (const auto& [k, v] : headers) {
    if (k == "column_separator") c.sep = decode_header_separator(v);
    if (k == "row_delimiter") c.delim = decode_header_separator(v);
    if (k == "enclose") c.has_enclose = true, c.enclose = v.at(0);
    if (k == "escape") c.has_escape = true, c.escape = v.at(0);
    if (k == "columns") {
      std::string_view s = v;
      while (true) {
        auto comma = s.find(',');
        c.columns.emplace_back(s.substr(0, comma));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
      }
    }
  }
  return c;
}

inline Field as_field(std::string text) {
  if (text == "\\N") return std::nullopt;
  return text;
}

inline std::vector<Row> read_plain(std::string_view body, const ReaderConfig& c) {
  std::vector<Row> rows;
  std::size_t p = 0;
  while (p < body.size()) {
    std::size_t end = body.find(c.delim, p);
    std::string_view line =
        body.substr(p, end == std::string_view::npos ? std::string_view::npos : end - p);
    p = end == std::string_view::npos ? body.size() : end + c.delim.size();
    if (line.empty()) continue;
    Row row;
    while (true) {
      std::size_t s = line.find(c.sep);
      row.push_back(as_field(std::string(line.substr(0, s))));
      if (s == std::string_view::npos) break;
      line.remove_prefix(s + c.sep.size());
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

class QuotedReader {
 public:
  QuotedReader(std::string_view body, const ReaderConfig& c) : b_(body), c_(c) {}

  std::vector<Row> read_all() {
    std::vector<Row> rows;
    while (p_ < b_.size()) {
      Row row;
      if (read_row(row)) rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  enum class St { start, plain, quoted, escaped };

  bool at(std::string_view s) const { return b_.compare(p_, s.size(), s) == 0; }

  void end_field(Row& row) {
    if (quoted_ && !cur_.empty()) cur_.pop_back();  // the closing quote
    row.push_back(as_field(std::move(cur_)));
    cur_.clear();
    quoted_ = false;
  }

  // Returns false for a blank row (skipped).
  bool read_row(Row& row) {
    St st = St::start, before_escape = St::plain;
    cur_.clear();
    quoted_ = false;
    while (true) {
      if (p_ >= b_.size()) {  // end of body: as if a delimiter followed
        if (st == St::start && row.empty() && cur_.empty()) return false;
        end_field(row);
        return true;
      }
      const char ch = b_[p_];
      switch (st) {
        case St::start:
          if (at(c_.delim)) {
            p_ += c_.delim.size();
            if (row.empty()) return false;
            end_field(row);
            return true;
          }
          if (at(c_.sep)) {
            p_ += c_.sep.size();
            end_field(row);
            continue;
          }
          if (ch == c_.escape) {
            ++p_;
            before_escape = St::plain;
            st = St::escaped;
            continue;
          }
          if (ch == c_.enclose) {
            ++p_;
            if (p_ < b_.size() && b_[p_] != c_.enclose) {
              st = St::quoted;
              quoted_ = true;
              continue;
            }
            // Doubled quote: empty quoted field, or a plain field from the second quote on.
            ++p_;
            cur_.push_back(c_.enclose);
            if (at(c_.delim) || at(c_.sep)) quoted_ = true;
            st = St::plain;
            continue;
          }
          cur_.push_back(ch);
          ++p_;
          st = St::plain;
          continue;
        case St::quoted:
          if (ch == c_.enclose) {
            ++p_;
            if (p_ < b_.size() && b_[p_] == c_.enclose) {
              cur_.push_back(c_.enclose);
              ++p_;
              continue;
            }
            cur_.push_back(c_.enclose);  // closing quote, removed at the end of the field
            st = St::plain;
            continue;
          }
          if (ch == c_.escape) {
            ++p_;
            before_escape = St::quoted;
            st = St::escaped;
            continue;
          }
          cur_.push_back(ch);
          ++p_;
          continue;
        case St::escaped:
          if (ch == c_.enclose || ch == c_.escape) {
            cur_.push_back(ch);
            ++p_;
            st = before_escape;
            continue;
          }
          if (at(c_.delim)) {
            cur_.append(c_.delim);
            p_ += c_.delim.size();
            st = before_escape;
            continue;
          }
          if (at(c_.sep)) {
            cur_.append(c_.sep);
            p_ += c_.sep.size();
            st = before_escape;
            continue;
          }
          st = St::plain;  // the escape only dropped itself
          [[fallthrough]];
        case St::plain:
          if (at(c_.delim)) {
            p_ += c_.delim.size();
            end_field(row);
            return true;
          }
          if (at(c_.sep)) {
            p_ += c_.sep.size();
            end_field(row);
            st = St::start;
            continue;
          }
          if (ch == c_.escape) {
            ++p_;
            before_escape = St::plain;
            st = St::escaped;
            continue;
          }
          if (ch == c_.enclose) {  // dropped; the next byte is kept as is
            ++p_;
            if (p_ < b_.size()) cur_.push_back(b_[p_++]);
            continue;
          }
          cur_.push_back(ch);
          ++p_;
          continue;
      }
    }
  }

  std::string_view b_;
  const ReaderConfig& c_;
  std::size_t p_ = 0;
  std::string cur_;
  bool quoted_ = false;
};

inline std::vector<Row> read_csv(std::string_view body, const ReaderConfig& c) {
  if (!c.has_enclose && !c.has_escape) return read_plain(body, c);
  return QuotedReader(body, c).read_all();
}

}  // namespace csvtest
