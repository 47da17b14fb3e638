// Owning handles for the OpenSSL objects the sandbox creates.
#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace sandbox {

struct PKeyFree {
  void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509 *p) const { X509_free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, PKeyFree>;
using Cert = std::unique_ptr<X509, X509Free>;

// Throws std::runtime_error with `what` and OpenSSL's last error.
[[noreturn]] void throw_openssl(const std::string &what);

} // namespace sandbox
