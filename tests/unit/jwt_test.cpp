#include "helper/jwt.h"

#include <catch2/catch.hpp>

using namespace depot;

namespace {
// header {"alg":"RS256","typ":"JWT"}; payload below; signature is not checked.
const std::string kHeader = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";
// {"iss":"https://token.actions.githubusercontent.com","sub":"repo:acme/widgets:ref:refs/heads/main","aud":["https://depot.dev"],"exp":1700000300}
const std::string kPayload =
    "eyJpc3MiOiJodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRlbnQuY29tIiwic3ViIjoicmVwbzphY21lL3dpZGdldHM6cmVm"
    "OnJlZnMvaGVhZHMvbWFpbiIsImF1ZCI6WyJodHRwczovL2RlcG90LmRldiJdLCJleHAiOjE3MDAwMDAzMDB9";
}  // namespace

TEST_CASE("decode_jwt_claims reads iss, sub, aud (array) and exp") {
  auto claims = decode_jwt_claims(kHeader + "." + kPayload + ".c2ln");
  REQUIRE(claims);
  CHECK(claims->iss == "https://token.actions.githubusercontent.com");
  CHECK(claims->sub == "repo:acme/widgets:ref:refs/heads/main");
  CHECK(claims->aud == "https://depot.dev");
  CHECK(claims->exp == 1700000300);
}

TEST_CASE("looks_like_jwt tells JWTs from opaque tokens") {
  CHECK(looks_like_jwt(kHeader + "." + kPayload + ".c2ln"));
  CHECK_FALSE(looks_like_jwt("depot_project_abc"));
  CHECK_FALSE(looks_like_jwt("a.b.c"));
  CHECK_FALSE(looks_like_jwt(kHeader + "." + kPayload));
  CHECK_FALSE(looks_like_jwt(kHeader + "." + kPayload + ".x.y"));
  CHECK_FALSE(looks_like_jwt(".."));
}

TEST_CASE("decode_jwt_claims rejects payloads that are not JSON objects") {
  CHECK_FALSE(decode_jwt_claims(kHeader + ".WzFd.c2ln"));  // [1]
  CHECK_FALSE(decode_jwt_claims(kHeader + ".!!!.c2ln"));
}
