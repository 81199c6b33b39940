// One message through converters and transforms: failures name their stage and plugin, a plugin
// that throws is contained, a retryable failure waits and stops cleanly.
#include <doctest/doctest.h>

#include <atomic>

#include "fakes.hpp"
#include "run/record_pipeline.hpp"

using namespace sluice::engine;
using namespace std::chrono_literals;

namespace {

/// A transform that throws, drops, or routes, by the record's offset.
class ScriptedTransform final : public sluice::Transform {
 public:
  std::set<std::int64_t> throw_at, drop, fail;
  bool reads_key = false;
  sluice::Status apply(sluice::Record&& r, std::vector<sluice::Record>& out) override {
    if (throw_at.count(r.offset)) throw std::runtime_error("transform blew up");
    if (fail.count(r.offset)) return {sluice::Errc::bad_record, "field missing"};
    if (drop.count(r.offset)) return {};
    if (reads_key && !r.key.is_null()) r.table = "by_key_" + r.key["v"].get<std::string>();
    out.push_back(std::move(r));
    return {};
  }
};

struct Built {
  fakes::TextConverter* key;
  fakes::TextConverter* value;
  ScriptedTransform* transform = nullptr;
  std::unique_ptr<RecordPipeline> pipeline;
};

Built build(bool with_transform, RecordPipeline::Retry retry = {}) {
  Built b;
  RecordPipeline::Parts parts;
  auto k = std::make_unique<fakes::TextConverter>();
  auto v = std::make_unique<fakes::TextConverter>();
  b.key = k.get();
  b.value = v.get();
  parts.key = {{"text-key", "/p/libtext.so"},
               sluice::PluginInstance<sluice::Converter>(nullptr, std::move(k))};
  parts.value = {{"text", "/p/libtext.so"},
                 sluice::PluginInstance<sluice::Converter>(nullptr, std::move(v))};
  if (with_transform) {
    auto t = std::make_unique<ScriptedTransform>();
    t->reads_key = true;
    b.transform = t.get();
    parts.transforms.push_back({{"scripted", "/p/libscripted.so"},
                                sluice::PluginInstance<sluice::Transform>(nullptr, std::move(t))});
  }
  parts.topic_to_table = {{"orders", "orders_table"}};
  b.pipeline = std::make_unique<RecordPipeline>(std::move(parts), std::move(retry));
  return b;
}

struct Msg {
  fakes::Message m;
  SourceMessage sm;
  Msg(std::int64_t offset, std::optional<std::string> value, std::optional<std::string> key = "k") {
    m = {"orders", 2, offset, std::move(key), std::move(value)};
    sm.topic = m.topic;
    sm.partition = m.partition;
    sm.offset = m.offset;
    if (m.key) sm.key = *m.key;
    if (m.value) sm.value = *m.value;
    sm.owner = SourceMessage::Owner(&m, [](void*) {});
  }
};

}  // namespace

TEST_CASE("a message becomes a record routed by topic_to_table") {
  auto b = build(false);
  Msg msg(5, "hello");
  RecordPipeline::Output out;
  RecordFailure f;
  REQUIRE(b.pipeline->process(msg.sm, out, f) == RecordPipeline::Result::ok);
  REQUIRE(out.records.size() == 1);
  CHECK(out.records[0].value["v"] == "hello");
  CHECK(out.records[0].offset == 5);
  CHECK(b.pipeline->route(out.records[0]) == "orders_table");
}

TEST_CASE("a tombstone without transforms is counted, not loaded") {
  auto b = build(false);
  Msg msg(1, std::nullopt);
  RecordPipeline::Output out;
  RecordFailure f;
  REQUIRE(b.pipeline->process(msg.sm, out, f) == RecordPipeline::Result::ok);
  CHECK(out.records.empty());
  CHECK(out.tombstones == 1);
}

