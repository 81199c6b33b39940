#include "sluice_log.hpp"

#include <ctime>
#include <fstream>
#include <regex>

namespace sluice::bench {

namespace {

// "2024-05-17T10:21:33.123Z ..." -> epoch seconds.
std::optional<double> line_time(const std::string& line) {
  int y, mo, d, h, mi, s, ms;
  if (std::sscanf(line.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &y, &mo, &d, &h, &mi, &s, &ms) != 7)
    return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<double>(timegm(&tm)) + ms / 1000.0;
}

}  // namespace

std::optional<double> SluiceLogSummary::active_s() const {
  if (!assigned_at_s || !drained_at_s) return std::nullopt;
  return *drained_at_s - *assigned_at_s;
}

SluiceLogSummary read_sluice_log(const std::string& path) {
  static const std::regex drained(R"(drained: (\d+) records, (\d+) rows loaded in (\d+) loads)");
  static const std::regex peak(R"(peak buffered bytes (\d+))");
  SluiceLogSummary out;
  std::ifstream in(path);
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (line.find("assigned ") != std::string::npos &&
        line.find("partition(s)") != std::string::npos && !out.assigned_at_s) {
      out.assigned_at_s = line_time(line);
    } else if (std::regex_search(line, m, drained)) {
      out.drained_records = std::stoull(m[1]);
      out.rows_loaded = std::stoull(m[2]);
      out.loads = std::stoull(m[3]);
      out.drained_at_s = line_time(line);
    } else if (std::regex_search(line, m, peak)) {
      out.peak_buffered_bytes += std::stoull(m[1]);
    } else if (line.find("fast path on") != std::string::npos) {
      out.fast_path = true;
    }
    if (line.rfind("error:", 0) == 0 || line.find(" error [") != std::string::npos)
      out.last_error = line;
  }
  return out;
}

}  // namespace sluice::bench
