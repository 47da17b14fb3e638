// A throwaway CA and a server certificate signed by it, made at every start.
#pragma once

#include <string>

#include "ossl.hpp"

namespace sandbox {

struct TlsMaterial {
  PKey ca_key;
  Cert ca_cert;
  PKey server_key;
  Cert server_cert; // SANs: IP 127.0.0.1, IP ::1, DNS localhost
  // A second certificate with the same names for a registry under test
  // (DIR/registry-tls.crt and .key), so it never shares the sandbox's key.
  PKey registry_key;
  Cert registry_cert;
  // Signed by the same CA but only for DNS:wrong-host.invalid: served on a
  // second port so clients can be shown a trusted certificate for another host.
  PKey wrong_host_key;
  Cert wrong_host_cert;
};

TlsMaterial make_tls_material();

std::string cert_pem(X509 *cert);
std::string cert_der(X509 *cert);
std::string private_key_pem(EVP_PKEY *key); // PKCS#8

// A self-signed certificate for `key` (the registry token signer's root).
Cert self_signed_cert(EVP_PKEY *key, const char *cn);

} // namespace sandbox
