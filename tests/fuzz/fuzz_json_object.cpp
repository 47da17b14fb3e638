// JSON from outside: the `store` payload, the GitHub and Buildkite token
// answers, Depot's answers, the cache entries' shape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/json.h"
#include "helper/text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  if (auto members = depot::json::string_members(input)) {
    for (const auto& [key, value] : *members) {
      // What we write back out must parse to the same value.
      auto again = depot::json::string_members(depot::json::object({{key, value}}));
      if (!again || (*again)[key] != value) __builtin_trap();
      depot::is_valid_token(value);
    }
  }
  return 0;
}
