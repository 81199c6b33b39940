#include "avro_to_value.hpp"

#include <cmath>
#include <limits>
#include <span>

#include <sluice_registry/civil_time.hpp>
#include <sluice_registry/text_values.hpp>

namespace sluice::avro_converter {

using Kind = SchemaNode::Kind;
using Logical = SchemaNode::Logical;

namespace {

class Walker {
 public:
  explicit Walker(std::string& error) : error_(error) {}

  bool walk(avro_value_t& v, const SchemaNode* node, const std::string& path, Value& out) {
    switch (avro_value_get_type(&v)) {
      case AVRO_NULL:
        out = nullptr;
        return true;
      case AVRO_BOOLEAN: {
        int b = 0;
        if (avro_value_get_boolean(&v, &b)) return avro_fail(path);
        out = b != 0;
        return true;
      }
      case AVRO_INT32: {
        std::int32_t i = 0;
        if (avro_value_get_int(&v, &i)) return avro_fail(path);
        return int_value(i, logical(node, Kind::int_), out);
      }
      case AVRO_INT64: {
        std::int64_t l = 0;
        if (avro_value_get_long(&v, &l)) return avro_fail(path);
        return long_value(l, logical(node, Kind::long_), path, out);
      }
      case AVRO_FLOAT: {
        float f = 0;
        if (avro_value_get_float(&v, &f)) return avro_fail(path);
        out = number(registry::widen_float(f));
        return true;
      }
      case AVRO_DOUBLE: {
        double d = 0;
        if (avro_value_get_double(&v, &d)) return avro_fail(path);
        out = number(d);
        return true;
      }
      case AVRO_STRING: {
        const char* s = nullptr;
        std::size_t size = 0;
        if (avro_value_get_string(&v, &s, &size)) return avro_fail(path);
        // avro-c counts the terminating NUL in the size.
        const std::string_view text(s ? s : "", size > 0 ? size - 1 : 0);
        if (!registry::is_valid_utf8(text)) return fail(path, "string is not valid UTF-8");
        out = std::string(text);
        return true;
      }
      case AVRO_BYTES: {
        const void* buf = nullptr;
        std::size_t size = 0;
        if (avro_value_get_bytes(&v, &buf, &size)) return avro_fail(path);
        return binary(buf, size, node, Kind::bytes, path, out);
      }
      case AVRO_FIXED: {
        const void* buf = nullptr;
        std::size_t size = 0;
        if (avro_value_get_fixed(&v, &buf, &size)) return avro_fail(path);
        return binary(buf, size, node, Kind::fixed, path, out);
      }
      case AVRO_ENUM: {
        int index = 0;
        if (avro_value_get_enum(&v, &index)) return avro_fail(path);
        // avro-c reads any index and avro_schema_enum_get returns garbage for a missing one.
        avro_schema_t schema = avro_value_get_schema(&v);
        const int count = avro_schema_enum_number_of_symbols(schema);
        const char* symbol =
            index >= 0 && index < count ? avro_schema_enum_get(schema, index) : nullptr;
        if (!symbol)
          return fail(path, "enum index " + std::to_string(index) + " out of range (" +
                                std::to_string(count) + " symbols)");
        out = symbol;
        return true;
      }
      case AVRO_RECORD: {
        std::size_t n = 0;
        if (avro_value_get_size(&v, &n)) return avro_fail(path);
        out = Value::object();
        for (std::size_t i = 0; i < n; ++i) {
          avro_value_t child;
          const char* name = nullptr;
          if (avro_value_get_by_index(&v, i, &child, &name) || !name) return avro_fail(path);
          Value& slot = out[name];
          if (!walk(child, child_of(node, Kind::record, i), join(path, name), slot)) return false;
        }
        return true;
      }
      case AVRO_ARRAY: {
        std::size_t n = 0;
        if (avro_value_get_size(&v, &n)) return avro_fail(path);
        out = Value::array();
        const SchemaNode* item = child_of(node, Kind::array, 0);
        for (std::size_t i = 0; i < n; ++i) {
          avro_value_t child;
          if (avro_value_get_by_index(&v, i, &child, nullptr)) return avro_fail(path);
          Value element;
          if (!walk(child, item, path + "[" + std::to_string(i) + "]", element)) return false;
          out.push_back(std::move(element));
        }
        return true;
      }
      case AVRO_MAP: {
        std::size_t n = 0;
        if (avro_value_get_size(&v, &n)) return avro_fail(path);
        out = Value::object();
        const SchemaNode* values = child_of(node, Kind::map, 0);
        for (std::size_t i = 0; i < n; ++i) {
          avro_value_t child;
          const char* key = nullptr;
          if (avro_value_get_by_index(&v, i, &child, &key) || !key) return avro_fail(path);
          if (!registry::is_valid_utf8(key)) return fail(path, "map key is not valid UTF-8");
          Value element;
          if (!walk(child, values, path + "[" + key + "]", element)) return false;
          out[key] = std::move(element);
        }
        return true;
      }
      case AVRO_UNION: {
        int discriminant = 0;
        avro_value_t branch;
        if (avro_value_get_discriminant(&v, &discriminant) ||
            avro_value_get_current_branch(&v, &branch))
          return avro_fail(path);
        // No union wrapper: ["null", T] gives null or the value, other unions the branch's value.
        return walk(branch, child_of(node, Kind::union_, static_cast<std::size_t>(discriminant)),
                    path, out);
      }
      case AVRO_LINK:
        break;  // generic values resolve links; never seen here
    }
    return fail(path, "unsupported Avro value type");
  }

