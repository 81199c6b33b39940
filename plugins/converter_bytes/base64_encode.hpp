// Base64 encoding (RFC 4648 standard alphabet, with '=' padding), as Java's Base64 encoder writes.
#pragma once

#include <string>
#include <string_view>

namespace sluice::bytes_converter {

std::string base64_encode(std::string_view bytes);

}  // namespace sluice::bytes_converter
