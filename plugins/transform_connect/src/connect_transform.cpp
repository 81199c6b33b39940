#include "connect_transform.hpp"

#include <exception>

namespace sluice_connect {

sluice::Status ConnectTransform::apply(sluice::Record&& record, std::vector<sluice::Record>& out) {
  if (!predicate_.selects(record)) {
    out.push_back(std::move(record));
    return sluice::Status::ok();
  }
  try {
    if (needs_value()) record.ensure_parsed();
    sluice::Status st = transform(record);
    if (!st) return st;
  } catch (const std::exception& e) {
    // Defensive: a value the engine validated always parses, and transforms check types first.
    return bad(e.what());
  }
  out.push_back(std::move(record));
  return sluice::Status::ok();
}

sluice::Status ConnectTransform::bad(std::string_view message) const {
  return sluice::Status::bad_record(name_ + ": " + std::string(message));
}

}  // namespace sluice_connect
