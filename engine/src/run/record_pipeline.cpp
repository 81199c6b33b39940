#include "run/record_pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>

#include "config/pipeline.hpp"
#include "log/logging.hpp"
#include "plugin_host/host_services.hpp"

namespace sluice::engine {

namespace {

template <class T>
PluginStage<T> make_stage(std::string_view stage, const PluginUse& use, HostServices& host,
                          const std::string& pipeline) {
  PluginStage<T> s;
  s.ref = make_plugin_ref(stage, use.name, use.library ? use.library->path().string() : "");
  CrashScope scope(*s.ref.site);  // a factory that crashes is named too
  s.plugin = create_plugin<T>(use.library, *use.descriptor, use.options, host.table(), pipeline);
  return s;
}

}  // namespace

RecordPipeline::Parts RecordPipeline::make_parts(const Pipeline& p, HostServices& host,
                                                 bool formatter_accepts_raw_json) {
  Parts parts;
  parts.key = make_stage<Converter>("key converter", p.source.key, host, p.name);
  parts.value = make_stage<Converter>("value converter", p.source.value, host, p.name);
  for (const auto& t : p.transforms)
    parts.transforms.push_back(make_stage<Transform>("transform", t, host, p.name));
  for (const auto& [topic, table] : p.sink.topic_to_table) parts.topic_to_table[topic] = table;
  parts.formatter_accepts_raw_json = formatter_accepts_raw_json;
  return parts;
}

RecordPipeline::RecordPipeline(Parts parts, Retry retry)
    : parts_(std::move(parts)), retry_(std::move(retry)) {
  const auto raw = [](const PluginStage<Transform>& t) noexcept {
    try {
      return t.plugin->accepts_raw_json();
    } catch (...) {
      return false;
    }
  };
  fast_path_ = parts_.value.plugin->can_pass_through() && parts_.formatter_accepts_raw_json &&
               std::all_of(parts_.transforms.begin(), parts_.transforms.end(), raw);
}

const std::string& RecordPipeline::route(const Record& r) const {
  const std::string& name = r.table.empty() ? r.topic : r.table;
  auto it = parts_.topic_to_table.find(name);
  return it == parts_.topic_to_table.end() ? name : it->second;
}

// One conversion; a retryable failure is retried with backoff until it passes or the run stops.
Status RecordPipeline::convert(PluginStage<Converter>& conv, std::string_view bytes,
                               const ConvertContext& cc, Value& value, Value& schema,
                               bool& interrupted) {
  auto once = [&] {
    return call_plugin(conv.ref, Errc::bad_record, {cc.topic, cc.partition, cc.offset},
                       [&] { return conv.plugin->convert(bytes, cc, value, schema); });
  };
  Status st = once();
  for (int attempt = 0; st.code() == Errc::retryable; ++attempt) {
    const auto delay = std::min<std::chrono::milliseconds>(
        retry_.backoff_max,
        std::chrono::milliseconds(retry_.backoff * (1LL << std::min(attempt, 20))));
    spdlog::warn("converter '{}' at topic {}, partition {}, offset {}: {}; retry {} in {} ms",
                 conv.ref.name, cc.topic, cc.partition, cc.offset, redact(st.message()),
                 attempt + 1, delay.count());
    // Backoff, checked against the stop flag a few times a second.
    const auto until = std::chrono::steady_clock::now() + delay;
    while (std::chrono::steady_clock::now() < until) {
      if (retry_.stopping()) {
        interrupted = true;
        return st;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    value = nullptr;
    schema = nullptr;
    st = once();
  }
  return st;
}

RecordPipeline::Result RecordPipeline::process(const SourceMessage& m, Output& out,
                                               RecordFailure& failure) {
  Record rec;
  rec.topic = std::string(m.topic);
  rec.partition = m.partition;
  rec.offset = m.offset;
  rec.timestamp_ms = m.timestamp_ms;
  const ConvertContext cc{rec.topic, rec.partition, rec.offset, false};
  bool interrupted = false;
  auto fail = [&](ErrorStage stage, const PluginRef& who, Status st) {
    failure = {stage, who, std::move(st)};
    return Result::failed;
  };
  if (converts_key()) {
    rec.headers = m.headers();
    if (m.key) {
      ConvertContext kc = cc;
      kc.is_key = true;
      Status st = convert(parts_.key, *m.key, kc, rec.key, rec.key_schema, interrupted);
      if (interrupted) return Result::interrupted;
      if (!st) return fail(ErrorStage::key_converter, parts_.key.ref, std::move(st));
    }
  }
  if (m.value) {
    Status st;
    if (fast_path_) {
      st = call_plugin(parts_.value.ref, Errc::bad_record, {cc.topic, cc.partition, cc.offset},
                       [&] { return parts_.value.plugin->validate(*m.value, cc); });
      if (st) rec.raw_value.emplace(*m.value);
    } else {
      st = convert(parts_.value, *m.value, cc, rec.value, rec.value_schema, interrupted);
      if (interrupted) return Result::interrupted;
    }
    if (!st) return fail(ErrorStage::value_converter, parts_.value.ref, std::move(st));
  }
  if (parts_.transforms.empty()) {
    if (rec.value.is_null() && !rec.raw_value)
      ++out.tombstones;
    else
      out.records.push_back(std::move(rec));
    return Result::ok;
  }
  return run_transforms(std::move(rec), out, failure);
}

RecordPipeline::Result RecordPipeline::run_transforms(Record&& rec, Output& out,
                                                      RecordFailure& failure) {
  current_.clear();
  current_.push_back(std::move(rec));
  for (auto& t : parts_.transforms) {
    next_.clear();
    for (auto& r : current_) {
      step_out_.clear();
      Status st = call_plugin(t.ref, Errc::bad_record, {r.topic, r.partition, r.offset},
                              [&] { return t.plugin->apply(std::move(r), step_out_); });
      if (!st) {
        failure = {ErrorStage::transformation, t.ref, std::move(st)};
        return Result::failed;
      }
      for (auto& o : step_out_) next_.push_back(std::move(o));
    }
    current_.swap(next_);
    if (current_.empty()) break;
  }
  if (current_.empty()) ++out.filtered;
  for (auto& r : current_) {
    if (r.value.is_null() && !r.raw_value)
      ++out.tombstones;  // a tombstone that no transform turned into a row: nothing to load
    else
      out.records.push_back(std::move(r));
  }
  return Result::ok;
}

}  // namespace sluice::engine
