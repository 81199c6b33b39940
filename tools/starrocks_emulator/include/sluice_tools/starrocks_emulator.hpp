// StarRocks Stream Load emulator: an FE port and a BE port on loopback that behave like
// StarRocks on the wire (redirect, auth, labels, statuses, response bodies, JSON/CSV parsing,
// typed columns, Primary Key upsert/delete), with a table store to read back and fault injection.
// Wire reference: shared/STREAM_LOAD.md. All methods are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice_tools {

enum class ColumnType {
  kInt,
  kBigint,
  kDouble,
  kDecimal,
  kVarchar,
  kDate,
  kDatetime,
  kJson,
  kBoolean
};

struct ColumnSpec {
  std::string name;
  ColumnType type = ColumnType::kVarchar;
  bool not_null = false;
};

enum class KeyModel { kDuplicate, kPrimary };

struct TableSpec {
  std::string database;
  std::string table;
  std::vector<ColumnSpec> columns;
  KeyModel model = KeyModel::kDuplicate;
  std::vector<std::string> key_columns;  // primary tables; key columns are always NOT NULL
};

// Tables file (JSON), see README.md. Throws std::runtime_error naming the problem.
std::vector<TableSpec> parse_tables_json(std::string_view text);
std::vector<TableSpec> load_tables_file(const std::string& path);
std::string_view column_type_name(ColumnType type);

enum class FaultKind {
  kFailRetryable,    // Status Fail, `current running txns on db D is 100, larger than limit 100`
  kFailPermanent,    // Status Fail, message (default `Access denied for user ...`)
  kHttp500,          // HTTP 500 before the body is read
  kDropMidBody,      // 100 Continue, read half the body, close without an answer
  kSlow,             // sleep delay_ms, then answer normally
  kPublishTimeout,   // data applied, Status `Publish Timeout`
  kLabelRunning,     // Label Already Exists / RUNNING; applied after `running_polls` state polls
  kFeDown,           // FE closes connections without an answer
  kDropReply,        // the server acts (loads, begins, commits, ...), then closes without an answer
  kTxnInProcessing,  // transaction steps: TXN_IN_PROCESSING, nothing done
};

// Transaction-interface steps a fault can be aimed at (FaultSpec::step).
inline constexpr const char* kTxnSteps[] = {"begin", "load", "prepare", "commit", "rollback"};

struct FaultSpec {
  FaultKind kind = FaultKind::kFailRetryable;
  std::string database;   // empty: any
  std::string table;      // empty: any
  int count = 1;          // loads (or FE connections) it applies to; <= 0: until cleared
  std::string message;    // kFailRetryable / kFailPermanent: overrides the default text
  int delay_ms = 0;       // kSlow
  int running_polls = 2;  // kLabelRunning: get_load_state polls answered PREPARE/COMMITTED;
                          // kPublishTimeout at commit: polls answered COMMITTED before VISIBLE
  // Empty: the fault hits Stream Loads. "begin", "load", "prepare", "commit" or "rollback": it hits
  // that transaction-interface step only (kFeDown ignores it: it hits every FE connection).
  std::string step;
};

// {"kind":"fail_retryable","db":"d","table":"t","count":1,"message":"...","delay_ms":0,
//  "running_polls":2,"step":"commit"}. Throws std::runtime_error on an unknown kind.
FaultSpec fault_from_json(const nlohmann::json& spec);
std::string_view fault_kind_name(FaultKind kind);

