// Kafka Connect predicates (TopicNameMatches, HasHeaderKey, RecordIsTombstone) and `negate`.
//
// Kafka configures predicates apart from transforms (predicates.<alias>.type=...) and a transform
// names one with `predicate`; sluice puts the predicate's options into the transform's own table:
// `predicate`, `pattern` (topic_name_matches), `name` (has_header_key) and `negate`.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <sluice/options.hpp>
#include <sluice/record.hpp>

namespace sluice_connect {

enum class PredicateKind { none, topic_name_matches, has_header_key, record_is_tombstone };

class Predicate {
 public:
  Predicate() = default;

  /// Reads `predicate`, `pattern`, `name` and `negate`. Throws std::invalid_argument naming the
  /// option for a missing pattern/name, an invalid regex, or an option without its predicate.
  static Predicate parse(const sluice::Options& options);

  /// True when the predicate holds for `record` (before `negate`).
  bool test(const sluice::Record& record) const;

  /// Whether a transform applies to `record`: always without a predicate, else test() != negate.
  bool selects(const sluice::Record& record) const {
    return kind_ == PredicateKind::none || test(record) != negate_;
  }

  PredicateKind kind() const noexcept { return kind_; }

 private:
  PredicateKind kind_ = PredicateKind::none;
  std::optional<std::regex> pattern_;
  std::string header_;
  bool negate_ = false;
};

/// Appends the declarations of `predicate`, `pattern`, `name` and `negate`. `filter` changes the
/// wording only: for filter the predicate selects records to drop, elsewhere records to transform.
void add_predicate_options(std::vector<sluice::OptionSpec>& specs, bool filter);

}  // namespace sluice_connect
