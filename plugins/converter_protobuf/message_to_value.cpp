#include "message_to_value.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <google/protobuf/descriptor.h>

#include <sluice_registry/civil_time.hpp>
#include <sluice_registry/text_values.hpp>

#include "well_known.hpp"

namespace sluice::protobuf_converter {

namespace gp = google::protobuf;
using FD = gp::FieldDescriptor;

namespace {

class Walker {
 public:
  explicit Walker(std::string& error) : error_(error) {}

  bool message(const gp::Message& m, const std::string& path, Value& out) {
    switch (well_known_kind(m.GetDescriptor()->full_name())) {
      case WellKnown::none:
        break;
      case WellKnown::timestamp:
        return timestamp(m, path, out);
      case WellKnown::duration:
        return duration(m, path, out);
      case WellKnown::wrapper:
        return field(m, by_number(m, 1), path, out);
      case WellKnown::struct_:
        return struct_value(m, path, out);
      case WellKnown::value:
        return value(m, path, out);
      case WellKnown::list_value:
        return list_value(m, path, out);
      case WellKnown::date:
        if (date(m, out)) return true;
        break;  // a partial date (year, month or day 0) stays an object
      case WellKnown::time_of_day:
        return time_of_day(m, path, out);
      case WellKnown::decimal:
        return decimal(m, path, out);
    }
    out = Value::object();
    const gp::Descriptor* d = m.GetDescriptor();
    for (int i = 0; i < d->field_count(); ++i) {
      const FD* f = d->field(i);
      Value& slot = out[f->name()];
      if (!field(m, f, join(path, f->name()), slot)) return false;
    }
    return true;
  }

 private:
  /// One field of `m` (singular, repeated or map) into `out`.
  bool field(const gp::Message& m, const FD* f, const std::string& path, Value& out) {
    if (!f) {
      out = nullptr;
      return true;
    }
    const gp::Reflection* r = m.GetReflection();
    if (f->is_map()) return map(m, f, path, out);
    if (f->is_repeated()) {
      out = Value::array();
      const int n = r->FieldSize(m, f);
      for (int i = 0; i < n; ++i) {
        Value item;
        if (!element(m, f, i, path + "[" + std::to_string(i) + "]", item)) return false;
        out.push_back(std::move(item));
      }
      return true;
    }
    if (f->has_presence() && !r->HasField(m, f)) {
      out = nullptr;
      return true;
    }
    return element(m, f, -1, path, out);
  }

