// Connect error bodies from Depot become one line of a message.
#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/depot_api.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::string line = depot::describe_connect_error(400, input);
  for (char c : line)
    if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();  // always one line
  return 0;
}
