// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sluice::string_converter {

/// Offset (from 0) of the first byte of the first ill-formed or truncated sequence, or nullopt
/// when all of `text` is valid UTF-8.
std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

}  // namespace sluice::string_converter
