// A value or the reason there is none: what the pure conversion functions of this plugin return.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace sluice::json_converter {

template <class T>
class Outcome {
 public:
  Outcome(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  static Outcome failure(std::string error) {
    Outcome o;
    o.error_ = std::move(error);
    return o;
  }

  bool ok() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  const std::string& error() const noexcept { return error_; }

 private:
  Outcome() = default;
  std::optional<T> value_;
  std::string error_;
};

}  // namespace sluice::json_converter
