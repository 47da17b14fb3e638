// Small helpers shared by the sandbox: encodings, randomness, files, JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

namespace sandbox {

std::string base64url_encode(std::string_view bytes);
// Standard base64 with padding (x5c certificates, Basic auth).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// std::nullopt on any character outside the base64url alphabet.
std::optional<std::string> base64url_decode(std::string_view text);

// Hex string of n random bytes from OpenSSL's CSPRNG.
std::string random_hex(std::size_t n);

// A random (version 4) UUID in its lowercase text form.
std::string random_uuid();

std::int64_t now_seconds();

// RFC 3339 UTC, e.g. 2024-05-01T12:00:00Z.
std::string rfc3339(std::int64_t epoch_seconds);

std::string to_lower(std::string_view s);

// Case-insensitive comparison of an ASCII word.
bool iequals(std::string_view a, std::string_view b);

// Writes to PATH.tmp.<pid> and renames, so readers never see a half file.
// Throws std::runtime_error on failure.
void write_file_atomic(const std::string &path, const std::string &content,
                       unsigned mode = 0644);

std::string read_file(const std::string &path);

// Serializes any rapidjson value compactly.
std::string json_to_string(const rapidjson::Value &v);

// Escaped JSON string literal, quotes included.
std::string json_quote(std::string_view s);

// Member accessors that tolerate absence or a wrong type.
std::optional<std::string> json_string(const rapidjson::Value &obj,
                                       const char *key);
std::optional<std::int64_t> json_int(const rapidjson::Value &obj,
                                     const char *key);

} // namespace sandbox
