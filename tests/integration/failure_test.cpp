// What the helper does when the network or a server misbehaves: retry only
// what is worth retrying, stay within the time budget, never answer with a
// wrong or empty credential, and say what went wrong in one line.
#include <catch2/catch.hpp>

#include "tests/integration/harness.h"

using namespace testing;

namespace {

size_t count_of(const std::vector<std::string>& routes, const std::string& route) {
  return static_cast<size_t>(std::count(routes.begin(), routes.end(), route));
}

void require_one_line_error(const RunResult& r) {
  INFO(r.out);
  CHECK(r.exit_code == 1);
  CHECK(json_string_field(r.out, "Secret").empty());
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(r.out != "credentials not found in native keychain\n");
  CHECK(r.err.empty());
}

}  // namespace

TEST_CASE("503 twice from the GitHub token service, then success") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("github_token", "\"status\":503", 2);
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 0);
  auto routes = sandbox.routes_called();
  CHECK(count_of(routes, "github_token") == 3);
  CHECK(count_of(routes, "get_pull_token") == 1);
}

TEST_CASE("503 and 429 with Retry-After from Depot are retried, then success") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("get_pull_token", "\"status\":503", 1);
  sandbox.fault("get_pull_token", "\"status\":429,\"retry_after\":1", 1);
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 0);
  CHECK(json_string_field(r.out, "Secret").rfind("depot_pull_", 0) == 0);
  CHECK(count_of(sandbox.routes_called(), "get_pull_token") == 3);
  CHECK(r.seconds >= 1.0);  // the Retry-After second was honoured
}

TEST_CASE("a connection reset is retried") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("get_pull_token", "\"reset\":true", 1);
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 0);
  CHECK(count_of(sandbox.routes_called(), "get_pull_token") >= 1);
}

TEST_CASE("401 from Depot is final: one attempt, the Connect error in the message") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault(
      "get_pull_token",
      "\"status\":401,\"body\":\"{\\\"code\\\":\\\"unauthenticated\\\",\\\"message\\\":\\\"Invalid token\\\"}\"", 5);
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.rfind("Depot rejected the GitHub Actions token: unauthenticated: Invalid token", 0) == 0);
  CHECK(count_of(sandbox.routes_called(), "get_pull_token") == 1);
}

TEST_CASE("a persistent 503 gives up with a clear error after bounded attempts") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("get_pull_token", "\"status\":503", 50);
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.find("HTTP 503") != std::string::npos);
  auto attempts = count_of(sandbox.routes_called(), "get_pull_token");
  CHECK(attempts >= 2);
  CHECK(attempts <= 5);
  sandbox.reset();
}

TEST_CASE("garbage JSON from the GitHub token service is an error, not a credential") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("github_token", "\"body\":\"<html>oops\"", 1);
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.find("GitHub Actions") != std::string::npos);
  CHECK(count_of(sandbox.routes_called(), "get_pull_token") == 0);
}

TEST_CASE("an empty or whitespace token from Depot is rejected") {
  auto& sandbox = Sandbox::get();
  for (const std::string body : {"{\\\"token\\\":\\\"\\\"}", "{\\\"token\\\":\\\"abc def\\\"}"}) {
    sandbox.reset();
    auto env = sandbox.github_job("acme/widgets");
    sandbox.fault("get_pull_token", "\"body\":\"" + body + "\"", 1);
    auto r = run_helper("get", env, "registry.depot.dev");
    require_one_line_error(r);
    CHECK(r.out.find("no valid token") != std::string::npos);
  }
}

TEST_CASE("a 1 MiB answer is cut off at the cap") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.fault("get_pull_token", "\"body_size\":1048576", 1);
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.find("larger than 64 KiB") != std::string::npos);
}

TEST_CASE("a server slower than the time budget ends in a clean error within the budget") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  env["DEPOT_HELPER_TIMEOUT"] = "3";
  sandbox.fault("get_pull_token", "\"delay_ms\":8000", 10);
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.seconds < 4.5);
  CHECK(r.out.find("Depot") != std::string::npos);
}

TEST_CASE("a server whose certificate is not trusted is refused, not retried") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  env.erase("SSL_CERT_FILE");  // the system store does not know the sandbox's CA
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.find("SSL_CERT_FILE") != std::string::npos);
  CHECK(sandbox.routes_called().empty());
}

TEST_CASE("a plain-http API URL outside loopback is refused before any request") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.github_job("acme/widgets");
  sandbox.reset();
  env["DEPOT_API_URL"] = "http://api.depot.example";
  auto r = run_helper("get", env, "registry.depot.dev");
  require_one_line_error(r);
  CHECK(r.out.find("https://") != std::string::npos);
  CHECK(count_of(sandbox.routes_called(), "get_pull_token") == 0);
}
