// Bearer tokens for a Docker distribution registry using token auth: signed
// so that distribution 2.8 (registry/auth/token) accepts them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state.hpp"

namespace sandbox {

// An RSA key with a self-signed certificate; the certificate is the
// registry's auth.token.rootcertbundle.
RegistrySigner make_registry_signer();

// libtrust's key ID: SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits,
// base32 in 12 colon-separated groups of 4 ("ABCD:EFGH:...").
std::string libtrust_key_id(EVP_PKEY *key);

// One entry of the token's "access" claim.
struct RegistryAccess {
  std::string type; // "repository"
  std::string name;
  std::vector<std::string> actions;
};

struct RegistryClaims {
  std::string subject;
  std::string audience; // the requested service
  std::vector<RegistryAccess> access;
  std::int64_t now = 0;
  std::int64_t ttl = 300;
};

// header {"alg":"RS256","typ":"JWT","kid","x5c":[cert]}: distribution tries
// x5c first (chain verified against the root bundle); kid matches the
// bundle's key ID as well.
std::string sign_registry_token(const RegistrySigner &signer,
                                const RegistryClaims &claims);

} // namespace sandbox
