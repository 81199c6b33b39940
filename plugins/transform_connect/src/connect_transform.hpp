// Base of the family's transforms: the optional predicate decides whether a record is
// transformed (Kafka's `predicate`/`negate` on a transform), the value is parsed only then, and
// errors name the transform.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sluice/transform.hpp>

#include "predicate.hpp"

namespace sluice_connect {

class ConnectTransform : public sluice::Transform {
 public:
  ConnectTransform(std::string name, Predicate predicate)
      : name_(std::move(name)), predicate_(std::move(predicate)) {}

  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) final;

 protected:
  /// Changes a selected record in place (its value parsed). A non-ok status drops nothing: the
  /// engine handles the original record as bad.
  virtual sluice::Status transform(sluice::Record& record) = 0;
  /// False for transforms that never read the key/value, so the engine's unparsed fast path
  /// survives them.
  virtual bool needs_value() const noexcept { return true; }

  const std::string& name() const noexcept { return name_; }
  /// bad_record "<name>: <message>".
  sluice::Status bad(std::string_view message) const;

 private:
  std::string name_;
  Predicate predicate_;
};

}  // namespace sluice_connect
