#include "migrate/migration_writer.hpp"

#include <sstream>

#include "config/toml_writer.hpp"

namespace sluice::engine::migrate {

namespace {

// The table a header line opens: "[sink]" → "sink"; the n-th "[[transforms]]" → "transforms[n]".
std::string table_of(const std::string& line, std::size_t& transform_count) {
  if (line.rfind("[[", 0) == 0) {
    std::string name = line.substr(2, line.find("]]") - 2);
    return name + "[" + std::to_string(transform_count++) + "]";
  }
  return line.substr(1, line.find(']') - 1);
}

// Adds the comments to the lines of `toml` they belong to.
std::string annotate(const std::string& toml, const std::vector<LineComment>& comments) {
  std::istringstream in(toml);
  std::string line, table, out;
  std::size_t transforms = 0;
  while (std::getline(in, line)) {
    std::string text;
    if (!line.empty() && line.front() == '[') {
      table = table_of(line, transforms);
      for (const auto& c : comments)
        if (c.table == table && c.key.empty()) text += (text.empty() ? "" : "; ") + c.text;
    } else if (!line.empty()) {
      for (const auto& c : comments)
        if (c.table == table && !c.key.empty() && line.rfind(toml_key(c.key) + " = ", 0) == 0)
          text += (text.empty() ? "" : "; ") + c.text;
    }
    for (char& ch : text)
      if (ch == '\n' || ch == '\r') ch = ' ';
    out += line + (text.empty() ? "" : "   # " + text) + "\n";
  }
  return out;
}

}  // namespace

std::string write_migration(const Migration& m, std::string_view source_name) {
  std::string out =
      "# sluice pipeline migrated by `sluice migrate` from " + std::string(source_name) + "\n";
  if (!m.env.empty()) {
    out += "# Set these environment variables before `sluice validate` / `sluice run`:\n";
    for (const auto& e : m.env) out += "#   " + e.name + ": " + e.why + "\n";
  }
  const Notes& n = m.notes;
  if (!n.all().empty()) {
    out += "#\n";
    for (Severity s : {Severity::error, Severity::changed, Severity::note})
      for (const auto& note : n.all())
        if (note.severity == s) out += Notes::comment(note) + "\n";
  }
  if (n.count(Severity::error) > 0)
    out +=
        "# The configuration above has errors (exit 2): fix them; this pipeline will not validate "
        "as it is.\n";
  else if (n.count(Severity::changed) > 0)
    out += "# Some behaviour differs from the connector (exit 3): review the items above.\n";
  out += "\n" + annotate(to_toml(m.pipeline), m.comments);
  return out;
}

}  // namespace sluice::engine::migrate
