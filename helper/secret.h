// A credential held in memory. It has no formatter and no stream operator, so
// printing one takes an explicit reveal(); logs use fingerprint() instead.
#pragma once

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