struct EmulatorOptions {
  std::string host = "127.0.0.1";  // bind address (IPv4)
  std::uint16_t fe_port = 0;       // 0: chosen by the OS
  std::uint16_t be_port = 0;
  std::map<std::string, std::string> users = {{"root", ""}};  // user -> password
  std::vector<TableSpec> tables;
  bool blackhole = false;  // accept any db/table, parse nothing, count rows and bytes
  // false: behave like StarRocks before 2.4, which has no /api/transaction/* (HTTP 404).
  bool transaction_interface = true;
  // The FE answers transaction begin and load with a 307 to the BE, as StarRocks does; false:
  // the FE handles them itself.
  bool redirect_transactions = true;
  // FE `stream_load_default_timeout_second`: PREPARE -> PREPARED, when begin has no `timeout`.
  std::chrono::seconds default_txn_timeout{600};
  // FE `prepared_transaction_default_timeout_second`: PREPARED -> COMMITTED, when prepare has no
  // `prepared_timeout`.
  std::chrono::seconds prepared_txn_timeout{86400};
  // FE `label_keep_max_second`: a label whose load or transaction finished (VISIBLE or ABORTED)
  // this long ago is forgotten: its state is UNKNOWN and it can be used again.
  std::chrono::seconds label_keep_max{3 * 24 * 3600};
};

struct LoadRecord {
  std::string label;
  std::string database;
  std::string table;
  std::int64_t txn_id = -1;
  std::string status;  // Status of the answer, or "HTTP 500" / "DROPPED" for faults
  std::string message;
  std::int64_t total_rows = 0;
  std::int64_t loaded_rows = 0;
  std::int64_t filtered_rows = 0;
  std::int64_t load_bytes = 0;
  std::map<std::string, std::string> headers;  // request headers, Authorization removed
  nlohmann::json response;                     // the full JSON answer (null if none)
};

struct EmulatorCounters {
  std::uint64_t fe_requests = 0;
  std::uint64_t fe_redirects = 0;
  std::uint64_t be_requests = 0;
  std::uint64_t loads_succeeded = 0;  // Success and Publish Timeout
  std::uint64_t loads_failed = 0;     // Fail, HTTP 500, dropped
  std::uint64_t rows_loaded = 0;
  std::uint64_t rows_filtered = 0;
  std::uint64_t bytes_loaded = 0;  // body bytes of successful loads (after decompression)
  std::uint64_t faults_fired = 0;
};

class StarRocksEmulator {
 public:
  explicit StarRocksEmulator(EmulatorOptions options = {});
  ~StarRocksEmulator();  // stops
  StarRocksEmulator(const StarRocksEmulator&) = delete;
  StarRocksEmulator& operator=(const StarRocksEmulator&) = delete;

  void start();  // throws std::runtime_error if a port cannot be bound
  void stop();
  // The FE alone goes away (its port refuses connections, open ones are closed) and comes back
  // on the same port; the BE, the tables and the load history stay. For outage tests.
  void stop_fe();
  void start_fe();  // throws std::runtime_error if the port was taken meanwhile

  std::uint16_t fe_port() const;
  std::uint16_t be_port() const;
  std::string fe_url() const;  // http://host:port
  std::string be_url() const;

  void add_table(TableSpec table);  // replaces a table of the same name (and its rows)
  // Rows as JSON objects: sorted by key for primary tables, in load order for duplicate tables.
  // Throws std::runtime_error for an unknown table.
  nlohmann::json table_rows(std::string_view database, std::string_view table) const;
  std::vector<LoadRecord> loads() const;
  nlohmann::json loads_json() const;
  EmulatorCounters counters() const;
  // {"tables":{"db.tbl":[rows]},"loads":[...],"counters":{...}}
  nlohmann::json dump() const;

  void inject_fault(FaultSpec fault);
  void clear_faults();
  std::size_t pending_faults() const;

  // Moves the emulator's clock (transaction timeouts, idle and prepared timeouts) forward, so tests
  // can expire a transaction without waiting. Expiry is checked whenever a request or a read
  // (table_rows, dump, label_state) looks at the transactions.
  void advance_clock(std::chrono::milliseconds by);
  // The state get_load_state would report ("PREPARE", ..., "VISIBLE", "ABORTED", "UNKNOWN"),
  // without advancing a fault's poll count.
  std::string label_state(std::string_view database, std::string_view label) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

nlohmann::json to_json(const LoadRecord& record);
nlohmann::json to_json(const EmulatorCounters& counters);

}  // namespace sluice_tools
