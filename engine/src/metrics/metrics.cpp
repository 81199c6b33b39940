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

const std::vector<double>& Metrics::bounds() {
  static const std::vector<double> b = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                        1,     2.5,  5,     10,   30,  60};
  return b;
}

void Metrics::observe(const std::string& name, const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto& h = histograms_[name][key(labels)];
  if (h.counts.empty()) h.counts.assign(bounds().size() + 1, 0);
  std::size_t i = 0;
  while (i < bounds().size() && value > bounds()[i]) ++i;
  h.counts[i] += 1;
  h.sum += value;
  h.count++;
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
    if (histograms_.count(name)) continue;  // rendered below
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
  for (const auto& [name, series] : histograms_) {
    auto f = families_.find(name);
    if (f != families_.end() && !f->second.help.empty())
      os << "# HELP " << name << " " << f->second.help << "\n";
    os << "# TYPE " << name << " histogram\n";
    for (const auto& [labels, h] : series) {
      std::string sep = labels.empty() ? "" : ",";
      double cumulative = 0;
      for (std::size_t i = 0; i <= bounds().size(); ++i) {
        cumulative += h.counts[i];
        std::ostringstream le;
        if (i < bounds().size())
          le << bounds()[i];
        else
          le << "+Inf";
        os << name << "_bucket{" << labels << sep << "le=\"" << le.str() << "\"} "
           << static_cast<long long>(cumulative) << "\n";
      }
      os << name << "_sum" << (labels.empty() ? "" : "{" + labels + "}") << " " << h.sum << "\n";
      os << name << "_count" << (labels.empty() ? "" : "{" + labels + "}") << " " << h.count
         << "\n";
    }
  }
  return os.str();
}

}  // namespace sluice::engine
