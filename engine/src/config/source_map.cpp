#include "config/source_map.hpp"

namespace sluice::engine {

std::string format_path(const KeyPath& path) {
  std::string out;
  for (const auto& k : path) {
    bool index = !k.empty() && k.front() == '[';
    if (!out.empty() && !index) out += '.';
    out += (k.find('.') != std::string::npos && !index) ? "\"" + k + "\"" : k;
  }
  return out;
}

std::string SourceMap::join(const KeyPath& p) {
  std::string s;
  for (const auto& k : p) s += k + '\x1f';
  return s;
}

const SourceMap::Entry* SourceMap::find_nearest(KeyPath& path) const {
  while (true) {
    auto it = entries_.find(join(path));
    if (it != entries_.end()) return &it->second;
    if (path.empty()) return nullptr;
    path.pop_back();
  }
}

SourcePos SourceMap::key_pos(KeyPath path) const {
  const Entry* e = find_nearest(path);
  return e ? e->key : SourcePos{};
}

SourcePos SourceMap::value_pos(KeyPath path) const {
  const Entry* e = find_nearest(path);
  return e ? e->value : SourcePos{};
}

void SourceMap::rename(const KeyPath& from, const KeyPath& to) {
  auto it = entries_.find(join(from));
  if (it == entries_.end()) return;
  entries_[join(to)] = it->second;
}

std::string SourceMap::at(SourcePos p) const {
  if (p.line == 0) return file_;
  return file_ + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

}  // namespace sluice::engine
