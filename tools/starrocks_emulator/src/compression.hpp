// Decompresses bodies sent with `compression` / `Content-Encoding`: lz4_frame and gzip.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sluice_tools {

// Returns the error message, or nullopt with `out` filled. `codec` is the header value;
// empty means none.
std::optional<std::string> decompress_body(std::string_view codec, std::string_view in,
                                           std::string& out);

}  // namespace sluice_tools
