// The server URL docker writes on stdin for get/erase.
#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/protocol.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string host = depot::normalize_server(input);
  // Normalizing is idempotent and never grows the input.
  if (depot::normalize_server(host) != host || host.size() > input.size()) __builtin_trap();
  depot::is_served_host(host, {"localhost:5000", input});
  return 0;
}
