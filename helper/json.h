// Thin helpers over RapidJSON for the few shapes the helper reads and writes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace depot::json {

// The string members of a top-level JSON object. nullopt when `text` is not a
// JSON object. Non-string members are skipped.
std::optional<std::map<std::string, std::string>> string_members(std::string_view text);

// {"k":"v",...} with proper escaping, keys in the given order.
std::string object(std::initializer_list<std::pair<std::string_view, std::string_view>> members);

}  // namespace depot::json
