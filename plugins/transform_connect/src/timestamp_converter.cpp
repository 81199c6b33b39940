// timestamp_converter: Kafka's TimestampConverter — converts a timestamp between unix time,
// formatted strings and sluice's Date / Time / Timestamp values.
#include <cstdint>
#include <memory>
#include <optional>

#include "civil_time.hpp"
#include "connect_schema.hpp"
#include "connect_transform.hpp"
#include "date_format.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
#include "schema_default.hpp"
#include "target.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

enum class TimeType { string, unix, date, time, timestamp };

struct TimestampConfig {
  Target target = Target::value;
  std::string field;  ///< empty: the whole key/value
  TimeType type = TimeType::timestamp;
  std::optional<DateFormat> format;
  std::string format_text;
  std::int64_t micros_per_unit = 1000;  ///< unix.precision; 0 means nanoseconds
  bool replace_null = true;
};

/// How a value is read: from its schema when the record has one (Kafka's schema-ful path), else
/// from its JSON type.
enum class Source { infer, unix, string, date, time, timestamp };

Source source_of(const Value* schema) {
  if (schema == nullptr || schema->is_null()) return Source::infer;
  switch (logical_of(schema)) {
    case Logical::date:
      return Source::date;
    case Logical::time:
      return Source::time;
    case Logical::timestamp:
      return Source::timestamp;
    default:
      break;
  }
  const std::string_view t = schema_type(schema);
  if (t == "string") return Source::string;
  if (t == "int64") return Source::unix;
  return Source::infer;  // refused by the caller, as Kafka does
}

/// The Connect schema of the converted value, as Kafka's JsonConverter writes it.
Value schema_for(TimeType type, bool optional) {
  Value s = Value::object();
  switch (type) {
    case TimeType::string:
      s["type"] = "string";
      break;
    case TimeType::unix:
      s["type"] = "int64";
      break;
    case TimeType::date:
      s["type"] = "int32";
      s["name"] = "org.apache.kafka.connect.data.Date";
      break;
    case TimeType::time:
      s["type"] = "int32";
      s["name"] = "org.apache.kafka.connect.data.Time";
      break;
    case TimeType::timestamp:
      s["type"] = "int64";
      s["name"] = "org.apache.kafka.connect.data.Timestamp";
      break;
  }
  if (type == TimeType::date || type == TimeType::time || type == TimeType::timestamp)
    s["version"] = 1;
  s["optional"] = optional;
  return s;
}

bool is_optional(const Value& schema) {
  auto o = schema.find("optional");
  return o != schema.end() && o->is_boolean() && o->get<bool>();
}

class TimestampConverter final : public ConnectTransform {
 public:
  TimestampConverter(TimestampConfig c, Predicate p)
      : ConnectTransform("timestamp_converter", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    Value& schema = operand_schema(record, c_.target);
    const bool with_schema = !schema.is_null();
    if (c_.field.empty()) {
      if (!with_schema)
        return v.is_null()
                   ? sluice::Status::ok()
                   : convert(v, Source::infer, "the record " + std::string(target_name(c_.target)));
      if (auto st = check_source(&schema, "the record " + std::string(target_name(c_.target))); !st)
        return st;
      if (!v.is_null())
        if (auto st =
                convert(v, source_of(&schema), "the record " + std::string(target_name(c_.target)));
            !st)
          return st;
      schema = schema_for(c_.type, is_optional(schema));
      return sluice::Status::ok();
    }
    if (v.is_null()) return sluice::Status::ok();
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    const std::string what = "field '" + c_.field + "'";
    if (!with_schema) {
      // As Kafka (schemaless): a missing field is written as null.
      Value& f = v[c_.field];
      return f.is_null() ? sluice::Status::ok() : convert(f, Source::infer, what);
    }
    if (schema_type(&schema) != "struct")
      return bad("the record " + std::string(target_name(c_.target)) + " has schema type '" +
                 std::string(schema_type(&schema)) + "', not a struct with field '" + c_.field +
                 "'");
    Value* fs = nullptr;
    if (auto fields = schema.find("fields"); fields != schema.end() && fields->is_array())
      for (auto& f : *fields)
        if (f.is_object() && f.value("field", std::string()) == c_.field) fs = &f;
    // Kafka copies the Struct with Struct.get: a null field with a default reads as the default.
    put_struct_defaults(v, schema, c_.replace_null);
    if (fs == nullptr) return sluice::Status::ok();  // not in the Struct: nothing to convert
    if (auto st = check_source(fs, what); !st) return st;
    auto it = v.find(c_.field);
    if (it != v.end() && !it->is_null())
      if (auto st = convert(*it, source_of(fs), what); !st) return st;
    Value updated = schema_for(c_.type, is_optional(*fs));
    updated["field"] = c_.field;
    *fs = std::move(updated);
    return sluice::Status::ok();
  }

 private:
  /// Kafka refuses schemas other than Date, Time, Timestamp, string and int64.
  sluice::Status check_source(const Value* schema, const std::string& what) const {
    if (source_of(schema) != Source::infer) return sluice::Status::ok();
    return bad(what + ": schema type '" + std::string(schema_type(schema)) +
               "' is not a timestamp (Kafka reads Date, Time, Timestamp, string and int64)");
  }

  std::optional<std::int64_t> read_unix(std::int64_t n) const {
    if (c_.micros_per_unit == 0) return floor_div(n, 1000);
    if (n > INT64_MAX / c_.micros_per_unit || n < INT64_MIN / c_.micros_per_unit)
      return std::nullopt;
    return n * c_.micros_per_unit;
  }

