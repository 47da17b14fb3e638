// depot.json / depot.yml / depot.yaml and the Depot CLI's depot.yaml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/json.h"
#include "helper/project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  depot::yaml_top_level_value(input, "id");
  depot::yaml_top_level_value(input, "api_token");
  depot::json::string_members(input);
  return 0;
}
