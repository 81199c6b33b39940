#include "predicate.hpp"

#include <stdexcept>

#include "target.hpp"

namespace sluice_connect {

using sluice::OptionSpec;
using sluice::OptionType;

void add_predicate_options(std::vector<OptionSpec>& specs, bool filter) {
  specs.push_back(
      OptionSpec("predicate", OptionType::string,
                 filter ? "Records to drop: topic_name_matches (Kafka TopicNameMatches), "
                          "has_header_key (HasHeaderKey), record_is_tombstone (RecordIsTombstone); "
                          "unset: every record is dropped, as Kafka's Filter without predicate"
                        : "Apply only to records matching: topic_name_matches, has_header_key, "
                          "record_is_tombstone (Kafka's predicates); unset: every record")
          .one_of({"topic_name_matches", "has_header_key", "record_is_tombstone"}));
  specs.push_back(OptionSpec("pattern", OptionType::string,
                             "topic_name_matches: regular expression the whole topic name must "
                             "match (Kafka's `pattern`)"));
  specs.push_back(OptionSpec("name", OptionType::string,
                             "has_header_key: the header key that must be present (Kafka's "
                             "`name`)"));
  specs.push_back(
      OptionSpec("negate", OptionType::boolean, "Invert the predicate (Kafka's `negate`)")
          .with_default(false));
}

Predicate Predicate::parse(const sluice::Options& options) {
  Predicate p;
  const std::string kind = options.get_string_or("predicate", "");
  p.negate_ = options.get_bool_or("negate", false);
  const bool has_pattern = options.has("pattern");
  const bool has_name = options.has("name");
  if (kind.empty()) {
    if (p.negate_) throw std::invalid_argument("option 'negate' needs option 'predicate'");
    if (has_pattern || has_name)
      throw std::invalid_argument(std::string("option '") + (has_pattern ? "pattern" : "name") +
                                  "' needs option 'predicate'");
    return p;
  }
  if (kind == "topic_name_matches") {
    p.kind_ = PredicateKind::topic_name_matches;
    if (!has_pattern)
      throw std::invalid_argument("predicate topic_name_matches needs option 'pattern'");
    if (has_name)
      throw std::invalid_argument("option 'name' applies only to predicate has_header_key");
    const std::string pattern = options.get_string("pattern");
    // As Kafka's TopicNameMatches: the pattern must be a non-empty regex.
    if (pattern.empty()) throw std::invalid_argument("option 'pattern' must not be empty");
    try {
      p.pattern_.emplace(pattern, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument("option 'pattern': invalid regular expression '" + pattern +
                                  "': " + e.what());
    }
  } else if (kind == "has_header_key") {
    p.kind_ = PredicateKind::has_header_key;
    if (!has_name) throw std::invalid_argument("predicate has_header_key needs option 'name'");
    if (has_pattern)
      throw std::invalid_argument("option 'pattern' applies only to predicate topic_name_matches");
    p.header_ = options.get_string("name");
    // As Kafka's HasHeaderKey: the name must be a non-empty string.
    if (p.header_.empty()) throw std::invalid_argument("option 'name' must not be empty");
  } else {
    p.kind_ = PredicateKind::record_is_tombstone;
    if (has_pattern || has_name)
      throw std::invalid_argument(std::string("option '") + (has_pattern ? "pattern" : "name") +
                                  "' does not apply to predicate record_is_tombstone");
  }
  return p;
}

bool Predicate::test(const sluice::Record& record) const {
  switch (kind_) {
    case PredicateKind::none:
      return true;
    case PredicateKind::topic_name_matches:
      return std::regex_match(effective_topic(record), *pattern_);
    case PredicateKind::has_header_key:
      return record.find_header(header_) != nullptr;
    case PredicateKind::record_is_tombstone:
      // A value still in raw form is valid JSON text, so it is not a tombstone.
      return !record.is_raw() && record.value.is_null();
  }
  return false;
}

}  // namespace sluice_connect
