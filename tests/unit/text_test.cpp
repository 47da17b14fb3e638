#include "helper/text.h"

#include <catch2/catch.hpp>

#include "helper/secret.h"

using namespace depot;

TEST_CASE("sha256_hex matches the FIPS 180-4 examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("a secret's fingerprint is short and does not contain the secret") {
  Secret s("depot_super_secret_value");
  CHECK(s.fingerprint().rfind("sha256:", 0) == 0);
  CHECK(s.fingerprint().size() == 15);
  CHECK(s.fingerprint().find("depot") == std::string::npos);
}

TEST_CASE("base64url_decode handles padding, both alphabets and rejects junk") {
  CHECK(base64url_decode("eyJhbGciOiJSUzI1NiJ9").value() == R"({"alg":"RS256"})");
  CHECK(base64url_decode("YQ").value() == "a");
  CHECK(base64url_decode("YQ==").value() == "a");
  CHECK(base64url_decode("_-8").value() == "\xff\xef");
  CHECK_FALSE(base64url_decode("a!b").has_value());
  CHECK_FALSE(base64url_decode("Y").has_value());
}

TEST_CASE("percent_encode leaves unreserved characters alone") {
  CHECK(percent_encode("https://depot.dev") == "https%3A%2F%2Fdepot.dev");
  CHECK(percent_encode("a-b_c.d~e") == "a-b_c.d~e");
}

TEST_CASE("is_valid_token accepts printable ASCII without whitespace only") {
  CHECK(is_valid_token("depot_pull_abc.DEF-123"));
  CHECK_FALSE(is_valid_token(""));
  CHECK_FALSE(is_valid_token("abc def"));
  CHECK_FALSE(is_valid_token("abc\n"));
  CHECK_FALSE(is_valid_token("caf\xc3\xa9"));
}

TEST_CASE("trim, split and ends_with_label") {
  CHECK(trim("  a b \n") == "a b");
  CHECK(trim("\n\t ").empty());
  CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
  CHECK(ends_with_label("x.registry.depot.dev", "registry.depot.dev"));
  CHECK_FALSE(ends_with_label("xregistry.depot.dev", "registry.depot.dev"));
  CHECK_FALSE(ends_with_label("registry.depot.dev", "registry.depot.dev"));
}

TEST_CASE("formatting a secret prints its fingerprint, never the value") {
  Secret s("depot_super_secret_value");
  CHECK(fmt::format("token {}", s) == "token " + s.fingerprint());
  CHECK(fmt::format("{}", s).find("depot_super") == std::string::npos);
}