TEST_CASE("a converter that throws is a record failure naming the stage and plugin") {
  auto b = build(false);
  b.value->throw_at = {7};
  Msg msg(7, "x");
  RecordPipeline::Output out;
  RecordFailure f;
  REQUIRE(b.pipeline->process(msg.sm, out, f) == RecordPipeline::Result::failed);
  CHECK(f.stage == ErrorStage::value_converter);
  CHECK(f.plugin.name == "text");
  CHECK(f.plugin.file == "/p/libtext.so");
  CHECK(f.status.message() == "plugin 'text' threw: converter blew up");
}

TEST_CASE("a transform that throws is a TRANSFORMATION failure, a refusal too") {
  auto b = build(true);
  b.transform->throw_at = {3};
  b.transform->fail = {4};
  RecordPipeline::Output out;
  RecordFailure f;
  Msg m3(3, "x"), m4(4, "y");
  REQUIRE(b.pipeline->process(m3.sm, out, f) == RecordPipeline::Result::failed);
  CHECK(f.stage == ErrorStage::transformation);
  CHECK(f.plugin.name == "scripted");
  CHECK(f.status.message().find("transform blew up") != std::string::npos);
  out.clear();
  REQUIRE(b.pipeline->process(m4.sm, out, f) == RecordPipeline::Result::failed);
  CHECK(f.status.message() == "field missing");
}

TEST_CASE("keys are converted when a transform may read them, and their errors surface") {
  auto b = build(true);
  Msg good(1, "v", "eu");
  RecordPipeline::Output out;
  RecordFailure f;
  REQUIRE(b.pipeline->process(good.sm, out, f) == RecordPipeline::Result::ok);
  REQUIRE(out.records.size() == 1);
  CHECK(b.pipeline->route(out.records[0]) == "by_key_eu");
  b.key->bad = {2};
  Msg bad(2, "v");
  out.clear();
  REQUIRE(b.pipeline->process(bad.sm, out, f) == RecordPipeline::Result::failed);
  CHECK(f.stage == ErrorStage::key_converter);
  CHECK(f.plugin.name == "text-key");
}

TEST_CASE("without transforms nothing reads the key, so it is not converted") {
  auto b = build(false);
  CHECK_FALSE(b.pipeline->converts_key());
  b.key->bad = {2};
  Msg m(2, "v");
  RecordPipeline::Output out;
  RecordFailure f;
  CHECK(b.pipeline->process(m.sm, out, f) == RecordPipeline::Result::ok);
}

TEST_CASE("a dropping transform counts the record as filtered") {
  auto b = build(true);
  b.transform->drop = {9};
  Msg m(9, "x");
  RecordPipeline::Output out;
  RecordFailure f;
  REQUIRE(b.pipeline->process(m.sm, out, f) == RecordPipeline::Result::ok);
  CHECK(out.records.empty());
  CHECK(out.filtered == 1);
}

TEST_CASE("a retryable converter failure is retried until it passes") {
  RecordPipeline::Retry retry;
  retry.backoff = 1ms;
  retry.backoff_max = 2ms;
  auto b = build(false, retry);
  b.value->retryable = {4};
  b.value->retryable_times = 3;  // the registry comes back after three attempts
  Msg m(4, "x");
  RecordPipeline::Output out;
  RecordFailure f;
  const auto r = b.pipeline->process(m.sm, out, f);
  CHECK(r == RecordPipeline::Result::ok);
  CHECK(b.value->retryable_calls == 3);
  CHECK(out.records.size() == 1);
}

TEST_CASE("stopping while a retryable failure is waited out interrupts, it is not a bad record") {
  std::atomic<bool> stop{false};
  RecordPipeline::Retry retry;
  retry.backoff = 1ms;
  retry.backoff_max = 2ms;
  retry.stopping = [&] { return stop.load(); };
  auto b = build(false, retry);
  b.value->retryable = {4};
  std::thread stopper([&] {
    while (b.value->retryable_calls < 2) std::this_thread::yield();
    stop = true;
  });
  Msg m(4, "x");
  RecordPipeline::Output out;
  RecordFailure f;
  CHECK(b.pipeline->process(m.sm, out, f) == RecordPipeline::Result::interrupted);
  stopper.join();
  CHECK(out.records.empty());
}
