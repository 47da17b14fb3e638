#include "helper/jwt.h"

#include <rapidjson/document.h>

#include "helper/text.h"

namespace depot {

namespace {

struct Segments {
  std::string_view header, payload, signature;
};

std::optional<Segments> split_jwt(std::string_view token) {
  auto first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  auto second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
  Segments s{token.substr(0, first), token.substr(first + 1, second - first - 1), token.substr(second + 1)};
  if (s.header.empty() || s.payload.empty()) return std::nullopt;
  return s;
}

std::optional<rapidjson::Document> decode_segment(std::string_view segment) {
  auto raw = base64url_decode(segment);
  if (!raw) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(raw->data(), raw->size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  return doc;
}

std::string string_member(const rapidjson::Value& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

}  // namespace

bool looks_like_jwt(std::string_view token) {
  auto segments = split_jwt(token);
  if (!segments) return false;
  auto header = decode_segment(segments->header);
  return header && header->HasMember("alg");
}

std::optional<JwtClaims> decode_jwt_claims(std::string_view token) {
  auto segments = split_jwt(token);
  if (!segments) return std::nullopt;
  auto payload = decode_segment(segments->payload);
  if (!payload) return std::nullopt;
  const rapidjson::Value& p = *payload;  // const iterators: see cache.cpp
  JwtClaims claims;
  claims.iss = string_member(p, "iss");
  claims.sub = string_member(p, "sub");
  if (auto aud = p.FindMember("aud"); aud != p.MemberEnd()) {
    if (aud->value.IsString())
      claims.aud = aud->value.GetString();
    else if (aud->value.IsArray() && !aud->value.Empty() && aud->value[0].IsString())
      claims.aud = aud->value[0].GetString();
  }
  if (auto exp = p.FindMember("exp"); exp != p.MemberEnd()) {
    if (exp->value.IsInt64())
      claims.exp = exp->value.GetInt64();
    else if (exp->value.IsNumber()) {
      double d = exp->value.GetDouble();
      if (d > 0 && d < 1e15) claims.exp = static_cast<int64_t>(d);
    }
  }
  return claims;
}

}  // namespace depot
