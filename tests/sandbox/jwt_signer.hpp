// RS256 JWTs as a CI's OIDC issuer mints them, their JWKS, and verification
// as Depot performs it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "ossl.hpp"

namespace sandbox {

struct JwtKey {
  PKey key; // RSA 2048
  std::string kid;
};

JwtKey make_jwt_key();

// Signs payload_json (a JSON object) with header {"alg":"RS256","typ":"JWT","kid"}.
std::string sign_jwt(const JwtKey &key, const std::string &payload_json);

// RS256 over base64url(header_json).base64url(payload_json), any header.
std::string sign_jws(EVP_PKEY *key, const std::string &header_json,
                     const std::string &payload_json);

// The payload of a three-segment token, decoded but NOT verified: only for
// choosing which issuer's key to verify with.
std::optional<std::string> unverified_payload(const std::string &token);

// {"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid","n","e"}]}
std::string jwks_json(const JwtKey &key);

struct JwtExpect {
  std::string issuer;
  std::string audience;
  std::int64_t now = 0;
  std::int64_t leeway = 60; // seconds allowed for nbf clock skew
};

struct JwtResult {
  bool ok = false;
  std::string error; // why it was refused; never contains the token
  std::map<std::string, std::string> claims; // string-valued claims only
};

// Checks shape, alg, kid, the RS256 signature, iss, aud (string or array),
// exp > now and nbf <= now + leeway.
JwtResult verify_jwt(const JwtKey &key, const std::string &token,
                     const JwtExpect &expect);

} // namespace sandbox
