// Docker's config.json, as `configure` reads and rewrites it.
#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "helper/docker_config.h"

namespace {

// How many credHelpers entries of `text` map to the helper.
int ours(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) __builtin_trap();  // we wrote it: it must parse
  const rapidjson::Value& root = doc;
  auto helpers = root.FindMember("credHelpers");
  if (helpers == root.MemberEnd()) return 0;
  int count = 0;
  for (const auto& m : helpers->value.GetObject())
    if (m.value.IsString() && std::string(m.value.GetString()) == "depot") ++count;
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto configured = depot::edit_docker_config(input, {"registry.depot.dev", "localhost:5000"}, false);
  if (!configured) return 0;
  if (ours(configured.value()) < 2) __builtin_trap();
  auto again = depot::edit_docker_config(configured.value(), {"registry.depot.dev", "localhost:5000"}, false);
  if (!again || ours(again.value()) != ours(configured.value())) __builtin_trap();
  auto removed = depot::edit_docker_config(configured.value(), {}, true);
  if (!removed || ours(removed.value()) != 0) __builtin_trap();
  return 0;
}