  /// A singular field (index -1) or one element of a repeated field.
  bool element(const gp::Message& m, const FD* f, int index, const std::string& path, Value& out) {
    const gp::Reflection* r = m.GetReflection();
    const bool rep = index >= 0;
    switch (f->cpp_type()) {
      case FD::CPPTYPE_INT32:
        out = rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f);
        return true;
      case FD::CPPTYPE_INT64:
        out = rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f);
        return true;
      case FD::CPPTYPE_UINT32:
        out = rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f);
        return true;
      case FD::CPPTYPE_UINT64:
        out = rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f);
        return true;
      case FD::CPPTYPE_DOUBLE:
        out = number(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
        return true;
      case FD::CPPTYPE_FLOAT:
        out = number(
            registry::widen_float(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f)));
        return true;
      case FD::CPPTYPE_BOOL:
        out = rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f);
        return true;
      case FD::CPPTYPE_ENUM: {
        const int n = rep ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
        const gp::EnumValueDescriptor* v = f->enum_type()->FindValueByNumber(n);
        // proto3 enums are open: a number the schema does not name stays a number.
        if (v)
          out = v->name();
        else
          out = n;
        return true;
      }
      case FD::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& s = rep ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                   : r->GetStringReference(m, f, &scratch);
        if (f->type() == FD::TYPE_BYTES) {
          out = registry::base64_encode(std::string_view(s));
          return true;
        }
        return text(s, path, out);
      }
      case FD::CPPTYPE_MESSAGE:
        return message(rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f), path, out);
    }
    out = nullptr;
    return true;
  }

  /// Maps become objects with the keys as text, sorted (Protobuf maps have no order).
  bool map(const gp::Message& m, const FD* f, const std::string& path, Value& out) {
    const gp::Reflection* r = m.GetReflection();
    const FD* key_field = f->message_type()->map_key();
    const FD* value_field = f->message_type()->map_value();
    std::vector<std::pair<Value, const gp::Message*>> entries;
    const int n = r->FieldSize(m, f);
    for (int i = 0; i < n; ++i) {
      const gp::Message& entry = r->GetRepeatedMessage(m, f, i);
      Value key;
      if (!element(entry, key_field, -1, path + "{key}", key)) return false;
      entries.emplace_back(std::move(key), &entry);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    out = Value::object();
    for (auto& [key, entry] : entries) {
      const std::string name = key.is_string() ? key.get<std::string>() : key.dump();
      Value v;
      if (!field(*entry, value_field, path + "[" + name + "]", v)) return false;
      out[name] = std::move(v);
    }
    return true;
  }

  bool timestamp(const gp::Message& m, const std::string& path, Value& out) {
    std::string text, why;
    if (!timestamp_text(int64_of(m, 1), int32_of(m, 2), text, why)) return fail(path, why);
    out = std::move(text);
    return true;
  }

  bool duration(const gp::Message& m, const std::string& path, Value& out) {
    std::string text, why;
    if (!duration_text(int64_of(m, 1), int32_of(m, 2), text, why)) return fail(path, why);
    out = std::move(text);
    return true;
  }

  bool date(const gp::Message& m, Value& out) {
    const std::int32_t y = int32_of(m, 1), mo = int32_of(m, 2), d = int32_of(m, 3);
    if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    const std::int64_t days =
        registry::days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const auto back = registry::civil_from_days(days);
    if (back.day != static_cast<unsigned>(d)) return false;  // 2023-02-30
    out = registry::format_date(days);
    return true;
  }

  bool time_of_day(const gp::Message& m, const std::string& path, Value& out) {
    const std::int64_t h = int32_of(m, 1), mi = int32_of(m, 2), s = int32_of(m, 3),
                       ns = int32_of(m, 4);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || ns < 0 || ns > 999999999)
      return fail(path, "invalid TimeOfDay " + std::to_string(h) + ":" + std::to_string(mi) + ":" +
                            std::to_string(s) + "." + std::to_string(ns));
    out = registry::format_time_micros(((h * 60 + mi) * 60 + s) * registry::kMicrosPerSecond +
                                       ns / 1000);
    return true;
  }

  bool decimal(const gp::Message& m, const std::string& path, Value& out) {
    const gp::Reflection* r = m.GetReflection();
    const FD* value_field = by_number(m, 1);
    std::string scratch;
    const std::string& bytes =
        value_field ? r->GetStringReference(m, value_field, &scratch) : scratch;
    const std::int32_t scale = int32_of(m, 3);
    std::string why;
    if (bytes.empty()) {  // proto3 default: zero
      static const std::uint8_t zero = 0;
      auto text = registry::decimal_from_unscaled({&zero, 1}, scale, why);
      if (!text) return fail(path, why);
      out = std::move(*text);
      return true;
    }
    auto text = registry::decimal_from_unscaled(
        {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()}, scale, why);
    if (!text) return fail(path, why);
    out = std::move(*text);
    return true;
  }

  bool struct_value(const gp::Message& m, const std::string& path, Value& out) {
    // Struct.fields is map<string, Value>: the generic map walk gives exactly the object.
    return map(m, by_number(m, 1), path, out);
  }

  bool value(const gp::Message& m, const std::string& path, Value& out) {
    const gp::Reflection* r = m.GetReflection();
    const gp::OneofDescriptor* kind = m.GetDescriptor()->FindOneofByName("kind");
    const FD* set = kind ? r->GetOneofFieldDescriptor(m, kind) : nullptr;
    if (!set || set->name() == "null_value") {
      out = nullptr;
      return true;
    }
    return element(m, set, -1, path, out);
  }

  bool list_value(const gp::Message& m, const std::string& path, Value& out) {
    const FD* values = by_number(m, 1);
    if (!values) {
      out = Value::array();
      return true;
    }
    return field(m, values, path, out);
  }

  static const FD* by_number(const gp::Message& m, int number) {
    return m.GetDescriptor()->FindFieldByNumber(number);
  }
  static std::int64_t int64_of(const gp::Message& m, int number) {
    const FD* f = by_number(m, number);
    if (!f || f->is_repeated()) return 0;
    if (f->cpp_type() == FD::CPPTYPE_INT64) return m.GetReflection()->GetInt64(m, f);
    if (f->cpp_type() == FD::CPPTYPE_INT32) return m.GetReflection()->GetInt32(m, f);
    return 0;
  }
  static std::int32_t int32_of(const gp::Message& m, int number) {
    const FD* f = by_number(m, number);
    if (!f || f->is_repeated() || f->cpp_type() != FD::CPPTYPE_INT32) return 0;
    return m.GetReflection()->GetInt32(m, f);
  }
  static Value number(double d) {
    if (!std::isfinite(d)) return nullptr;  // JSON has no NaN or Infinity
    return d;
  }
  bool text(const std::string& s, const std::string& path, Value& out) {
    if (!registry::is_valid_utf8(s)) return fail(path, "string is not valid UTF-8");
    out = s;
    return true;
  }
  static std::string join(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }
  bool fail(const std::string& path, const std::string& why) {
    error_ = path.empty() ? why : path + ": " + why;
    return false;
  }

  std::string& error_;
};

}  // namespace

bool message_to_value(const gp::Message& message, Value& out, std::string& error) {
  Walker walker(error);
  return walker.message(message, "", out);
}

}  // namespace sluice::protobuf_converter