 private:
  static Logical logical(const SchemaNode* node, Kind kind) {
    return node && node->kind == kind ? node->logical : Logical::none;
  }
  static const SchemaNode* child_of(const SchemaNode* node, Kind kind, std::size_t i) {
    if (!node || node->kind != kind || i >= node->children.size()) return nullptr;
    return node->children[i];
  }

  static bool int_value(std::int32_t i, Logical logical, Value& out) {
    switch (logical) {
      case Logical::date:
        out = registry::format_date(i);
        return true;
      case Logical::time_millis:
        out = registry::format_time_micros(std::int64_t{i} * 1000);
        return true;
      default:
        out = i;
        return true;
    }
  }

  bool long_value(std::int64_t l, Logical logical, const std::string& path, Value& out) {
    constexpr std::int64_t kMaxMillis = std::numeric_limits<std::int64_t>::max() / 1000;
    switch (logical) {
      case Logical::time_micros:
        out = registry::format_time_micros(l);
        return true;
      case Logical::timestamp_millis:
      case Logical::local_timestamp_millis:
        if (l > kMaxMillis || l < -kMaxMillis)
          return fail(path, "timestamp-millis " + std::to_string(l) + " out of range");
        out = registry::format_timestamp_micros(l * 1000);
        return true;
      case Logical::timestamp_micros:
      case Logical::local_timestamp_micros:
        out = registry::format_timestamp_micros(l);
        return true;
      default:
        out = l;
        return true;
    }
  }

  bool binary(const void* buf, std::size_t size, const SchemaNode* node, Kind kind,
              const std::string& path, Value& out) {
    const std::span<const std::uint8_t> bytes(static_cast<const std::uint8_t*>(buf), size);
    if (logical(node, kind) == Logical::decimal) {
      std::string why;
      auto text = registry::decimal_from_unscaled(bytes, node->scale, why);
      if (!text) return fail(path, why);
      out = std::move(*text);
      return true;
    }
    out = registry::base64_encode(bytes);
    return true;
  }

  static Value number(double d) {
    if (!std::isfinite(d)) return nullptr;  // JSON has no NaN or Infinity
    return d;
  }
  static std::string join(const std::string& path, const char* name) {
    return path.empty() ? std::string(name) : path + "." + name;
  }
  bool fail(const std::string& path, const std::string& why) {
    error_ = path.empty() ? why : path + ": " + why;
    return false;
  }
  bool avro_fail(const std::string& path) { return fail(path, avro_strerror()); }

  std::string& error_;
};

}  // namespace

bool avro_to_value(avro_value_t& value, const SchemaNode* node, Value& out, std::string& error) {
  Walker walker(error);
  return walker.walk(value, node, "", out);
}

}  // namespace sluice::avro_converter
