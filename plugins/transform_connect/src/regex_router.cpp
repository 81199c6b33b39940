// regex_router: Kafka's RegexRouter — the topic name, rewritten by a regex, names the table.
// Kafka rewrites the topic; sluice sets Record::table, which the router uses before
// topic_to_table.
#include <memory>
#include <regex>
#include <variant>

#include "connect_transform.hpp"
#include "descriptors.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

/// A Java replacement string ("prefix_$1") split into literal text and group references.
using ReplacementPart = std::variant<std::string, std::size_t>;

std::vector<ReplacementPart> parse_replacement(const std::string& r, std::size_t groups) {
  std::vector<ReplacementPart> parts;
  std::string literal;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const char c = r[i];
    if (c == '\\') {
      if (i + 1 == r.size())
        throw std::invalid_argument("option 'replacement': ends with a lone backslash");
      literal += r[++i];
    } else if (c == '$') {
      if (i + 1 == r.size() || r[i + 1] < '0' || r[i + 1] > '9')
        throw std::invalid_argument(
            "option 'replacement': '$' must be followed by a group number ($1); write \\$ for a "
            "dollar sign (named groups ${name} are not supported)");
      // Java's rule: the first digit always, more digits while the number is a valid group.
      std::size_t group = static_cast<std::size_t>(r[++i] - '0');
      while (i + 1 < r.size() && r[i + 1] >= '0' && r[i + 1] <= '9' &&
             group * 10 + static_cast<std::size_t>(r[i + 1] - '0') <= groups)
        group = group * 10 + static_cast<std::size_t>(r[++i] - '0');
      if (group > groups)
        throw std::invalid_argument("option 'replacement': no group " + std::to_string(group) +
                                    " in option 'regex' (it has " + std::to_string(groups) + ")");
      if (!literal.empty()) parts.emplace_back(std::move(literal));
      literal.clear();
      parts.emplace_back(group);
    } else {
      literal += c;
    }
  }
  if (!literal.empty()) parts.emplace_back(std::move(literal));
  return parts;
}

class RegexRouter final : public ConnectTransform {
 public:
  RegexRouter(std::regex regex, std::vector<ReplacementPart> replacement, Predicate p)
      : ConnectTransform("regex_router", std::move(p)),
        regex_(std::move(regex)),
        replacement_(std::move(replacement)) {}

 protected:
  sluice::Status transform(Record& record) override {
    // Matched against the topic as an earlier router left it, like a chain of Kafka routers.
    const std::string topic = effective_topic(record);
    std::smatch m;
    if (!std::regex_match(topic, m, regex_)) return sluice::Status::ok();  // unchanged
    std::string table;
    for (const auto& part : replacement_) {
      if (const auto* text = std::get_if<std::string>(&part))
        table += *text;
      else
        table += m[std::get<std::size_t>(part)].str();
    }
    record.table = std::move(table);
    return sluice::Status::ok();
  }

  bool needs_value() const noexcept override { return false; }

 private:
  std::regex regex_;
  std::vector<ReplacementPart> replacement_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("regex", OptionType::string,
                         "Regular expression the whole topic name must match (ECMAScript "
                         "syntax, which covers the common Java regexes)")
                  .mandatory());
  s.push_back(OptionSpec("replacement", OptionType::string,
                         "Table name; $1.. insert groups, \\$ is a dollar sign (Java syntax)")
                  .mandatory());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor regex_router_plugin() {
  return {"regex_router", "1.0.0",
          "Kafka RegexRouter: a regex rewrite of the topic name sets the target table", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            const std::string pattern = ctx.options.get_string("regex");
            std::regex regex;
            try {
              regex = std::regex(pattern, std::regex::ECMAScript);
            } catch (const std::regex_error& e) {
              throw std::invalid_argument("option 'regex': invalid regular expression '" + pattern +
                                          "': " + e.what());
            }
            auto replacement =
                parse_replacement(ctx.options.get_string("replacement"), regex.mark_count());
            return std::make_unique<RegexRouter>(std::move(regex), std::move(replacement),
                                                 Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
