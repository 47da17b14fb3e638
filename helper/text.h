// Small string and encoding helpers shared by every module.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depot {

std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
bool ends_with_label(std::string_view host, std::string_view domain);

// RFC 4648 §5 base64url, padding optional. nullopt on an invalid character.
std::optional<std::string> base64url_decode(std::string_view in);
std::string percent_encode(std::string_view in);

std::string sha256_hex(std::string_view data);

// A token we are willing to hand out: non-empty, printable ASCII, no whitespace.
bool is_valid_token(std::string_view token);

}  // namespace depot
