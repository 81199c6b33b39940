// The record pipeline of one worker: one Kafka message → converted key and value → transforms →
// the records to load, and the table each goes to. Synchronous, owned by the worker's polling
// thread; every plugin call goes through call_plugin().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <sluice/converter.hpp>
#include <sluice/loader.hpp>
#include <sluice/transform.hpp>

#include "run/plugin_call.hpp"
#include "run/source.hpp"

namespace sluice::engine {

struct Pipeline;
class HostServices;

/// A plugin instance and how errors name it.
template <class T>
struct PluginStage {
  PluginRef ref;
  PluginInstance<T> plugin;
};

/// Why a record cannot be loaded: the stage, the plugin and its words.
struct RecordFailure {
  ErrorStage stage = ErrorStage::value_converter;
  PluginRef plugin;
  Status status;
};

class RecordPipeline {
 public:
  struct Parts {
    PluginStage<Converter> key, value;
    std::vector<PluginStage<Transform>> transforms;
    std::map<std::string, std::string> topic_to_table;
    bool formatter_accepts_raw_json = false;
  };
  /// Retryable converter failures (a schema registry that is down) are waited out with backoff
  /// until `stopping` says the run is ending.
  struct Retry {
    std::chrono::milliseconds backoff{1000}, backoff_max{60000};
    std::function<bool()> stopping = [] { return false; };
  };
  /// What process() made of a message.
  struct Output {
    std::vector<Record> records;  // to append, in order
    std::size_t filtered = 0;     // dropped by a transform
    std::size_t tombstones = 0;   // null values no transform turned into a row
    void clear() {
      records.clear();
      filtered = tombstones = 0;
    }
  };
  enum class Result {
    ok,           // `out` holds the records (perhaps none)
    failed,       // `failure` says why; nothing in `out`
    interrupted,  // the run is stopping while a retryable failure was waited out
  };

  RecordPipeline(Parts parts, Retry retry);
  /// Creates the pipeline's converters and transforms. Throws std::exception with the plugin's
  /// message when a factory refuses.
  static Parts make_parts(const Pipeline& p, HostServices& host, bool formatter_accepts_raw_json);

  Result process(const SourceMessage& m, Output& out, RecordFailure& failure);

  /// The table of a record: the name a transform routed it to, else its topic, then mapped through
  /// topic_to_table (as the Java connector looks up a RegexRouter-renamed topic in its map).
  const std::string& route(const Record& r) const;

  /// JSON in, JSON out, and transforms (if any) that work on JSON text: the value is validated and
  /// handed on untouched, without a value tree.
  bool fast_path() const noexcept { return fast_path_; }
  /// The key is converted only when a transform may read it (nothing else does).
  bool converts_key() const noexcept { return !parts_.transforms.empty(); }

 private:
  Status convert(PluginStage<Converter>& conv, std::string_view bytes, const ConvertContext& cc,
                 Value& value, Value& schema, bool& interrupted);
  Result run_transforms(Record&& rec, Output& out, RecordFailure& failure);

  Parts parts_;
  Retry retry_;
  bool fast_path_ = false;
  std::vector<Record> current_, next_, step_out_;  // run_transforms() scratch, reused
};

}  // namespace sluice::engine
