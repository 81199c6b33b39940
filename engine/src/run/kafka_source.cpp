#include "run/kafka_source.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "log/logging.hpp"

namespace sluice::engine {

namespace {

struct PartitionList {
  rd_kafka_topic_partition_list_t* list;
  explicit PartitionList(int n) : list(rd_kafka_topic_partition_list_new(n)) {}
  ~PartitionList() { rd_kafka_topic_partition_list_destroy(list); }
  PartitionList(const PartitionList&) = delete;
  PartitionList& operator=(const PartitionList&) = delete;
};

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* l) {
  std::vector<TopicPartition> v;
  for (int i = 0; i < l->cnt; ++i) v.push_back({l->elems[i].topic, l->elems[i].partition});
  return v;
}

void set(rd_kafka_conf_t* conf, const std::string& k, const std::string& v) {
  char err[512];
  if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
    throw std::runtime_error("librdkafka property '" + k + "': " + err);
}

void log_cb(const rd_kafka_t*, int level, const char* fac, const char* buf) {
  auto lvl = level <= 3   ? spdlog::level::err
             : level == 4 ? spdlog::level::warn
             : level <= 6 ? spdlog::level::info
                          : spdlog::level::debug;
  spdlog::log(lvl, "librdkafka {}: {}", fac, buf);
}

}  // namespace

KafkaSource::KafkaSource(const Pipeline& p, int worker_index, AssignmentListener& listener)
    : listener_(listener) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  try {
    set(conf, "bootstrap.servers", p.source.bootstrap_servers);
    set(conf, "group.id", p.source.group_id);
    set(conf, "client.id", "sluice-" + p.name + "-" + std::to_string(worker_index));
    set(conf, "enable.auto.commit", "false");
    set(conf, "enable.auto.offset.store", "false");
    set(conf, "auto.offset.reset", p.source.start_offset);
    set(conf, "partition.assignment.strategy", "cooperative-sticky");
    set(conf, "enable.partition.eof", "true");
    // librdkafka prefetches up to 64 MiB per consumer by default. Size it from this worker's share
    // of buffer_max_bytes instead (an eighth, 1 to 16 MiB), so that the process stays near
    // buffer_max_bytes. wake_fetchers() keeps a small queue from stalling. Users may override it.
    const std::int64_t share = p.sink.buffer_max_bytes / std::max<std::int64_t>(1, p.workers);
    set(conf, "queued.max.messages.kbytes",
        std::to_string(std::clamp<std::int64_t>(share / 8 / 1024, 1024, 16384)));
    for (const auto& [k, v] : p.source.librdkafka) set(conf, k, v);
    char kbytes[32];
    std::size_t size = sizeof kbytes;
    if (rd_kafka_conf_get(conf, "queued.max.messages.kbytes", kbytes, &size) == RD_KAFKA_CONF_OK)
      queue_limit_bytes_ = std::strtoull(kbytes, nullptr, 10) * 1024;
  } catch (...) {
    rd_kafka_conf_destroy(conf);
    throw;
  }
  rd_kafka_conf_set_opaque(conf, this);
  rd_kafka_conf_set_rebalance_cb(conf, &KafkaSource::rebalance_cb);
  rd_kafka_conf_set_log_cb(conf, log_cb);
  char err[512];
  rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk_) {
    rd_kafka_conf_destroy(conf);
    throw std::runtime_error(std::string("cannot create Kafka consumer: ") + err);
  }
  rd_kafka_poll_set_consumer(rk_);
  queue_ = rd_kafka_queue_get_consumer(rk_);
  PartitionList topics(1);
  if (!p.source.topics_regex.empty()) {
    // Kafka Connect's topics.regex must match the whole name; librdkafka treats "^..." as a regex.
    std::string re = p.source.topics_regex;
    if (!re.empty() && re.front() == '^') re.erase(0, 1);
    if (!re.empty() && re.back() == '$') re.pop_back();
    rd_kafka_topic_partition_list_add(topics.list, ("^(" + re + ")$").c_str(),
                                      RD_KAFKA_PARTITION_UA);
  } else {
    for (const auto& t : p.source.topics)
      rd_kafka_topic_partition_list_add(topics.list, t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (auto e = rd_kafka_subscribe(rk_, topics.list); e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(rk_);
    throw std::runtime_error(std::string("cannot subscribe: ") + rd_kafka_err2str(e));
  }
}

KafkaSource::~KafkaSource() {
  close();
  if (leak_on_exit_) return;  // see close()
  if (queue_) rd_kafka_queue_destroy(queue_);
  rd_kafka_destroy(rk_);
}

void KafkaSource::close() {
  if (closed_) return;
  closed_ = true;
  rd_kafka_consumer_close(rk_);
  // librdkafka before 2.3 (Debian 12 ships 2.0.2) asserts in rd_kafka_destroy when the
  // cooperative-sticky assignor never received an assignment (librdkafka issue #4312, fixed by
  // PR #4381): a consumer stopped while it was still joining its group died of SIGABRT. Such a
  // consumer holds nothing to release but memory and threads, which the exiting process takes
  // with it: leave the handle alone.
  if (!assigned_once_ && rd_kafka_version() < 0x020300ff) {
    leak_on_exit_ = true;
    spdlog::debug(
        "consumer {} closed before its first assignment: handle left to the exit "
        "(librdkafka #4312)",
        rd_kafka_name(rk_));
  }
}

void KafkaSource::rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                               rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = static_cast<KafkaSource*>(opaque);
  const bool cooperative = std::string(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
  auto parts_v = to_vector(parts);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, parts)) {
        spdlog::error("incremental assign failed: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, parts);
    }
    self->leaders_stale_ = true;
    self->assigned_once_ = true;
    // Pausing follows the assignment: partitions assigned while paused start paused, or the
    // memory bound would break after a rebalance.
    if (self->paused_) self->set_paused(parts, true);
    if (!self->closed_) self->listener_.on_assigned(parts_v);
  } else {
    // Flush and commit what we hold for these partitions before letting them go.
    self->listener_.on_revoked(parts_v, rd_kafka_assignment_lost(rk));
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) {
        spdlog::error("incremental unassign failed: {}", rd_kafka_error_string(e));
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }
}

