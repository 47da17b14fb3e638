// Every remote call × every fault the sandbox can inject: the helper either
// recovers after a known number of attempts or fails with one clear line
// within the time budget; it never answers with a wrong or empty credential
// and never prints a secret (run_helper scans every run). Prints the matrix.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "tests/integration/harness.h"

using namespace testing;

namespace {

struct Call {
  std::string name;
  std::string route;
  std::string token_field;  // where the call's answer carries its token
};

struct Fault {
  std::string name;
  std::string spec;  // the admin fault's JSON fields, "" for transport faults
  int count = 1;
  bool recovers = false;
  size_t attempts = 1;  // requests the sandbox sees
  std::string message;  // part of the error line
};

std::string replace_origin(const std::string& url, const std::string& from, const std::string& to) {
  return url.rfind(from, 0) == 0 ? to + url.substr(from.size()) : url;
}

}  // namespace

TEST_CASE("fault matrix: each remote call under each fault recovers or fails cleanly within the budget") {
  auto& s = Sandbox::get();
  const std::vector<Call> calls = {{"GitHub OIDC token", "github_token", "value"},
                                   {"Depot exchange", "get_pull_token", "token"}};
  auto faults = [](const Call& c) {
    std::string tok = "{\\\"" + c.token_field + "\\\":";
    return std::vector<Fault>{
        {"HTTP 500", "\"status\":500", 1, false, 1, c.route == "get_pull_token" ? "internal" : "HTTP 500"},
        {"HTTP 502 x2", "\"status\":502", 2, true, 3, ""},
        {"HTTP 503 x2", "\"status\":503", 2, true, 3, ""},
        {"429 + Retry-After 1", "\"status\":429,\"retry_after\":1", 1, true, 2, ""},
        {"connection reset", "\"reset\":true", 1, true, 2, ""},
        {"stall past timeout", "\"delay_ms\":8000", 10, false, 0, "timed out"},
        {"garbage JSON", "\"body\":\"<html>oops\"", 1, false, 1, "not a JSON object"},
        {"empty token", "\"body\":\"" + tok + "\\\"\\\"}\"", 1, false, 1, "no valid token"},
        {"token with space", "\"body\":\"" + tok + "\\\"a b\\\"}\"", 1, false, 1, "no valid token"},
        {"1 MiB body", "\"body_size\":1048576", 1, false, 1, "larger than 64 KiB"},
        {"wrong content type", "\"content_type\":\"text/html\"", 1, false, 1, "not JSON"},
        {"cert for other host", "", 0, false, 0, "SSL"},
        {"untrusted CA", "", 0, false, 0, "SSL_CERT_FILE"},
    };
  };

  // A CA file that does not hold the sandbox's CA: the registry token signer's cert.
  const std::string other_ca = s.setting("SANDBOX_REGISTRY_TOKEN_CERT");
  const std::string wrong_host = s.setting("SANDBOX_WRONG_HOST_URL");
  std::string table =
      "fault                 | call               | attempts | outcome   | seconds\n"
      "----------------------|--------------------|----------|-----------|--------\n";
  int cells = 0;
  for (const auto& call : calls) {
    for (const auto& fault : faults(call)) {
      // The exchange row runs in a CircleCI job, whose token needs no request:
      // then the exchange is the only remote call, and alone meets the fault.
      auto env = call.route == "github_token"
                     ? s.github_job("acme/widgets")
                     : s.ci_job("/admin/tokens/circleci", "{\"org_id\":\"" + s.setting("SANDBOX_CIRCLECI_ORG_ID") +
                                                              "\",\"project_id\":\"" +
                                                              s.setting("SANDBOX_CIRCLECI_PROJECT_ID") + "\"}");
      env["DEPOT_HELPER_TIMEOUT"] = "3";
      env["DEPOT_HELPER_NO_CACHE"] = "1";
      s.reset();
      if (!fault.spec.empty()) s.fault(call.route, fault.spec, fault.count);
      const std::string target = call.route == "github_token" ? "ACTIONS_ID_TOKEN_REQUEST_URL" : "DEPOT_API_URL";
      if (fault.name == "cert for other host") env[target] = replace_origin(env[target], s.url, wrong_host);
      if (fault.name == "untrusted CA") env["SSL_CERT_FILE"] = other_ca;
      auto r = run_helper("get", env, "registry.depot.dev");
      auto routes = s.routes_called();
      size_t attempts = static_cast<size_t>(std::count(routes.begin(), routes.end(), call.route));
      std::string secret = json_string_field(r.out, "Secret");
      bool recovered = r.exit_code == 0;
      INFO(call.name << " / " << fault.name << ": " << r.out);
      CHECK(recovered == fault.recovers);
      CHECK(r.seconds < 4.5);  // the 3 s budget plus process start-up
      CHECK(r.err.empty());
      if (recovered) {
        CHECK(attempts == fault.attempts);
        REQUIRE(secret.rfind("depot_pull_", 0) == 0);
        CHECK(s.ctl("POST", "/admin/pull-tokens/verify", "{\"token\":\"" + secret + "\"}").find("\"valid\":true") !=
              std::string::npos);
      } else {
        CHECK(secret.empty());
        CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
        CHECK(r.out.find(fault.message) != std::string::npos);
        if (fault.name != "stall past timeout") CHECK(attempts == fault.attempts);
      }
      char line[160];
      std::snprintf(line, sizeof line, "%-21s | %-18s | %8zu | %-9s | %6.2f\n", fault.name.c_str(), call.name.c_str(),
                    attempts, recovered ? "recovered" : "error", r.seconds);
      table += line;
      ++cells;
    }
  }
  CHECK(cells == 26);
  std::printf("\n%s\n", table.c_str());
  if (const char* out = std::getenv("DEPOT_FAULT_MATRIX_OUT")) std::ofstream(out) << table;
}
