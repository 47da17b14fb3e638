// Just enough protobuf wire format for GetPullToken: string fields by number.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace sandbox {

// Decodes a message, keeping the last value of every length-delimited field
// (protobuf's "last one wins"). Varint, fixed32 and fixed64 fields are
// skipped. std::nullopt when the bytes are not a well-formed message.
std::optional<std::map<int, std::string>> proto_decode_strings(
    const std::string &bytes);

// Encodes one string field (wire type 2).
std::string proto_encode_string(int field, const std::string &value);

} // namespace sandbox
