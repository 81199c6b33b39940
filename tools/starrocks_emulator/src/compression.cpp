#include "compression.hpp"

#include <lz4frame.h>
#include <zlib.h>

#include <memory>

namespace sluice_tools {
namespace {

std::optional<std::string> lz4_frame(std::string_view in, std::string& out) {
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
    return "cannot create lz4 decompression context";
  }
  std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> ctx(
      raw, &LZ4F_freeDecompressionContext);
  std::string buffer(256 * 1024, '\0');
  const char* src = in.data();
  std::size_t left = in.size();
  std::size_t hint = 1;
  while (left > 0) {
    std::size_t dst_size = buffer.size();
    std::size_t src_size = left;
    hint = LZ4F_decompress(ctx.get(), buffer.data(), &dst_size, src, &src_size, nullptr);
    if (LZ4F_isError(hint)) {
      return std::string("lz4_frame decompression failed: ") + LZ4F_getErrorName(hint);
    }
    out.append(buffer.data(), dst_size);
    src += src_size;
    left -= src_size;
    if (hint == 0 && left > 0) {
      // Concatenated frames are allowed by the format.
      LZ4F_resetDecompressionContext(ctx.get());
    }
    if (src_size == 0 && dst_size == 0) return "lz4_frame decompression made no progress";
  }
  if (hint != 0) return "lz4_frame body is truncated";
  return std::nullopt;
}

std::optional<std::string> gzip(std::string_view in, std::string& out) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return "cannot initialise zlib";  // 32: gzip or zlib
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&zs, &inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string buffer(256 * 1024, '\0');
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer.data());
    zs.avail_out = static_cast<uInt>(buffer.size());
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      return std::string("gzip decompression failed: ") + (zs.msg ? zs.msg : "corrupt data");
    }
    out.append(buffer.data(), buffer.size() - zs.avail_out);
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) return "gzip body is truncated";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> decompress_body(std::string_view codec, std::string_view in,
                                           std::string& out) {
  out.clear();
  if (codec.empty()) {
    out.assign(in);
    return std::nullopt;
  }
  if (codec == "lz4_frame") return lz4_frame(in, out);
  if (codec == "gzip") return gzip(in, out);
  return "unsupported compression type: " + std::string(codec);
}

}  // namespace sluice_tools
