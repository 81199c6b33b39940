// timestamp_converter: Kafka's TimestampConverter — converts a timestamp between unix time,
// formatted strings and sluice's Date / Time / Timestamp values.
#include <cstdint>
#include <memory>
#include <optional>

#include "civil_time.hpp"
#include "connect_transform.hpp"
#include "date_format.hpp"
#include "descriptors.hpp"
#include "field_path.hpp"
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
};

class TimestampConverter final : public ConnectTransform {
 public:
  TimestampConverter(TimestampConfig c, Predicate p)
      : ConnectTransform("timestamp_converter", std::move(p)), c_(std::move(c)) {}

 protected:
  sluice::Status transform(Record& record) override {
    Value& v = operand(record, c_.target);
    if (v.is_null()) return sluice::Status::ok();
    if (c_.field.empty()) {
      operand_schema(record, c_.target) = nullptr;
      return convert(v, std::string("the record ") + target_name(c_.target));
    }
    if (auto st = require_object(v, name(), target_name(c_.target)); !st) return st;
    operand_schema(record, c_.target) = nullptr;
    // As Kafka (schemaless): a missing field is written as null.
    return convert(v[c_.field], "field '" + c_.field + "'");
  }

 private:
  sluice::Status convert(Value& v, const std::string& what) const {
    if (v.is_null()) return sluice::Status::ok();
    std::optional<std::int64_t> micros;
    if (v.is_number_integer()) {
      const std::int64_t n = v.get<std::int64_t>();
      if (c_.micros_per_unit == 0) {
        micros = floor_div(n, 1000);
      } else {
        if (n > INT64_MAX / c_.micros_per_unit || n < INT64_MIN / c_.micros_per_unit)
          return bad(what + ": unix time " + v.dump() + " is out of range");
        micros = n * c_.micros_per_unit;
      }
    } else if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (c_.format) micros = c_.format->parse(s);
      if (!micros) micros = parse_sluice_temporal(s);
      if (!micros)
        return bad(what + ": \"" + s + "\" is not " +
                   (c_.format ? "in format '" + c_.format_text + "' nor " : std::string()) +
                   "a date, time or timestamp (YYYY-MM-DD HH:MM:SS[.ffffff])");
    } else {
      return bad(what + ": expected a unix time (integer) or a date/time string, found " +
                 type_name(v));
    }
    if (!in_civil_range(*micros))
      return bad(what + ": " + v.dump() + " is out of range (years 0000 to 9999)");
    switch (c_.type) {
      case TimeType::string:
        v = c_.format->format(*micros);
        break;
      case TimeType::unix:
        if (c_.micros_per_unit == 0 && (*micros > INT64_MAX / 1000 || *micros < INT64_MIN / 1000))
          return bad(what + ": " + v.dump() + " does not fit in 64-bit nanoseconds");
        v = c_.micros_per_unit == 0 ? *micros * 1000 : *micros / c_.micros_per_unit;
        break;
      case TimeType::date:
        v = format_date(*micros);
        break;
      case TimeType::time:
        v = format_time(*micros);
        break;
      case TimeType::timestamp:
        v = format_timestamp(*micros);
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
                         "Java SimpleDateFormat pattern (subset, see README): the output of "
                         "target.type=string, and how input strings are read")
                  .with_default(""));
  s.push_back(
      OptionSpec("unix.precision", OptionType::string, "Unit of unix times, read and written")
          .with_default("milliseconds")
          .one_of({"seconds", "milliseconds", "microseconds", "nanoseconds"}));
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
