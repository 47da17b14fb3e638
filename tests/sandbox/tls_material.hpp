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
};

TlsMaterial make_tls_material();

std::string cert_pem(X509 *cert);

} // namespace sandbox
