// `doctor` and `token`, through the built binary.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/harness.h"

using namespace testing;

namespace {

RunResult doctor(const EnvMap& env) {
  auto r = run_process(HELPER_BINARY, {"doctor"}, env, "");
  check_no_secret_in(r.out, "doctor's stdout");
  check_no_secret_in(r.err, "doctor's stderr");
  return r;
}

bool has(const RunResult& r, const std::string& text) { return r.out.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("doctor: a healthy GitHub Actions job") {
  auto& s = Sandbox::get();
  auto r = doctor(s.github_job("acme/widgets"));
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(has(r, "GitHub Actions: detected, token source present"));
  CHECK(has(r, "<- used"));
  CHECK(has(r, "ACTIONS_ID_TOKEN_REQUEST_TOKEN"));  // the name, never the value
  CHECK(has(r, "iss https://token.actions.githubusercontent.com"));
  CHECK(has(r, "Depot exchanged it for a pull token"));
  CHECK(has(r, "Result: `get` would succeed"));
  CHECK(has(r, "cached token for this job: none"));
}

TEST_CASE("doctor: reports the cached token of this job") {
  auto& s = Sandbox::get();
  auto env = s.github_job("acme/widgets");
  REQUIRE(run_helper("get", env, "registry.depot.dev").exit_code == 0);
  auto r = doctor(env);
  CHECK(r.exit_code == 0);
  CHECK(has(r, "s left: the next `get` serves it without a request"));
}

TEST_CASE("doctor: diagnoses each failure with its fix") {
  auto& s = Sandbox::get();
  SECTION("no id-token permission") {
    auto env = s.base_env();
    env["GITHUB_ACTIONS"] = "true";
    auto r = doctor(env);
    CHECK(r.exit_code == 1);
    CHECK(has(r, "GitHub Actions: detected, token source missing"));
    CHECK(has(r, "permissions: id-token: write"));
  }
  SECTION("repository not trusted") {
    auto r = doctor(s.github_job("acme/gadgets"));
    CHECK(r.exit_code == 1);
    CHECK(has(r, "permission_denied"));
    CHECK(has(r, "add a trust relationship"));
  }
  SECTION("Buildkite container step") {
    auto env = s.base_env();
    env["BUILDKITE"] = "true";
    env["BUILDKITE_JOB_ID"] = "0190a7e4-0000-4000-8000-000000000001";
    auto r = doctor(env);
    CHECK(r.exit_code == 1);
    CHECK(has(r, "BUILDKITE_AGENT_ACCESS_TOKEN is not set"));
    CHECK(has(r, "propagate-environment"));
  }
  SECTION("Depot unavailable") {
    auto env = s.github_job("acme/widgets");
    env["DEPOT_HELPER_TIMEOUT"] = "3";
    s.fault("get_pull_token", "\"status\":503", 20);
    auto r = doctor(env);
    CHECK(r.exit_code == 1);
    CHECK(has(r, "HTTP 503"));
    s.reset();
  }
  SECTION("untrusted certificate") {
    auto env = s.github_job("acme/widgets");
    env.erase("SSL_CERT_FILE");
    auto r = doctor(env);
    CHECK(r.exit_code == 1);
    CHECK(has(r, "SSL_CERT_FILE"));
  }
  SECTION("no CI and no token") {
    auto r = doctor(s.base_env());
    CHECK(r.exit_code == 1);
    CHECK(has(r, "no credential source"));
    CHECK(has(r, "set DEPOT_TOKEN"));
  }
  SECTION("a bad setting") {
    auto env = s.github_job("acme/widgets");
    env["DEPOT_HELPER_TIMEOUT"] = "forever";
    auto r = doctor(env);
    CHECK(r.exit_code == 1);
    CHECK(has(r, "DEPOT_HELPER_TIMEOUT"));
  }
  SECTION("a static token needs no check") {
    auto env = s.base_env();
    env["DEPOT_TOKEN"] = s.project_token;
    auto r = doctor(env);
    CHECK(r.exit_code == 0);
    CHECK(has(r, "DEPOT_TOKEN: set"));
  }
}

TEST_CASE("token: prints a pull token by default, and an access token on request") {
  auto& s = Sandbox::get();
  auto env = s.github_job("acme/widgets");
  auto pull = run_process(HELPER_BINARY, {"token"}, env, "");
  CHECK(pull.exit_code == 0);
  CHECK(pull.out.rfind("depot_pull_", 0) == 0);
  CHECK(pull.out.back() == '\n');
  check_no_secret_in(pull.err, "stderr");

  env["DEPOT_HELPER_GITHUB_EXCHANGE_URL"] = s.setting("SANDBOX_GITHUB_EXCHANGE_URL");
  s.reset();
  auto access = run_process(HELPER_BINARY, {"token", "--kind", "access"}, env, "");
  CHECK(access.exit_code == 0);
  CHECK(access.out.rfind("depot_gha_", 0) == 0);
  CHECK(s.routes_called() == std::vector<std::string>{"github_token", "github_exchange"});

  // Elsewhere the access kind is the CI's OIDC token itself.
  auto task = s.ci_job("/admin/tokens/mint", "{\"org_id\":\"" + s.setting("SANDBOX_MINT_ORG_ID") + "\",\"vault\":\"" +
                                                 s.setting("SANDBOX_MINT_VAULT") + "\"}");
  auto mint_access = run_process(HELPER_BINARY, {"token", "--kind=access"}, task, "");
  CHECK(mint_access.exit_code == 0);
  CHECK(mint_access.out == task["DEPOT_OIDC_TOKEN"] + "\n");
}

TEST_CASE("token --github-env masks the token first, then hands it to later steps") {
  auto& s = Sandbox::get();
  auto env = s.github_job("acme/widgets");
  auto dir = make_temp_dir("depot-gh-env");
  env["GITHUB_ENV"] = dir + "/github_env";
  std::ofstream(env["GITHUB_ENV"]) << "EARLIER=1\n";
  auto r = run_process(HELPER_BINARY, {"token", "--github-env"}, env, "");
  REQUIRE(r.exit_code == 0);
  REQUIRE(r.out.rfind("::add-mask::depot_pull_", 0) == 0);
  std::string token = r.out.substr(12, r.out.size() - 13);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  std::stringstream file;
  file << std::ifstream(env["GITHUB_ENV"]).rdbuf();
  CHECK(file.str() == "EARLIER=1\nDEPOT_TOKEN=" + token + "\n");
  std::filesystem::remove_all(dir);
}

TEST_CASE("token: errors go to stderr with exit 1, usage errors exit 2") {
  auto& s = Sandbox::get();
  auto none = run_process(HELPER_BINARY, {"token"}, s.base_env(), "");
  CHECK(none.exit_code == 1);
  CHECK(none.out.empty());
  CHECK(none.err.find("doctor") != std::string::npos);
  auto bad = run_process(HELPER_BINARY, {"token", "--kind", "push"}, s.base_env(), "");
  CHECK(bad.exit_code == 2);
  auto no_github_env = run_process(HELPER_BINARY, {"token", "--github-env"}, s.github_job("acme/widgets"), "");
  CHECK(no_github_env.exit_code == 1);
  CHECK(no_github_env.err.find("GITHUB_ENV") != std::string::npos);
}
