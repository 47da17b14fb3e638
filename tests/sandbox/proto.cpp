#include "proto.hpp"

#include <cstdint>

namespace sandbox {

namespace {

bool read_varint(const std::string &b, std::size_t &pos, std::uint64_t &out) {
  out = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos >= b.size()) return false;
    auto byte = static_cast<unsigned char>(b[pos++]);
    out |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false; // more than 10 bytes
}

void write_varint(std::string &out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

} // namespace

std::optional<std::map<int, std::string>> proto_decode_strings(
    const std::string &bytes) {
  std::map<int, std::string> fields;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::uint64_t key = 0;
    if (!read_varint(bytes, pos, key)) return std::nullopt;
    std::uint64_t field = key >> 3;
    if (field == 0 || field > 536870911) return std::nullopt;
    std::uint64_t skip = 0;
    switch (key & 7) {
    case 0: // varint
      if (!read_varint(bytes, pos, skip)) return std::nullopt;
      continue;
    case 1: skip = 8; break; // fixed64
    case 5: skip = 4; break; // fixed32
    case 2: {
      std::uint64_t len = 0;
      if (!read_varint(bytes, pos, len) || len > bytes.size() - pos)
        return std::nullopt;
      fields[static_cast<int>(field)] =
          bytes.substr(pos, static_cast<std::size_t>(len));
      pos += static_cast<std::size_t>(len);
      continue;
    }
    default: return std::nullopt; // groups are not used by proto3
    }
    if (skip > bytes.size() - pos) return std::nullopt;
    pos += static_cast<std::size_t>(skip);
  }
  return fields;
}

std::string proto_encode_string(int field, const std::string &value) {
  std::string out;
  write_varint(out, (static_cast<std::uint64_t>(field) << 3) | 2);
  write_varint(out, value.size());
  out += value;
  return out;
}

} // namespace sandbox
