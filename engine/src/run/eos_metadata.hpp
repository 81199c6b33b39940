// The commit metadata of an exactly-once decision (docs/delivery.md, "Exactly-once: the
// protocol"): the round that was decided and, for the partition it is committed with, the
// transactions of that round that hold its records. Text, so that kafka-consumer-groups and
// kcat show it as it is:
//
//   sluice-eos/1 <round id>
//   <table>\t<label>        (one line per transaction; none once they are all committed)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

struct EosTxnRef {
  std::string table;
  std::string label;
  bool operator==(const EosTxnRef&) const = default;
};

struct EosDecision {
  std::string round;
  std::vector<EosTxnRef> txns;  // empty: nothing left to commit ("clean")
};

std::string encode_eos_metadata(const EosDecision& d);
/// The decision in `metadata`; nullopt when the metadata is not ours (empty, or written by an
/// at-least-once run or another tool), which names no transaction.
std::optional<EosDecision> decode_eos_metadata(std::string_view metadata);

}  // namespace sluice::engine
