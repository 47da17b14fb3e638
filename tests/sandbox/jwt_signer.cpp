#include "jwt_signer.hpp"

#include <vector>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/rsa.h>
#include <rapidjson/document.h>

#include "util.hpp"

namespace sandbox {

namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string bn_param_b64url(EVP_PKEY *key, const char *name) {
  BIGNUM *bn = nullptr;
  if (!EVP_PKEY_get_bn_param(key, name, &bn)) throw_openssl("RSA parameter");
  std::string raw(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char *>(raw.data()));
  BN_free(bn);
  return base64url_encode(raw);
}

JwtResult fail(std::string why) {
  JwtResult r;
  r.error = std::move(why);
  return r;
}

bool audience_matches(const rapidjson::Value &aud, const std::string &want) {
  if (aud.IsString()) return want == aud.GetString();
  if (aud.IsArray())
    for (const auto &a : aud.GetArray())
      if (a.IsString() && want == a.GetString()) return true;
  return false;
}

bool signature_ok(EVP_PKEY *key, const std::string &signed_part,
                  const std::string &sig) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1)
    return false;
  return EVP_DigestVerify(
             ctx.get(), reinterpret_cast<const unsigned char *>(sig.data()),
             sig.size(),
             reinterpret_cast<const unsigned char *>(signed_part.data()),
             signed_part.size()) == 1;
}

} // namespace

JwtKey make_jwt_key() {
  JwtKey k;
  k.key.reset(EVP_RSA_gen(2048));
  if (!k.key) throw_openssl("RSA key generation");
  k.kid = random_hex(8);
  return k;
}

std::string sign_jwt(const JwtKey &key, const std::string &payload_json) {
  return sign_jws(key.key.get(),
                  "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" +
                      json_quote(key.kid) + "}",
                  payload_json);
}

std::optional<std::string> unverified_payload(const std::string &token) {
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos) return std::nullopt;
  return base64url_decode(
      std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
}

std::string sign_jws(EVP_PKEY *key, const std::string &header,
                     const std::string &payload_json) {
  std::string signed_part =
      base64url_encode(header) + "." + base64url_encode(payload_json);
  MdCtx ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len,
                     reinterpret_cast<const unsigned char *>(signed_part.data()),
                     signed_part.size()) != 1)
    throw_openssl("RS256 signing");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()),
                     &len,
                     reinterpret_cast<const unsigned char *>(signed_part.data()),
                     signed_part.size()) != 1)
    throw_openssl("RS256 signing");
  sig.resize(len);
  return signed_part + "." + base64url_encode(sig);
}

std::string jwks_json(const JwtKey &key) {
  return "{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":" +
         json_quote(key.kid) + ",\"n\":\"" +
         bn_param_b64url(key.key.get(), OSSL_PKEY_PARAM_RSA_N) +
         "\",\"e\":\"" +
         bn_param_b64url(key.key.get(), OSSL_PKEY_PARAM_RSA_E) + "\"}]}";
}

JwtResult verify_jwt(const JwtKey &key, const std::string &token,
                     const JwtExpect &expect) {
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos)
    return fail("not a JWT (needs three segments)");
  auto header = base64url_decode(std::string_view(token).substr(0, dot1));
  auto payload =
      base64url_decode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = base64url_decode(std::string_view(token).substr(dot2 + 1));
  if (!header || !payload || !sig) return fail("JWT segment is not base64url");

  rapidjson::Document h;
  h.Parse(header->c_str(), header->size());
  if (h.HasParseError() || !h.IsObject()) return fail("JWT header is not JSON");
  if (json_string(h, "alg") != std::optional<std::string>("RS256"))
    return fail("JWT alg is not RS256");
  if (auto kid = json_string(h, "kid"); kid && *kid != key.kid)
    return fail("JWT kid is unknown");
  if (!signature_ok(key.key.get(), token.substr(0, dot2), *sig))
    return fail("JWT signature does not verify");

  rapidjson::Document doc;
  doc.Parse(payload->c_str(), payload->size());
  if (doc.HasParseError() || !doc.IsObject())
    return fail("JWT payload is not JSON");
  // Read through a const view: rapidjson 1.1's mutable member iterators
  // trip clang's C++20 -Wambiguous-reversed-operator.
  const rapidjson::Value &c = doc;
  if (json_string(c, "iss") != std::optional<std::string>(expect.issuer))
    return fail("JWT iss is not " + expect.issuer);
  auto aud = c.FindMember("aud");
  if (aud == c.MemberEnd() || !audience_matches(aud->value, expect.audience))
    return fail("JWT aud does not contain " + expect.audience);
  auto exp = json_int(c, "exp");
  if (!exp) return fail("JWT has no numeric exp");
  if (*exp <= expect.now) return fail("JWT has expired");
  if (auto nbf = json_int(c, "nbf"); nbf && *nbf > expect.now + expect.leeway)
    return fail("JWT is not valid yet (nbf)");

  JwtResult r;
  r.ok = true;
  for (const auto &m : c.GetObject())
    if (m.value.IsString())
      r.claims[m.name.GetString()] =
          std::string(m.value.GetString(), m.value.GetStringLength());
  return r;
}

} // namespace sandbox
