// sluice SDK — a harness for plugin authors' tests: load a built .so the way the engine does,
// configure a plugin, feed it records and read what comes out.
//
//   sluice::testing::Harness h(PLUGIN_FILE);                   // path of the built .so
//   auto conv = h.converter("json", {{"schemas_enable", true}});
//   sluice::Value v = sluice::testing::convert(*conv, R"({"a":1})");
#pragma once

#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "sluice/loader.hpp"

namespace sluice::testing {

/// Host services that record what a plugin logged and counted.
class TestHost {
 public:
  TestHost() {
    table_.size = sizeof(sluice_host_services);
    table_.host = this;
    table_.log = [](void* h, int level, const char* plugin, const char* msg, std::size_t len) {
      auto* self = static_cast<TestHost*>(h);
      std::lock_guard lock(self->mu_);
      self->logs_.push_back({level, plugin ? plugin : "", std::string(msg, len)});
    };
    table_.counter_add = [](void* h, const char* plugin, const char* name, double d) {
      auto* self = static_cast<TestHost*>(h);
      std::lock_guard lock(self->mu_);
      self->metrics_[std::string(plugin) + "/" + name] += d;
    };
    table_.gauge_set = [](void* h, const char* plugin, const char* name, double v) {
      auto* self = static_cast<TestHost*>(h);
      std::lock_guard lock(self->mu_);
      self->metrics_[std::string(plugin) + "/" + name] = v;
    };
  }
  TestHost(const TestHost&) = delete;
  TestHost& operator=(const TestHost&) = delete;

  struct LogLine {
    int level;
    std::string plugin;
    std::string message;
  };
  const sluice_host_services* services() const noexcept { return &table_; }
  std::vector<LogLine> logs() const {
    std::lock_guard lock(mu_);
    return logs_;
  }
  /// Counter or gauge "plugin/name", 0 when never set.
  double metric(const std::string& plugin, const std::string& name) const {
    std::lock_guard lock(mu_);
    auto it = metrics_.find(plugin + "/" + name);
    return it == metrics_.end() ? 0 : it->second;
  }

 private:
  sluice_host_services table_{};
  mutable std::mutex mu_;
  std::vector<LogLine> logs_;
  std::map<std::string, double> metrics_;
};

/// Loads one plugin library and creates configured instances of its plugins. Options are checked
/// exactly as the engine checks a pipeline file; problems throw std::invalid_argument listing them.
class Harness {
 public:
  explicit Harness(const std::filesystem::path& library) : lib_(PluginLibrary::open(library)) {}

  const PluginLibrary& library() const noexcept { return *lib_; }
  TestHost& host() noexcept { return host_; }

  const PluginDescriptor& descriptor(PluginKind kind, std::string_view name) const {
    const PluginDescriptor* d = lib_->find(kind, name);
    if (!d)
      throw std::invalid_argument(lib_->path().string() + " has no " + plugin_kind_name(kind) +
                                  " named '" + std::string(name) + "'");
    return *d;
  }

  PluginInstance<Converter> converter(std::string_view name,
                                      const Value& options = Value::object()) {
    return make<Converter>(name, options);
  }
  PluginInstance<Transform> transform(std::string_view name,
                                      const Value& options = Value::object()) {
    return make<Transform>(name, options);
  }
  PluginInstance<Formatter> formatter(std::string_view name,
                                      const Value& options = Value::object()) {
    return make<Formatter>(name, options);
  }
  PluginInstance<Sink> sink(std::string_view name, const Value& options = Value::object()) {
    return make<Sink>(name, options);
  }

 private:
  template <class T>
  PluginInstance<T> make(std::string_view name, const Value& options) {
    const PluginDescriptor& d = descriptor(kind_of<T>::value, name);
    Value resolved;
    auto issues = check_options(d.options, options, resolved);
    if (!issues.empty()) {
      std::string all;
      for (const auto& i : issues) all += (all.empty() ? "" : "; ") + i.message;
      throw std::invalid_argument(all);
    }
    Options opts(std::move(resolved));
    return create_plugin<T>(lib_, d, opts, host_.services(), "test");
  }

  TestHost host_;
  std::shared_ptr<PluginLibrary> lib_;
};

/// A record as the engine would hand it to a transform or formatter.
inline Record make_record(Value value, std::string topic = "topic", std::int32_t partition = 0,
                          std::int64_t offset = 0) {
  Record r;
  r.topic = std::move(topic);
  r.partition = partition;
  r.offset = offset;
  r.value = std::move(value);
  return r;
}

/// Converts `bytes`, throwing std::runtime_error with the plugin's message on failure.
inline Value convert(Converter& c, std::string_view bytes, Value* schema = nullptr) {
  Value v, s;
  Status st = c.convert(bytes, ConvertContext{"topic", 0, 0, false}, v, s);
  if (!st) throw std::runtime_error(std::string(errc_name(st.code())) + ": " + st.message());
  if (schema) *schema = std::move(s);
  return v;
}

/// Applies a transform to one record, throwing std::runtime_error on failure.
inline std::vector<Record> apply(Transform& t, Record r) {
  std::vector<Record> out;
  Status st = t.apply(std::move(r), out);
  if (!st) throw std::runtime_error(std::string(errc_name(st.code())) + ": " + st.message());
  return out;
}

/// Formats records into one body for `table`, throwing std::runtime_error on the first refusal.
inline LoadBody format(Formatter& f, const std::vector<Record>& records,
                       std::string_view table = "t") {
  auto w = f.new_body(table);
  for (const auto& r : records) {
    Status st = w->append(r);
    if (!st) throw std::runtime_error(r.where() + ": " + st.message());
  }
  return w->finish();
}

}  // namespace sluice::testing
