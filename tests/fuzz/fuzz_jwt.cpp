// JWTs from CIs, DEPOT_TOKEN / DEPOT_OIDC_TOKEN, and pull tokens (decode only).
#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/jwt.h"
#include "helper/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  depot::looks_like_jwt(input);
  depot::decode_jwt_claims(input);
  depot::base64url_decode(input);
  return 0;
}