namespace {

void destroy_message(void* m) {
  rd_kafka_message_destroy(static_cast<rd_kafka_message_t*>(m));
}

void read_headers(const void* owner, std::vector<Header>& out) {
  auto* m = static_cast<rd_kafka_message_t*>(const_cast<void*>(owner));
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR || !hdrs) return;
  const char* name;
  const void* val;
  size_t size;
  for (size_t i = 0;
       rd_kafka_header_get_all(hdrs, i, &name, &val, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
    out.push_back(
        {name, val ? std::optional<std::string>(std::string(static_cast<const char*>(val), size))
                   : std::nullopt});
}

std::string_view view(const void* p, std::size_t n) {
  return {static_cast<const char*>(p), n};
}

}  // namespace

SourceEvent KafkaSource::poll(int timeout_ms) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 0);
  if (!m && timeout_ms > 0) {
    if (!paused_) wake_fetchers();
    m = rd_kafka_consumer_poll(rk_, timeout_ms);
  }
  SourceEvent ev;
  if (!m) return ev;
  if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    ev.kind = SourceEvent::Kind::partition_end;
    ev.tp = {rd_kafka_topic_name(m->rkt), m->partition};
    ev.offset = m->offset;
    rd_kafka_message_destroy(m);
    return ev;
  }
  if (m->err) {
    ev.kind = SourceEvent::Kind::error;
    ev.error = rd_kafka_message_errstr(m);
    if (m->err == RD_KAFKA_RESP_ERR__FATAL) {
      char reason[512] = "";
      rd_kafka_resp_err_t cause = rd_kafka_fatal_error(rk_, reason, sizeof reason);
      ev.kind = SourceEvent::Kind::fatal;
      ev.error = std::string(rd_kafka_err2name(cause)) + ": " + reason;
    }
    rd_kafka_message_destroy(m);
    return ev;
  }
  consumed_since_wake_ += m->len + m->key_len;
  ev.kind = SourceEvent::Kind::message;
  SourceMessage& out = ev.message;
  out.topic = rd_kafka_topic_name(m->rkt);
  out.partition = m->partition;
  out.offset = m->offset;
  rd_kafka_timestamp_type_t tstype;
  out.timestamp_ms = rd_kafka_message_timestamp(m, &tstype);
  if (m->key) out.key = view(m->key, m->key_len);
  if (m->payload) out.value = view(m->payload, m->len);
  out.header_reader = read_headers;
  out.owner = SourceMessage::Owner(m, destroy_message);
  return ev;
}

