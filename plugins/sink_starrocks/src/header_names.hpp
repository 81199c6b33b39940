// StarRocks sink — HTTP header names compare case-insensitively.
#pragma once

#include <algorithm>
#include <cctype>
#include <string_view>

namespace sluice::starrocks {

inline bool header_name_equal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace sluice::starrocks
