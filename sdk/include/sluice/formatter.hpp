// sluice SDK — formatter plugins: records → the body of one Stream Load request.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sluice/record.hpp"
#include "sluice/status.hpp"

namespace sluice {

/// HTTP headers, in order. Names are Stream Load's (e.g. "format", "strip_outer_array").
using Headers = std::vector<std::pair<std::string, std::string>>;

/// A finished load body and the Stream Load headers it needs to be read correctly.
struct LoadBody {
  std::string data;
  Headers headers;
  std::size_t rows = 0;
};

/// Builds one body, record by record. The engine keeps one writer per table and batch, and calls
/// finish() when the batch flushes (size, interval, drain or shutdown).
class BodyWriter {
 public:
  virtual ~BodyWriter() = default;

  /// Appends one record as one row. A record the format cannot carry (e.g. a value that CSV cannot
  /// express): Status::bad_record with the reason, and the body is left exactly as it was.
  virtual Status append(const Record& record) = 0;

  /// Bytes the body holds now (what finish() would return, within a few bytes of framing).
  virtual std::size_t size_bytes() const noexcept = 0;

  /// Rows appended since the last finish().
  virtual std::size_t rows() const noexcept = 0;

  /// Returns the body and its headers, and resets the writer for the next batch.
  virtual LoadBody finish() = 0;

  /// A hint: this body will probably grow to about `bytes`. A writer that keeps the body in one
  /// buffer should allocate it now, once, rather than doubling it as rows arrive (each doubling
  /// copies the body and briefly holds it twice, which shows in the process's memory). The engine
  /// calls it when a batch has grown past 1 MiB, with the size at which it will flush.
  virtual void reserve(std::size_t /*bytes*/) {}
};

/// Creates body writers. One instance per pipeline; new_body() may be called from several threads.
class Formatter {
 public:
  virtual ~Formatter() = default;

  /// A new, empty body for `table`.
  virtual std::unique_ptr<BodyWriter> new_body(std::string_view table) = 0;

  /// True when the writers accept records whose value is only Record::raw_value (JSON text), so
  /// the engine may take the fast path (see Converter::can_pass_through()).
  virtual bool accepts_raw_json() const noexcept { return false; }
};

}  // namespace sluice
