// The text StarRocks loads for one value of the value model (DESIGN.md "Values as StarRocks
// loads them"): strings as they are, numbers as JSON numbers, booleans as true/false, objects and
// arrays as their JSON text (a JSON column loads it).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include <sluice/record.hpp>

namespace sluice::formatter_csv {

/// Renders values, reusing its buffers (one per body writer; not thread-safe).
class ValueText {
 public:
  enum class Kind { text, null, unsupported };

  struct Result {
    Kind kind;
    std::string_view text;  ///< valid until the next render() (text), or the reason (unsupported)
  };

  Result render(const Value& v);

 private:
  std::array<char, 32> number_{};
  std::string scratch_;
};

}  // namespace sluice::formatter_csv
