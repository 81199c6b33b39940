#include "line_format.hpp"

namespace sluice::tools {

LineRecord parse_line(std::string_view line, const LineFormat& format) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  LineRecord rec;
  std::string_view value = line;
  if (format.key_separator && !format.key_separator->empty()) {
    const size_t at = line.find(*format.key_separator);
    if (at != std::string_view::npos) {
      rec.key = std::string(line.substr(0, at));
      value = line.substr(at + format.key_separator->size());
    }
  }
  if (!(format.tombstone_marker && value == *format.tombstone_marker))
    rec.value = std::string(value);
  return rec;
}

}  // namespace sluice::tools
