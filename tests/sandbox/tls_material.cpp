#include "tls_material.hpp"

#include <stdexcept>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace sandbox {

namespace {

// P-256 keeps start-up fast; TLS does not care about the key type.
PKey make_ec_key() {
  PKey key(EVP_EC_gen("P-256"));
  if (!key) throw_openssl("EC key generation");
  return key;
}

void set_random_serial(X509 *cert) {
  BIGNUM *bn = BN_new();
  if (!bn || !BN_rand(bn, 63, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
      !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert))) {
    BN_free(bn);
    throw_openssl("certificate serial");
  }
  BN_free(bn);
}

void set_name(X509_NAME *name, const char *cn) {
  if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                  reinterpret_cast<const unsigned char *>(
                                      "depot-sandbox"),
                                  -1, -1, 0) ||
      !X509_NAME_add_entry_by_txt(
          name, "CN", MBSTRING_ASC,
          reinterpret_cast<const unsigned char *>(cn), -1, -1, 0))
    throw_openssl("certificate name");
}

// Adds one v3 extension in openssl.cnf syntax; issuer is needed for AKI.
void add_ext(X509 *cert, X509 *issuer, int nid, const char *value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw_openssl(std::string("certificate extension ") + value);
  int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (!ok) throw_openssl("X509_add_ext");
}

Cert new_cert(EVP_PKEY *key, const char *cn, long valid_days) {
  Cert cert(X509_new());
  if (!cert) throw_openssl("X509_new");
  X509_set_version(cert.get(), 2); // v3
  set_random_serial(cert.get());
  // Backdated an hour so small clock differences never make it "not yet valid".
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), valid_days * 24 * 3600);
  if (!X509_set_pubkey(cert.get(), key)) throw_openssl("X509_set_pubkey");
  set_name(X509_get_subject_name(cert.get()), cn);
  return cert;
}

void sign(X509 *cert, EVP_PKEY *issuer_key) {
  if (!X509_sign(cert, issuer_key, EVP_sha256())) throw_openssl("X509_sign");
}

// A TLS server certificate for 127.0.0.1, ::1 and localhost.
Cert server_cert(EVP_PKEY *key, X509 *ca, EVP_PKEY *ca_key,
                 const char *sans = "IP:127.0.0.1,IP:::1,DNS:localhost") {
  Cert cert = new_cert(key, "127.0.0.1", 30);
  X509 *srv = cert.get();
  X509_set_issuer_name(srv, X509_get_subject_name(ca));
  add_ext(srv, ca, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(srv, ca, NID_key_usage, "critical,digitalSignature");
  add_ext(srv, ca, NID_ext_key_usage, "serverAuth");
  add_ext(srv, ca, NID_subject_alt_name, sans);
  add_ext(srv, ca, NID_subject_key_identifier, "hash");
  add_ext(srv, ca, NID_authority_key_identifier, "keyid:always");
  sign(srv, ca_key);
  return cert;
}

std::string bio_text(BIO *bio) {
  char *data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

} // namespace

Cert self_signed_cert(EVP_PKEY *key, const char *cn) {
  Cert cert = new_cert(key, cn, 30);
  X509 *c = cert.get();
  X509_set_issuer_name(c, X509_get_subject_name(c));
  add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_ext(c, c, NID_key_usage, "critical,digitalSignature,keyCertSign");
  add_ext(c, c, NID_subject_key_identifier, "hash");
  sign(c, key);
  return cert;
}

TlsMaterial make_tls_material() {
  TlsMaterial m;
  m.ca_key = make_ec_key();
  m.ca_cert = new_cert(m.ca_key.get(), "depot-sandbox test CA", 30);
  X509 *ca = m.ca_cert.get();
  X509_set_issuer_name(ca, X509_get_subject_name(ca));
  add_ext(ca, ca, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
  add_ext(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(ca, ca, NID_subject_key_identifier, "hash");
  add_ext(ca, ca, NID_authority_key_identifier, "keyid:always");
  sign(ca, m.ca_key.get());

  m.server_key = make_ec_key();
  m.server_cert = server_cert(m.server_key.get(), ca, m.ca_key.get());
  m.registry_key = make_ec_key();
  m.registry_cert = server_cert(m.registry_key.get(), ca, m.ca_key.get());
  m.wrong_host_key = make_ec_key();
  m.wrong_host_cert = server_cert(m.wrong_host_key.get(), ca, m.ca_key.get(),
                                  "DNS:wrong-host.invalid");
  return m;
}

std::string cert_pem(X509 *cert) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (!bio || !PEM_write_bio_X509(bio, cert)) {
    BIO_free(bio);
    throw_openssl("PEM_write_bio_X509");
  }
  return bio_text(bio);
}

std::string cert_der(X509 *cert) {
  unsigned char *der = nullptr;
  int len = i2d_X509(cert, &der);
  if (len <= 0) throw_openssl("i2d_X509");
  std::string out(reinterpret_cast<char *>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::string private_key_pem(EVP_PKEY *key) {
  BIO *bio = BIO_new(BIO_s_mem());
  if (!bio || !PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr,
                                        nullptr)) {
    BIO_free(bio);
    throw_openssl("PEM_write_bio_PrivateKey");
  }
  return bio_text(bio);
}

} // namespace sandbox
