// StarRocks as the exactly-once protocol sees it (labels, their transactions, the rows that
// became visible), and one process's handle on it. A handle marked dead answers nothing and
// changes nothing, as the requests of a crashed process never arrive.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <sluice/sink.hpp>

namespace fakes {

using namespace sluice;

struct TxnStore {
  struct Txn {
    std::string table;
    TxnState state = TxnState::open;
    std::string rows;
  };
  mutable std::mutex mu;
  std::map<std::string, Txn> txns;             // by label
  std::map<std::string, std::string> visible;  // table → rows of committed transactions

  /// How many times each offset is visible in `table` ("<offset>:..." lines).
  std::map<std::int64_t, int> visible_offsets(const std::string& table) const {
    std::lock_guard lock(mu);
    std::map<std::int64_t, int> out;
    auto it = visible.find(table);
    if (it == visible.end()) return out;
    std::size_t pos = 0;
    const std::string& rows = it->second;
    while (pos < rows.size()) {
      std::size_t nl = rows.find('\n', pos);
      out[std::stoll(rows.substr(pos, rows.find(':', pos) - pos))]++;
      pos = nl + 1;
    }
    return out;
  }
  int count(TxnState s) const {
    std::lock_guard lock(mu);
    int n = 0;
    for (const auto& [label, t] : txns) n += t.state == s;
    return n;
  }
};

class TxnSink final : public Sink, public TransactionalSink {
 public:
  explicit TxnSink(std::shared_ptr<TxnStore> store) : store_(std::move(store)) {}

  std::atomic<bool> dead{false};
  /// Runs before each call ("begin", "load", "prepare", "commit", "rollback", "state") and after
  /// it took effect ("after commit", ...). May block, or set `dead`.
  std::function<void(const std::string& step, const std::string& label)> hook;
  /// Answers instead of the store when it returns a status other than ok (a fault).
  std::function<Status(const std::string& step, const std::string& label)> fault;

  LoadResult load(const LoadRequest&) override {
    LoadResult r;
    r.status = Status::permanent("this sink loads only in transactions");
    return r;
  }
  TransactionalSink* transactions() noexcept override { return this; }
  Status check() override { return {}; }

  TxnResult begin(std::string_view table, std::string_view label) override {
    return step("begin", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      if (it != s.txns.end() && it->second.state != TxnState::aborted)
        return fail(r, "LABEL_ALREADY_EXISTS");
      s.txns[std::string(label)] = {std::string(table), TxnState::open, ""};
    });
  }
  TxnResult load(std::string_view, std::string_view label, const LoadBody& chunk) override {
    return step("load", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      if (it == s.txns.end() || it->second.state != TxnState::open)
        return fail(r, "TXN_NOT_EXISTS");
      it->second.rows += chunk.data;
      r.loaded_rows = static_cast<std::int64_t>(chunk.rows);
    });
  }
  TxnResult prepare(std::string_view, std::string_view label) override {
    return step("prepare", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      if (it == s.txns.end()) return fail(r, "TXN_NOT_EXISTS");
      if (it->second.state == TxnState::open) it->second.state = TxnState::prepared;
      if (it->second.state != TxnState::prepared) return fail(r, "not open");
    });
  }
  TxnResult commit(std::string_view, std::string_view label) override {
    return step("commit", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      if (it == s.txns.end()) return fail(r, "TXN_NOT_EXISTS");
      if (it->second.state == TxnState::prepared) {
        it->second.state = TxnState::committed;
        s.visible[it->second.table] += it->second.rows;
      }
      if (it->second.state != TxnState::committed) return fail(r, "transaction is aborted");
    });
  }
  TxnResult rollback(std::string_view, std::string_view label) override {
    return step("rollback", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      if (it == s.txns.end()) return;
      if (it->second.state == TxnState::committed) return fail(r, "transaction is committed");
      it->second.state = TxnState::aborted;
    });
  }
  TxnResult state(std::string_view, std::string_view label) override {
    return step("state", label, [&](TxnStore& s, TxnResult& r) {
      auto it = s.txns.find(std::string(label));
      r.state = it == s.txns.end() ? TxnState::unknown : it->second.state;
    });
  }

 private:
  static void fail(TxnResult& r, const std::string& why) { r.status = Status::permanent(why); }
  template <class F>
  TxnResult step(const std::string& name, std::string_view label, F&& apply) {
    const std::string l(label);
    if (hook) hook(name, l);
    TxnResult r;
    if (dead) {
      r.status = Status::retryable("the process is gone");
      r.outcome_unknown = true;
      return r;
    }
    if (fault) {
      if (Status st = fault(name, l); !st) {
        r.status = st;
        return r;
      }
    }
    {
      std::lock_guard lock(store_->mu);
      apply(*store_, r);
    }
    if (hook) hook("after " + name, l);
    return r;
  }
  std::shared_ptr<TxnStore> store_;
};

}  // namespace fakes