// librdkafka 2.0 stops fetching a partition while the local queue holds more than
// queued.max.messages.kbytes, and looks again only when that broker's thread next wakes up: up to
// a second later (librdkafka 2.1 added fetch.queue.backoff.ms for this). A consumer slower than
// its brokers then sits idle for most of every second with its queue empty. Any request to a
// broker wakes its thread, so when the queue runs dry while partitions are behind, one ListOffsets
// request to each of their leaders restarts their fetches at once.
void KafkaSource::wake_fetchers() {
  using namespace std::chrono;
  const auto now = steady_clock::now();
  if (now < next_wake_) return;
  // Only after a queue's worth was read since the last wake-up (the queue was full, so librdkafka
  // may be holding back), or half a second after it: a consumer merely waiting for a slow or
  // distant broker must not send it a request per empty poll.
  if (consumed_since_wake_ < queue_limit_bytes_ / 2 && now - last_wake_ < milliseconds(500)) return;
  next_wake_ = now + milliseconds(10);
  rd_kafka_topic_partition_list_t* a = nullptr;
  if (rd_kafka_assignment(rk_, &a) != RD_KAFKA_RESP_ERR_NO_ERROR || !a) return;
  std::unique_ptr<rd_kafka_topic_partition_list_t, void (*)(rd_kafka_topic_partition_list_t*)>
      owned(a, rd_kafka_topic_partition_list_destroy);
  if (a->cnt == 0 || rd_kafka_position(rk_, a) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  // The partition furthest behind, per leader broker, by the end offsets seen in fetch responses.
  std::map<std::int32_t, std::pair<std::int64_t, int>> behind;  // leader → (lag, index in a)
  if (now - leaders_learned_ > (leaders_stale_ ? seconds(1) : minutes(1))) learn_leaders();
  for (int i = 0; i < a->cnt; ++i) {
    const auto& e = a->elems[i];
    int64_t lo = -1, hi = -1;
    if (e.offset < 0 ||
        rd_kafka_get_watermark_offsets(rk_, e.topic, e.partition, &lo, &hi) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        hi <= e.offset)
      continue;
    auto leader = leaders_.find(TopicPartition{e.topic, e.partition});
    auto& slot = behind[leader == leaders_.end() ? -1 : leader->second];
    if (hi - e.offset > slot.first) slot = {hi - e.offset, i};
  }
  for (const auto& [leader, lag_index] : behind) {
    const auto& e = a->elems[lag_index.second];
    int64_t lo = -1, hi = -1;
    if (rd_kafka_query_watermark_offsets(rk_, e.topic, e.partition, &lo, &hi, 200) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      // A leader that moved or does not answer: learn the leaders again, and do not block the
      // poll loop on it more than once a second.
      leaders_stale_ = true;
      next_wake_ = now + seconds(1);
      break;
    }
  }
  if (!behind.empty()) {
    last_wake_ = now;
    consumed_since_wake_ = 0;
  }
}

void KafkaSource::learn_leaders() {
  leaders_learned_ = std::chrono::steady_clock::now();
  const rd_kafka_metadata_t* md = nullptr;
  // all_topics = 0: only the topics this consumer knows (subscribed, assigned).
  if (rd_kafka_metadata(rk_, 0, nullptr, &md, 1000) != RD_KAFKA_RESP_ERR_NO_ERROR || !md) return;
  leaders_stale_ = false;
  leaders_.clear();
  for (int t = 0; t < md->topic_cnt; ++t)
    for (int p = 0; p < md->topics[t].partition_cnt; ++p)
      leaders_[TopicPartition{md->topics[t].topic, md->topics[t].partitions[p].id}] =
          md->topics[t].partitions[p].leader;
  rd_kafka_metadata_destroy(md);
}

void KafkaSource::wake() noexcept {
  if (queue_) rd_kafka_queue_yield(queue_);
}

void KafkaSource::set_paused(const rd_kafka_topic_partition_list_t* parts, bool paused) {
  // librdkafka takes a non-const list but only reads it (and sets per-partition errors).
  auto* l = const_cast<rd_kafka_topic_partition_list_t*>(parts);
  if (paused)
    rd_kafka_pause_partitions(rk_, l);
  else
    rd_kafka_resume_partitions(rk_, l);
}

void KafkaSource::pause() {
  paused_ = true;
  rd_kafka_topic_partition_list_t* a = nullptr;
  if (rd_kafka_assignment(rk_, &a) == RD_KAFKA_RESP_ERR_NO_ERROR && a) {
    set_paused(a, true);
    rd_kafka_topic_partition_list_destroy(a);
  }
}

void KafkaSource::resume() {
  paused_ = false;
  rd_kafka_topic_partition_list_t* a = nullptr;
  if (rd_kafka_assignment(rk_, &a) == RD_KAFKA_RESP_ERR_NO_ERROR && a) {
    set_paused(a, false);
    rd_kafka_topic_partition_list_destroy(a);
  }
}

namespace {
// Throws what a failed commit means for the caller (see source.hpp).
void throw_commit_error(rd_kafka_resp_err_t e) {
  const std::string what = std::string("offset commit failed: ") + rd_kafka_err2str(e);
  switch (e) {
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
    case RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID:
    case RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID:
      throw CommitDuringRebalance(what);
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
      throw CommitOutcomeUnknown(what);
    default:
      throw std::runtime_error(what);
  }
}
}  // namespace

void KafkaSource::commit(const std::map<TopicPartition, std::int64_t>& offsets) {
  if (offsets.empty()) return;
  PartitionList l(static_cast<int>(offsets.size()));
  for (const auto& [tp, off] : offsets)
    rd_kafka_topic_partition_list_add(l.list, tp.topic.c_str(), tp.partition)->offset = off;
  auto e = rd_kafka_commit(rk_, l.list, 0);
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR || e == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
  throw_commit_error(e);
}

void KafkaSource::commit(const std::map<TopicPartition, CommitPoint>& points) {
  if (points.empty()) return;
  PartitionList l(static_cast<int>(points.size()));
  for (const auto& [tp, point] : points) {
    auto* p = rd_kafka_topic_partition_list_add(l.list, tp.topic.c_str(), tp.partition);
    p->offset = point.offset;
    // The list frees `metadata` (with free()) when destroyed: it gets its own copy.
    p->metadata = std::malloc(point.metadata.size() + 1);
    std::memcpy(p->metadata, point.metadata.c_str(), point.metadata.size() + 1);
    p->metadata_size = point.metadata.size();
  }
  auto e = rd_kafka_commit(rk_, l.list, 0);
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
    // A per-partition error (OFFSET_METADATA_TOO_LARGE, ...) fails the whole decision.
    for (int i = 0; i < l.list->cnt; ++i)
      if (l.list->elems[i].err) throw_commit_error(l.list->elems[i].err);
    return;
  }
  throw_commit_error(e);
}

