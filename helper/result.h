// Errors as values: every fallible step returns Result<T>, an Error carrying
// what failed, why, and what the user can do about it. No exception crosses a
// module boundary.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace depot {

struct Error {
  std::string what;  // the step that failed, e.g. "GitHub Actions: requesting the OIDC token"
  std::string why;   // the cause, e.g. "HTTP 401"
  std::string fix;   // what to do; may be empty
  bool retryable = false;

  // One line for the user: "<what>: <why> (<fix>)".
  std::string message() const;
};

template <typename T>
class Result {
 public:
  Result(T value) : data_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(data_); }
  const T& value() const { return std::get<T>(data_); }
  const Error& error() const { return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

}  // namespace depot
