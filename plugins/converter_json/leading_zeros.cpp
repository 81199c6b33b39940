#include "leading_zeros.hpp"

namespace sluice::json_converter {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// True when a number's integer part starts after `written` (the output so far, zeros already
/// dropped): not inside a number (after a digit, '.', or an exponent's 'e' / sign).
bool starts_integer_part(std::string_view written) {
  if (written.empty()) return true;
  const char prev = written.back();
  if (is_digit(prev) || prev == '.' || prev == 'e' || prev == 'E' || prev == '+') return false;
  if (prev == '-')
    return written.size() < 2 ||
           (written[written.size() - 2] != 'e' && written[written.size() - 2] != 'E');
  return true;
}

}  // namespace

std::optional<std::string> without_leading_zeros(std::string_view text) {
  std::string out;
  bool changed = false;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 1 < text.size()) {
        out += c;
        out += text[++i];
        continue;
      }
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '0' && i + 1 < text.size() && is_digit(text[i + 1]) &&
               starts_integer_part(out)) {
      changed = true;
      continue;  // drop this zero; the next one is looked at in turn
    }
    out += c;
  }
  if (!changed) return std::nullopt;
  return out;
}

}  // namespace sluice::json_converter
