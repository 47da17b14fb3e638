#include "registry_token.hpp"

#include <openssl/sha.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tls_material.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

std::string base32_nopad(const unsigned char *bytes, std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | bytes[i];
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(acc >> bits) & 0x1f]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 0x1f]);
  return out;
}

} // namespace

std::string libtrust_key_id(EVP_PKEY *key) {
  unsigned char *der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) throw_openssl("i2d_PUBKEY");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(der, static_cast<std::size_t>(len), digest);
  OPENSSL_free(der);
  std::string b32 = base32_nopad(digest, 30); // 240 bits: 48 characters
  std::string out;
  for (std::size_t i = 0; i < b32.size(); i += 4)
    out += (i ? ":" : "") + b32.substr(i, 4);
  return out;
}

RegistrySigner make_registry_signer() {
  RegistrySigner s;
  s.key.reset(EVP_RSA_gen(2048));
  if (!s.key) throw_openssl("RSA key generation");
  s.cert = self_signed_cert(s.key.get(), "depot-sandbox registry token signer");
  s.kid = libtrust_key_id(s.key.get());
  s.x5c = base64_encode(cert_der(s.cert.get()));
  return s;
}

std::string sign_registry_token(const RegistrySigner &signer,
                                const RegistryClaims &claims) {
  std::string header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":" +
                       json_quote(signer.kid) + ",\"x5c\":[" +
                       json_quote(signer.x5c) + "]}";
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const std::string &v) {
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  w.Key("iss");
  str(signer.issuer);
  w.Key("sub");
  str(claims.subject);
  w.Key("aud"); // a string: distribution 2.8 rejects an array here
  str(claims.audience);
  w.Key("exp");
  w.Int64(claims.now + claims.ttl);
  w.Key("nbf");
  w.Int64(claims.now);
  w.Key("iat");
  w.Int64(claims.now);
  w.Key("jti");
  str(random_hex(16));
  w.Key("access");
  w.StartArray();
  for (const auto &a : claims.access) {
    w.StartObject();
    w.Key("type");
    str(a.type);
    w.Key("name");
    str(a.name);
    w.Key("actions");
    w.StartArray();
    for (const auto &act : a.actions) str(act);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return sign_jws(signer.key.get(), header, {buf.GetString(), buf.GetSize()});
}

} // namespace sandbox
