#include "ossl.hpp"

#include <stdexcept>

#include <openssl/err.h>

namespace sandbox {

void throw_openssl(const std::string &what) {
  char buf[256] = {0};
  ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
  throw std::runtime_error(what + ": " + buf);
}

} // namespace sandbox