  sluice::Status convert(Value& v, Source source, const std::string& what) const {
    std::optional<std::int64_t> micros;
    if (source == Source::infer)
      source = v.is_number_integer() ? Source::unix
               : v.is_string()       ? Source::string
                                     : Source::infer;
    if (source == Source::unix) {
      if (!v.is_number_integer())
        return bad(what + ": expected a unix time (integer), found " + type_name(v));
      micros = read_unix(v.get<std::int64_t>());
      if (!micros) return bad(what + ": unix time " + v.dump() + " is out of range");
    } else if (source == Source::string) {
      if (!v.is_string()) return bad(what + ": expected a string timestamp, found " + type_name(v));
      const auto& s = v.get_ref<const std::string&>();
      if (c_.format) micros = c_.format->parse(s);
      if (!micros) micros = parse_sluice_temporal(s);  // sluice's Date / Time / Timestamp text
      if (!micros)
        return bad(what + ": \"" + s + "\" does not match " +
                   (c_.format ? "pattern '" + c_.format_text + "' and is not " : std::string()) +
                   "a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
    } else if (source == Source::date || source == Source::time || source == Source::timestamp) {
      if (v.is_string()) {
        micros = parse_sluice_temporal(v.get_ref<const std::string&>());
      } else if (v.is_number_integer()) {  // still in Kafka's encoding
        const std::int64_t n = v.get<std::int64_t>();
        const std::int64_t unit = source == Source::date ? kMicrosPerDay : 1000;
        if (n <= INT64_MAX / unit && n >= INT64_MIN / unit) micros = n * unit;
      }
      if (!micros) return bad(what + ": " + v.dump() + " is not a sluice date, time or timestamp");
    } else {
      return bad(what + ": expected a unix time (integer) or a date/time string, found " +
                 type_name(v));
    }
    return write(v, *micros, what);
  }

  sluice::Status write(Value& v, std::int64_t micros, const std::string& what) const {
    switch (c_.type) {
      case TimeType::string:
        v = c_.format->format(micros);
        break;
      case TimeType::unix:
        if (c_.micros_per_unit == 0 && (micros > INT64_MAX / 1000 || micros < INT64_MIN / 1000))
          return bad(what + ": " + v.dump() + " does not fit in 64-bit nanoseconds");
        v = c_.micros_per_unit == 0 ? micros * 1000 : micros / c_.micros_per_unit;
        break;
      case TimeType::time:  // the time of day of any instant
        v = format_time(micros - floor_div(micros, kMicrosPerDay) * kMicrosPerDay);
        break;
      case TimeType::date:
      case TimeType::timestamp:
        if (!in_civil_range(micros))
          return bad(what + ": " + v.dump() + " is past the years 0000 to 9999 that a " +
                     (c_.type == TimeType::date ? "Date" : "Timestamp") +
                     " holds in StarRocks (target.type string or unix can carry it)");
        v = c_.type == TimeType::date ? format_date(micros) : format_timestamp(micros);
        break;
    }
    return sluice::Status::ok();
  }

  TimestampConfig c_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("field", OptionType::string,
                         "Field holding the timestamp; empty: the whole key/value")
                  .with_default(""));
  s.push_back(OptionSpec("target.type", OptionType::string,
                         "Output: string (with `format`), unix (in unix.precision), Date "
                         "(\"YYYY-MM-DD\"), Time (\"HH:MM:SS[.ffffff]\"), Timestamp "
                         "(\"YYYY-MM-DD HH:MM:SS[.ffffff]\"), all UTC")
                  .mandatory()
                  .one_of({"string", "unix", "Date", "Time", "Timestamp"}));
  s.push_back(OptionSpec("format", OptionType::string,
                         "Java SimpleDateFormat pattern (UTC): the output of "
                         "target.type=string, and how input strings are read")
                  .with_default(""));
  s.push_back(
      OptionSpec("unix.precision", OptionType::string, "Unit of unix times, read and written")
          .with_default("milliseconds")
          .one_of({"seconds", "milliseconds", "microseconds", "nanoseconds"}));
  s.push_back(replace_null_option_spec());
  s.push_back(target_option_spec());
  add_predicate_options(s, false);
  return s;
}

TimestampConfig parse(const sluice::Options& o) {
  TimestampConfig c;
  c.target = parse_target(o);
  c.field = o.get_string("field");
  const std::string type = o.get_string("target.type");
  c.type = type == "string" ? TimeType::string
           : type == "unix" ? TimeType::unix
           : type == "Date" ? TimeType::date
           : type == "Time" ? TimeType::time
                            : TimeType::timestamp;
  c.format_text = o.get_string("format");
  if (!c.format_text.empty()) c.format = DateFormat::compile(c.format_text);
  if (c.type == TimeType::string && !c.format)
    throw std::invalid_argument("option 'format' is required when target.type is string");
  c.replace_null = parse_replace_null(o);
  const std::string unit = o.get_string("unix.precision");
  c.micros_per_unit = unit == "seconds"        ? kMicrosPerSecond
                      : unit == "milliseconds" ? 1000
                      : unit == "microseconds" ? 1
                                               : 0;
  return c;
}

}  // namespace

sluice::PluginDescriptor timestamp_converter_plugin() {
  return {"timestamp_converter", "1.0.0",
          "Kafka TimestampConverter: unix time, formatted string, Date, Time, Timestamp", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<TimestampConverter>(parse(ctx.options),
                                                        Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
