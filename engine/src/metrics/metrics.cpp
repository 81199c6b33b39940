#include "metrics/metrics.hpp"

#include <cmath>
#include <sstream>

namespace sluice::engine {

std::string Metrics::key(const Labels& labels) {
  std::string s;
  for (const auto& [k, v] : labels) {
    std::string esc;
    for (char c : v) {
      if (c == '\\' || c == '"') esc += '\\';
      if (c == '\n') {
        esc += "\\n";
        continue;
      }
      esc += c;
    }
    s += (s.empty() ? "" : ",") + k + "=\"" + esc + "\"";
  }
  return s;
}

void Metrics::add(const std::string& name, const Labels& labels, double delta) {
  std::lock_guard lock(mu_);
  families_[name].series[key(labels)] += delta;
}

void Metrics::set(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  families_[name].series[key(labels)] = value;
}

double Metrics::get(const std::string& name, const Labels& labels) const {
  std::lock_guard lock(mu_);
  auto f = families_.find(name);
  if (f == families_.end()) return 0;
  auto s = f->second.series.find(key(labels));
  return s == f->second.series.end() ? 0 : s->second;
}

void Metrics::describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.type = type;
  f.help = help;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::ostringstream os;
  os.precision(17);
  for (const auto& [name, f] : families_) {
    if (!f.help.empty()) os << "# HELP " << name << " " << f.help << "\n";
    os << "# TYPE " << name << " " << f.type << "\n";
    for (const auto& [labels, v] : f.series) {
      os << name;
      if (!labels.empty()) os << "{" << labels << "}";
      os << " ";
      if (std::floor(v) == v && std::fabs(v) < 1e15)
        os << static_cast<long long>(v);
      else
        os << v;
      os << "\n";
    }
  }
  return os.str();
}

}  // namespace sluice::engine
