// The plugin boundary: every call into a plugin goes through call_plugin(), so that an exception
// becomes a Status naming the plugin instead of std::terminate, and a crash inside the call is
// reported with what was running (CrashScope, run/crash_report.hpp).
#pragma once

#include <exception>
#include <string>
#include <utility>

#include <sluice/status.hpp>

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
  std::string name;  // e.g. "json"
  std::string file;  // the .so it came from; empty for one built into a test
};

/// Runs `call` (returning Status); an exception it lets out becomes a Status of `on_throw` kind
/// whose message names the plugin: "plugin 'x' threw: what".
template <class F>
Status call_plugin(const PluginRef& plugin, Errc on_throw, F&& call) noexcept {
  try {
    return std::forward<F>(call)();
  } catch (const std::exception& e) {
    return {on_throw, "plugin '" + plugin.name + "' threw: " + e.what()};
  } catch (...) {
    return {on_throw,
            "plugin '" + plugin.name + "' threw an exception that is not a std::exception"};
  }
}

}  // namespace sluice::engine