std::map<TopicPartition, CommitPoint> KafkaSource::committed(
    const std::vector<TopicPartition>& parts, int timeout_ms) {
  std::map<TopicPartition, CommitPoint> out;
  if (parts.empty()) return out;
  PartitionList l(static_cast<int>(parts.size()));
  for (const auto& tp : parts)
    rd_kafka_topic_partition_list_add(l.list, tp.topic.c_str(), tp.partition);
  if (auto e = rd_kafka_committed(rk_, l.list, timeout_ms))
    throw std::runtime_error(std::string("cannot read the committed offsets: ") +
                             rd_kafka_err2str(e));
  for (int i = 0; i < l.list->cnt; ++i) {
    const auto& p = l.list->elems[i];
    if (p.err)
      throw std::runtime_error("cannot read the committed offset of " + std::string(p.topic) + "/" +
                               std::to_string(p.partition) + ": " + rd_kafka_err2str(p.err));
    CommitPoint point;
    point.offset = p.offset < 0 ? -1 : p.offset;
    if (p.metadata && p.metadata_size)
      point.metadata.assign(static_cast<const char*>(p.metadata), p.metadata_size);
    out.emplace(TopicPartition{p.topic, p.partition}, std::move(point));
  }
  return out;
}

void KafkaSource::seek(const std::map<TopicPartition, std::int64_t>& offsets) {
  if (offsets.empty()) return;
  PartitionList l(static_cast<int>(offsets.size()));
  for (const auto& [tp, off] : offsets)
    rd_kafka_topic_partition_list_add(l.list, tp.topic.c_str(), tp.partition)->offset = off;
  if (rd_kafka_error_t* e = rd_kafka_seek_partitions(rk_, l.list, 10000)) {
    std::string what = std::string("seek failed: ") + rd_kafka_error_string(e);
    rd_kafka_error_destroy(e);
    throw std::runtime_error(what);
  }
  for (int i = 0; i < l.list->cnt; ++i)
    if (l.list->elems[i].err)
      throw std::runtime_error("seek of " + std::string(l.list->elems[i].topic) + "/" +
                               std::to_string(l.list->elems[i].partition) +
                               " failed: " + rd_kafka_err2str(l.list->elems[i].err));
}

std::int64_t KafkaSource::end_offset(const TopicPartition& tp, int timeout_ms) {
  int64_t lo = -1, hi = -1;
  auto e =
      rd_kafka_query_watermark_offsets(rk_, tp.topic.c_str(), tp.partition, &lo, &hi, timeout_ms);
  return e == RD_KAFKA_RESP_ERR_NO_ERROR ? hi : -1;
}

std::int64_t KafkaSource::cached_end_offset(const TopicPartition& tp) {
  int64_t lo = -1, hi = -1;
  auto e = rd_kafka_get_watermark_offsets(rk_, tp.topic.c_str(), tp.partition, &lo, &hi);
  return e == RD_KAFKA_RESP_ERR_NO_ERROR ? hi : -1;
}

}  // namespace sluice::engine
