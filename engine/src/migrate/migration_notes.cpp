#include "migrate/migration_notes.hpp"

#include <algorithm>
#include <cctype>

namespace sluice::engine::migrate {

bool is_secret_key(std::string_view key) {
  std::string k(key);
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* word :
       {"password", "secret", "jaas", "token", "user.info", "credentials", "ssl.key", "api.key"})
    if (k.find(word) != std::string::npos && k.find("credentials.source") == std::string::npos)
      return true;
  return false;
}

namespace {

// A value on one comment line: control characters spelled as escapes (a row delimiter "\n").
std::string printable(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\r')
      out += "\\r";
    else if (c == '\t')
      out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20)
      out +=
          "\\x" + std::string(1, "0123456789abcdef"[(c >> 4) & 0xF]) + "0123456789abcdef"[c & 0xF];
    else
      out += c;
  }
  return out;
}

}  // namespace

void Notes::add(Severity s, std::string key, std::string value, std::string text, bool unmapped) {
  if (is_secret_key(key) && !value.empty()) value = "******";
  notes_.push_back({s, std::move(key), std::move(value), std::move(text), unmapped});
}

int Notes::exit_code() const {
  if (count(Severity::error) > 0) return exit_migrate_error;
  if (count(Severity::changed) > 0) return exit_behaviour_changed;
  return exit_migrated;
}

std::size_t Notes::count(Severity s) const {
  return static_cast<std::size_t>(
      std::count_if(notes_.begin(), notes_.end(), [&](const Note& n) { return n.severity == s; }));
}

std::string Notes::comment(const Note& n) {
  std::string label = n.severity == Severity::error     ? "error"
                      : n.unmapped                      ? "not migrated"
                      : n.severity == Severity::changed ? "changed"
                                                        : "note";
  std::string what = n.key;
  if (!n.key.empty()) what += "=" + printable(n.value);
  std::string line = "# " + label + ": " + (what.empty() ? "" : what + " — ") + n.text;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

}  // namespace sluice::engine::migrate
