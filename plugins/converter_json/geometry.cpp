#include "geometry.hpp"

#include <charconv>
#include <cmath>
#include <cstring>

#include "base64.hpp"

namespace sluice::json_converter {
namespace {

constexpr int kMaxNesting = 32;  // collections inside collections; real data has one or two

std::string coordinate(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, end) : std::string("NaN");
}

/// Reads one WKB geometry and appends its WKT.
class WkbReader {
 public:
  explicit WkbReader(std::span<const std::uint8_t> bytes) : b_(bytes) {}

  bool geometry(std::string& out, int depth = 0) {
    if (depth > kMaxNesting) return fail("nested too deep");
    std::uint8_t order = 0;
    if (!byte(order) || order > 1) return fail("bad byte order");
    little_ = order == 1;
    std::uint32_t code = 0;
    if (!u32(code)) return false;
    // PostGIS EWKB flags, then ISO's thousands (1001 = POINT Z, 2001 = POINT M, 3001 = ZM).
    bool z = (code & 0x80000000u) != 0, m = (code & 0x40000000u) != 0;
    if (code & 0x20000000u) {
      std::uint32_t srid = 0;
      if (!u32(srid)) return false;
    }
    code &= 0x0FFFFFFFu;
    if (code >= 1000 && code < 4000) {
      const std::uint32_t dims = code / 1000;
      z = z || dims == 1 || dims == 3;
      m = m || dims == 2 || dims == 3;
      code %= 1000;
    }
    dims_ = 2 + (z ? 1 : 0) + (m ? 1 : 0);
    static constexpr const char* kNames[] = {
        nullptr,      "POINT",           "LINESTRING",   "POLYGON",
        "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"};
    if (code < 1 || code > 7) return fail("unknown geometry type " + std::to_string(code));
    out += kNames[code];
    if (z || m) out += std::string(" ") + (z ? "Z" : "") + (m ? "M" : "");
    out += ' ';
    switch (code) {
      case 1:
        return point_body(out);
      case 2:
        return counted(out, [&] { return position(out); });
      case 3:
        return counted(out, [&] { return ring(out); });
      case 4:
      case 5:
      case 6:
        return counted(out, [&] {
          std::string part;
          if (!geometry(part, depth + 1)) return false;
          // MULTIPOINT ((1 2)): the member without its own type name (and dimension letters).
          const std::size_t open = part.find(" (");
          out += open == std::string::npos ? std::string("EMPTY") : part.substr(open + 1);
          return true;
        });
      default:
        return counted(out, [&] { return geometry(out, depth + 1); });
    }
  }

  bool at_end() const { return i_ == b_.size(); }
  const std::string& error() const { return error_; }

 private:
  bool fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
    return false;
  }
  bool byte(std::uint8_t& v) {
    if (i_ >= b_.size()) return fail("truncated");
    v = b_[i_++];
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (b_.size() - i_ < 4) return fail("truncated");
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const std::uint32_t x = b_[i_ + (little_ ? k : 3 - k)];
      v |= x << (8 * k);
    }
    i_ += 4;
    return true;
  }
  bool f64(double& d) {
    if (b_.size() - i_ < 8) return fail("truncated");
    std::uint64_t v = 0;
    for (int k = 0; k < 8; ++k) {
      const std::uint64_t x = b_[i_ + (little_ ? k : 7 - k)];
      v |= x << (8 * k);
    }
    i_ += 8;
    std::memcpy(&d, &v, sizeof d);
    return true;
  }
  /// One position's coordinates, space separated.
  bool position(std::string& out) {
    for (int k = 0; k < dims_; ++k) {
      double d = 0;
      if (!f64(d)) return false;
      if (k > 0) out += ' ';
      out += coordinate(d);
    }
    return true;
  }
  bool point_body(std::string& out) {
    const std::size_t start = i_;
    bool empty = true;
    for (int k = 0; k < dims_; ++k) {
      double d = 0;
      if (!f64(d)) return false;
      empty = empty && std::isnan(d);
    }
    if (empty) {
      out += "EMPTY";  // WKB writes an empty point as NaN coordinates
      return true;
    }
    i_ = start;
    out += '(';
    if (!position(out)) return false;
    out += ')';
    return true;
  }
  bool ring(std::string& out) {
    return counted(out, [&] { return position(out); });
  }
  /// A count, then that many items as "(a, b, ...)", or "EMPTY".
  template <class Item>
  bool counted(std::string& out, Item item) {
    std::uint32_t n = 0;
    if (!u32(n)) return false;
    if (n > b_.size()) return fail("truncated");  // every item takes at least one byte
    if (n == 0) {
      out += "EMPTY";
      return true;
    }
    out += '(';
    const bool little = little_;
    const int dims = dims_;
    for (std::uint32_t k = 0; k < n; ++k) {
      if (k > 0) out += ", ";
      if (!item()) return false;
      little_ = little;  // a member geometry may change them
      dims_ = dims;
    }
    out += ')';
    return true;
  }

  std::span<const std::uint8_t> b_;
  std::size_t i_ = 0;
  bool little_ = false;
  int dims_ = 2;
  std::string error_;
};

}  // namespace

Outcome<std::string> wkb_to_wkt(std::span<const std::uint8_t> wkb) {
  WkbReader r(wkb);
  std::string out;
  if (!r.geometry(out)) return Outcome<std::string>::failure("invalid WKB: " + r.error());
  if (!r.at_end()) return Outcome<std::string>::failure("invalid WKB: data after the geometry");
  return out;
}

Outcome<std::string> debezium_point(const Value& point) {
  auto x = point.find("x");
  auto y = point.find("y");
  if (x == point.end() || y == point.end() || !x->is_number() || !y->is_number())
    return Outcome<std::string>::failure("a Point needs numbers 'x' and 'y'");
  return "POINT (" + coordinate(x->get<double>()) + " " + coordinate(y->get<double>()) + ")";
}

Outcome<std::string> debezium_geometry(const Value& geometry) {
  auto wkb = geometry.find("wkb");
  if (wkb == geometry.end() || !wkb->is_string())
    return Outcome<std::string>::failure("field 'wkb' is missing or not a base64 string");
  auto bytes = base64_decode(wkb->get_ref<const std::string&>());
  if (!bytes) return Outcome<std::string>::failure(bytes.error());
  return wkb_to_wkt(bytes.value());
}

}  // namespace sluice::json_converter
