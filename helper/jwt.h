// Decode-only JWT claims. The helper never trusts them for authorization (Depot
// verifies the signature); it reads them to name the issuer in messages and to
// know when a token expires.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace depot {

struct JwtClaims {
  std::string iss;
  std::string sub;
  std::string aud;  // the first audience when `aud` is an array
  std::optional<int64_t> exp;
};

// Three base64url segments, the first of which decodes to a JSON object with "alg".
bool looks_like_jwt(std::string_view token);
std::optional<JwtClaims> decode_jwt_claims(std::string_view token);

}  // namespace depot
