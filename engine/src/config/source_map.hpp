// Where each key and value of a pipeline file was written, so that every configuration error can
// name file:line:column.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

struct SourcePos {
  std::uint32_t line = 0;  // 1-based; 0 = unknown
  std::uint32_t column = 0;
};

/// A path of keys from the document root, e.g. {"sink", "properties", "max_filter_ratio"}.
using KeyPath = std::vector<std::string>;

/// "sink.properties.max_filter_ratio"; a key containing a dot is quoted: transforms[0]."a.b".
std::string format_path(const KeyPath& path);

class SourceMap {
 public:
  explicit SourceMap(std::string file = {}) : file_(std::move(file)) {}

  void set(const KeyPath& path, SourcePos key, SourcePos value) {
    entries_[join(path)] = {key, value};
  }
  /// Position of the key of `path`; falls back to the nearest enclosing table that has one.
  SourcePos key_pos(KeyPath path) const;
  /// Position of the value of `path`; falls back like key_pos.
  SourcePos value_pos(KeyPath path) const;
  /// Renames the entry of `from` (used when nested tables are folded back into dotted names).
  void rename(const KeyPath& from, const KeyPath& to);

  const std::string& file() const noexcept { return file_; }
  /// "file:line:column" (or just "file" when unknown).
  std::string at(SourcePos p) const;

 private:
  struct Entry {
    SourcePos key, value;
  };
  static std::string join(const KeyPath& p);
  const Entry* find_nearest(KeyPath& path) const;
  std::string file_;
  std::map<std::string, Entry> entries_;
};

}  // namespace sluice::engine
