#include "compression.hpp"

#include <lz4frame.h>
#include <zlib.h>

#include <algorithm>
#include <climits>

namespace sluice::starrocks {
namespace {

std::string lz4_frame(std::string_view data, std::string& out) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.contentSize = data.size();  // lets the reader size its buffer at once
  out.resize(LZ4F_compressFrameBound(data.size(), &prefs));
  std::size_t n = LZ4F_compressFrame(out.data(), out.size(), data.data(), data.size(), &prefs);
  if (LZ4F_isError(n)) {
    out.clear();
    return std::string("lz4 frame compression failed: ") + LZ4F_getErrorName(n);
  }
  out.resize(n);
  return {};
}

std::string gzip(std::string_view data, std::string& out) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip wrapper (header and CRC), not a raw zlib stream.
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    return "cannot initialise zlib";
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  std::size_t in_left = data.size();
  std::size_t out_left = out.size();
  int rc = Z_OK;
  // avail_in/avail_out are 32-bit: feed bodies over 4 GiB in slices.
  while (rc == Z_OK) {
    zs.avail_in = static_cast<uInt>(std::min<std::size_t>(in_left, UINT_MAX));
    zs.avail_out = static_cast<uInt>(std::min<std::size_t>(out_left, UINT_MAX));
    const uInt given_in = zs.avail_in, given_out = zs.avail_out;
    rc = deflate(&zs, in_left == given_in ? Z_FINISH : Z_NO_FLUSH);
    in_left -= given_in - zs.avail_in;
    out_left -= given_out - zs.avail_out;
  }
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    out.clear();
    return "gzip compression failed (zlib error " + std::to_string(rc) + ")";
  }
  out.resize(out.size() - out_left);
  return {};
}

}  // namespace

std::string compress_body(Compression codec, std::string_view data, std::string& out) {
  switch (codec) {
    case Compression::lz4_frame:
      return lz4_frame(data, out);
    case Compression::gzip:
      return gzip(data, out);
    case Compression::none:
      out.assign(data);
      return {};
  }
  return "unknown compression";
}

}  // namespace sluice::starrocks
