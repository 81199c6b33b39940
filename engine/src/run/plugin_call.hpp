// The plugin boundary: every call into a plugin goes through call_plugin(), so that an exception
// becomes a Status naming the plugin instead of std::terminate, and a crash inside the call is
// reported with what was running (CrashScope, run/crash_report.hpp).
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <sluice/status.hpp>

#include "crash/crash_scope.hpp"

namespace sluice::engine {

/// Where a record failed, in Kafka Connect's words (errors.deadletterqueue.context.headers).
enum class ErrorStage { key_converter, value_converter, transformation, task_put, sink };

constexpr const char* error_stage_name(ErrorStage s) noexcept {
  switch (s) {
    case ErrorStage::key_converter:
      return "KEY_CONVERTER";
    case ErrorStage::value_converter:
      return "VALUE_CONVERTER";
    case ErrorStage::transformation:
      return "TRANSFORMATION";
    case ErrorStage::task_put:
      return "TASK_PUT";
    case ErrorStage::sink:
      return "SINK";
  }
  return "UNKNOWN";
}

/// A plugin as errors and crash reports name it.
struct PluginRef {
  PluginRef() = default;
  PluginRef(std::string name_, std::string file_, std::shared_ptr<const CrashSite> site_ = nullptr)
      : name(std::move(name_)), file(std::move(file_)), site(std::move(site_)) {}

  std::string name;  // e.g. "json"
  std::string file;  // the .so it came from; empty for one built into a test
  /// What a fatal signal inside a call to it prints ("transform 'x' (/p/libx.so)"); null: none.
  std::shared_ptr<const CrashSite> site;
};

/// A PluginRef whose calls a crash report names by `stage` ("value converter", "sink", ...).
inline PluginRef make_plugin_ref(std::string_view stage, std::string name, std::string file) {
  auto site = std::make_shared<const CrashSite>(stage, name, file);
  return {std::move(name), std::move(file), std::move(site)};
}

/// The record a plugin call works on, for crash reports.
struct RecordAt {
  std::string_view topic;
  std::int32_t partition = 0;
  std::int64_t offset = 0;
};

namespace detail {
template <class F>
Status contain(const PluginRef& plugin, Errc on_throw, F&& call) noexcept {
  try {
    return std::forward<F>(call)();
  } catch (const std::exception& e) {
    return {on_throw, "plugin '" + plugin.name + "' threw: " + e.what()};
  } catch (...) {
    return {on_throw,
            "plugin '" + plugin.name + "' threw an exception that is not a std::exception"};
  }
}
}  // namespace detail

/// Runs `call` (returning Status) inside a CrashScope of the plugin; an exception it lets out
/// becomes a Status of `on_throw` kind whose message names the plugin: "plugin 'x' threw: what".
template <class F>
Status call_plugin(const PluginRef& plugin, Errc on_throw, F&& call) noexcept {
  if (!plugin.site) return detail::contain(plugin, on_throw, std::forward<F>(call));
  CrashScope scope(*plugin.site);
  return detail::contain(plugin, on_throw, std::forward<F>(call));
}

/// The same, for a call on one record: a crash report names its topic, partition and offset.
template <class F>
Status call_plugin(const PluginRef& plugin, Errc on_throw, const RecordAt& at, F&& call) noexcept {
  if (!plugin.site) return detail::contain(plugin, on_throw, std::forward<F>(call));
  CrashScope scope(*plugin.site, at.topic, at.partition, at.offset);
  return detail::contain(plugin, on_throw, std::forward<F>(call));
}

}  // namespace sluice::engine
