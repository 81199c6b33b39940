// What a thread is doing inside plugin code, for the one line a fatal signal prints.
//
// A CrashScope lives on the stack around one call into a plugin. It records, in a thread_local
// pointer, the innermost scope of the thread: what is called (a CrashSite, formatted once per
// plugin instance) and the record in hand (topic, partition, offset, copied into the scope). All
// text is prepared before the call, so the signal handler only copies bytes (see
// crash_handler.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sluice::engine {

/// "transform 'mask' (/opt/sluice/plugins/libmask.so)": the stage and the plugin a call goes to.
/// Build one per plugin instance (it allocates) and keep it alive while scopes refer to it.
class CrashSite {
 public:
  CrashSite(std::string_view stage, std::string_view plugin, const std::filesystem::path& file);
  /// Free text, e.g. "engine shutdown"; no plugin named.
  explicit CrashSite(std::string text) : text_(std::move(text)) {}

  const std::string& text() const noexcept { return text_; }

 private:
  std::string text_;
};

/// Marks the calling thread as inside `site` until destroyed. Scopes nest (the innermost wins) and
/// must be destroyed in reverse order of creation on the thread that created them. Constructing
/// one neither allocates nor throws: it is meant for every call into a plugin, per record.
class CrashScope {
 public:
  /// Topics are at most 249 bytes in Kafka; a longer one is cut here.
  static constexpr std::size_t max_topic = 255;

  /// A call with no record in hand (a factory, a batch's finish(), a sink's load()).
  explicit CrashScope(const CrashSite& site) noexcept;
  /// A call for one record.
  CrashScope(const CrashSite& site, std::string_view topic, std::int32_t partition,
             std::int64_t offset) noexcept;
  ~CrashScope();
  CrashScope(const CrashScope&) = delete;
  CrashScope& operator=(const CrashScope&) = delete;

  /// The record in hand changes within the same call (e.g. a batch appended record by record).
  void set_record(std::string_view topic, std::int32_t partition, std::int64_t offset) noexcept;

  /// The innermost scope of the calling thread, or nullptr. Async-signal-safe.
  static const CrashScope* current() noexcept;

  std::string_view site() const noexcept { return {site_, site_len_}; }
  bool has_record() const noexcept { return has_record_; }
  std::string_view topic() const noexcept { return {topic_, topic_len_}; }
  std::int32_t partition() const noexcept { return partition_; }
  std::int64_t offset() const noexcept { return offset_; }

 private:
  const char* site_;
  std::size_t site_len_;
  bool has_record_ = false;
  std::int32_t partition_ = 0;
  std::int64_t offset_ = 0;
  std::size_t topic_len_ = 0;
  char topic_[max_topic];
  const CrashScope* outer_;
};

}  // namespace sluice::engine
