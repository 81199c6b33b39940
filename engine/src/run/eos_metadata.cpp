#include "run/eos_metadata.hpp"

namespace sluice::engine {

namespace {
constexpr std::string_view kMagic = "sluice-eos/1 ";
}

std::string encode_eos_metadata(const EosDecision& d) {
  std::string out(kMagic);
  out += d.round;
  for (const auto& t : d.txns) {
    out += '\n';
    out += t.table;
    out += '\t';
    out += t.label;
  }
  return out;
}

std::optional<EosDecision> decode_eos_metadata(std::string_view metadata) {
  if (metadata.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  metadata.remove_prefix(kMagic.size());
  EosDecision d;
  std::size_t nl = metadata.find('\n');
  d.round = std::string(metadata.substr(0, nl));
  if (d.round.empty()) return std::nullopt;
  while (nl != std::string_view::npos) {
    metadata.remove_prefix(nl + 1);
    nl = metadata.find('\n');
    std::string_view line = metadata.substr(0, nl);
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0 || tab + 1 == line.size()) return std::nullopt;
    d.txns.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  }
  return d;
}

}  // namespace sluice::engine
