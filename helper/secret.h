// A credential held in memory. It has no stream operator, and its fmt
// formatter prints only its fingerprint, so printing the value takes an
// explicit reveal(). The formatter also keeps the hashing off the hot path:
// log::debug formats nothing unless debug output is on.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

namespace depot {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  // "sha256:0123abcd" (first 8 hex digits of the SHA-256): safe to show.
  std::string fingerprint() const;

 private:
  std::string value_;
};

}  // namespace depot

template <>
struct fmt::formatter<depot::Secret> : fmt::formatter<std::string> {
  template <typename FormatContext>
  auto format(const depot::Secret& secret, FormatContext& ctx) const {
    return fmt::formatter<std::string>::format(secret.fingerprint(), ctx);
  }
};
