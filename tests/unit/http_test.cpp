#include "helper/http.h"

#include <catch2/catch.hpp>

#include "helper/depot_api.h"

using namespace depot;

TEST_CASE("add_query_parameter merges into an existing query") {
  CHECK(add_query_parameter("https://x.example/token?api-version=2.0", "audience", "https://depot.dev") ==
        "https://x.example/token?api-version=2.0&audience=https%3A%2F%2Fdepot.dev");
  CHECK(add_query_parameter("https://x.example/token", "audience", "a b") == "https://x.example/token?audience=a%20b");
  CHECK_FALSE(add_query_parameter("not a url", "a", "b"));
}

TEST_CASE("url_policy_violation: https anywhere, http only to loopback") {
  CHECK_FALSE(url_policy_violation("https://api.depot.dev"));
  CHECK_FALSE(url_policy_violation("http://127.0.0.1:8080/x"));
  CHECK_FALSE(url_policy_violation("http://localhost:1"));
  CHECK_FALSE(url_policy_violation("http://[::1]:1"));
  CHECK(url_policy_violation("http://api.depot.dev"));
  CHECK(url_policy_violation("http://127.0.0.1.evil.com"));
  CHECK(url_policy_violation("ftp://127.0.0.1"));
  CHECK(url_policy_violation("::"));
}

TEST_CASE("describe_connect_error makes one short line of a Connect error body") {
  CHECK(describe_connect_error(401, R"({"code":"unauthenticated","message":"Invalid token"})") ==
        "unauthenticated: Invalid token");
  CHECK(describe_connect_error(403, R"({"code":"permission_denied"})") == "permission_denied");
  CHECK(describe_connect_error(502, "<html>bad gateway</html>") == "HTTP 502");
  CHECK(describe_connect_error(400, "{\"code\":\"invalid_argument\",\"message\":\"a\\nb\"}") ==
        "invalid_argument: a b");
}

TEST_CASE("HttpClient refuses disallowed URLs and spent budgets without any I/O") {
  HttpClient client(HttpSettings{}, Clock::now() + std::chrono::seconds(5));
  HttpRequest request;
  request.url = "http://example.com/";
  auto r = client.send(request);
  REQUIRE_FALSE(r);
  CHECK_FALSE(r.error().retryable);
  CHECK(client.attempts_made() == 0);
  HttpClient spent(HttpSettings{}, Clock::now() - std::chrono::seconds(1));
  request.url = "https://127.0.0.1:1/";
  CHECK_FALSE(spent.send(request));
  CHECK(spent.attempts_made() == 0);
}

TEST_CASE("HttpClient retries a refused connection within the attempt limit") {
  HttpClient client(HttpSettings{}, Clock::now() + std::chrono::seconds(10));
  HttpRequest request;
  request.url = "https://127.0.0.1:1/";  // nothing listens on port 1
  RetryPolicy policy;
  policy.max_attempts = 3;
  policy.base_delay = std::chrono::milliseconds(1);
  auto r = client.send_with_retries(request, policy, "test call");
  REQUIRE_FALSE(r);
  CHECK(client.attempts_made() == 3);
  CHECK(r.error().message().rfind("test call", 0) == 0);
}

TEST_CASE("add_query_parameter keeps fragments and trailing separators sane") {
  CHECK(add_query_parameter("https://x.example/t?", "a", "b") == "https://x.example/t?a=b");
  CHECK(add_query_parameter("https://x.example/t?x=1&", "a", "b") == "https://x.example/t?x=1&a=b");
  CHECK(add_query_parameter("https://x.example/t#f", "a", "b") == "https://x.example/t?a=b#f");
}
