// Buildkite, CircleCI, Mint, GitLab and a bare DEPOT_OIDC_TOKEN: each CI's
// token through the built binary, what each missing piece says, trust
// mismatches, retries, and which CI wins in mixed environments.
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "tests/integration/harness.h"

using namespace testing;

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

EnvMap buildkite_job(Sandbox& s, const std::string& pipeline = "") {
  return s.ci_job("/admin/jobs/buildkite",
                  "{\"organization\":" + quoted(s.setting("SANDBOX_BUILDKITE_ORGANIZATION")) + ",\"pipeline\":" +
                      quoted(pipeline.empty() ? s.setting("SANDBOX_BUILDKITE_PIPELINE") : pipeline) + "}");
}

EnvMap circleci_job(Sandbox& s, int version = 2, const std::string& project = "") {
  return s.ci_job("/admin/tokens/circleci",
                  "{\"org_id\":" + quoted(s.setting("SANDBOX_CIRCLECI_ORG_ID")) + ",\"project_id\":" +
                      quoted(project.empty() ? s.setting("SANDBOX_CIRCLECI_PROJECT_ID") : project) +
                      ",\"version\":" + std::to_string(version) + "}");
}

EnvMap mint_task(Sandbox& s, const std::string& vault = "") {
  return s.ci_job("/admin/tokens/mint", "{\"org_id\":" + quoted(s.setting("SANDBOX_MINT_ORG_ID")) + ",\"vault\":" +
                                            quoted(vault.empty() ? s.setting("SANDBOX_MINT_VAULT") : vault) + "}");
}

EnvMap gitlab_job(Sandbox& s, const std::string& path = "") {
  return s.ci_job("/admin/tokens/gitlab",
                  "{\"project_path\":" + quoted(path.empty() ? s.setting("SANDBOX_GITLAB_PROJECT_PATH") : path) + "}");
}

bool is_pull_token(const RunResult& r) {
  return r.exit_code == 0 && json_string_field(r.out, "Secret").rfind("depot_pull_", 0) == 0;
}

size_t count_of(const std::vector<std::string>& routes, const std::string& route) {
  return static_cast<size_t>(std::count(routes.begin(), routes.end(), route));
}

}  // namespace

TEST_CASE("Buildkite: the agent API's OIDC token becomes a pull token") {
  auto& s = Sandbox::get();
  s.reset();
  auto r = run_helper("get", buildkite_job(s), "registry.depot.dev");
  INFO(r.out);
  CHECK(is_pull_token(r));
  CHECK(r.err.empty());
  CHECK(s.routes_called() == std::vector<std::string>{"buildkite_token", "get_pull_token"});
  auto log = s.ctl("GET", "/admin/log");
  CHECK(log.find("\"auth_scheme\":\"Token\"") != std::string::npos);
  CHECK(log.find("(buildkite)") != std::string::npos);  // the User-Agent names the CI
}

TEST_CASE("Buildkite: a pipeline outside the trust relationships is refused by Depot") {
  auto& s = Sandbox::get();
  auto r = run_helper("get", buildkite_job(s, "other-pipeline"), "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Depot rejected the Buildkite token: permission_denied", 0) == 0);
  CHECK(r.out.find("other-pipeline") != std::string::npos);
}

TEST_CASE("Buildkite: a container step without the agent token is told which variable to pass") {
  auto& s = Sandbox::get();
  auto env = buildkite_job(s);
  env.erase("BUILDKITE_AGENT_ACCESS_TOKEN");
  s.reset();
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("Buildkite") != std::string::npos);
  CHECK(r.out.find("BUILDKITE_AGENT_ACCESS_TOKEN") != std::string::npos);
  CHECK(r.out.find("container") != std::string::npos);
  CHECK(s.routes_called().empty());
}

TEST_CASE("Buildkite: 502 is retried, 403 and 422 are final and their message is shown") {
  auto& s = Sandbox::get();
  auto env = buildkite_job(s);
  s.reset();
  s.fault("buildkite_token", "\"status\":502", 2);
  CHECK(is_pull_token(run_helper("get", env, "registry.depot.dev")));
  CHECK(count_of(s.routes_called(), "buildkite_token") == 3);

  for (int status : {403, 422}) {
    auto fresh = buildkite_job(s);
    s.reset();
    s.fault("buildkite_token",
            "\"status\":" + std::to_string(status) + ",\"body\":\"{\\\"message\\\":\\\"No way\\\"}\"", 3);
    auto r = run_helper("get", fresh, "registry.depot.dev");
    INFO(status);
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("HTTP " + std::to_string(status) + ": No way") != std::string::npos);
    CHECK(count_of(s.routes_called(), "buildkite_token") == 1);
  }
}

TEST_CASE("CircleCI: the V2 token is exchanged, V1 is the fallback, V2 wins when both are set") {
  auto& s = Sandbox::get();
  s.reset();
  CHECK(is_pull_token(run_helper("get", circleci_job(s, 2), "registry.depot.dev")));
  CHECK(s.routes_called() == std::vector<std::string>{"get_pull_token"});  // no CI request: the token is in the env
  CHECK(is_pull_token(run_helper("get", circleci_job(s, 1), "registry.depot.dev")));

  auto both = circleci_job(s, 2);
  both["CIRCLE_OIDC_TOKEN"] = circleci_job(s, 1, "00000000-0000-4000-8000-000000000000")["CIRCLE_OIDC_TOKEN"];
  CHECK(is_pull_token(run_helper("get", both, "registry.depot.dev")));
}

TEST_CASE("CircleCI: another project's token is refused, and a job without a token hears why") {
  auto& s = Sandbox::get();
  auto r = run_helper("get", circleci_job(s, 2, "00000000-0000-4000-8000-000000000000"), "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Depot rejected the CircleCI token: permission_denied", 0) == 0);

  auto env = s.base_env();
  env["CIRCLECI"] = "true";
  auto missing = run_helper("get", env, "registry.depot.dev");
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("CIRCLE_OIDC_TOKEN_V2") != std::string::npos);
  CHECK(missing.out.find("fork") != std::string::npos);
}

TEST_CASE("CircleCI: an expired token is refused by Depot as unauthenticated") {
  auto& s = Sandbox::get();
  auto env = s.ci_job("/admin/tokens/circleci",
                      "{\"org_id\":" + quoted(s.setting("SANDBOX_CIRCLECI_ORG_ID")) +
                          ",\"project_id\":" + quoted(s.setting("SANDBOX_CIRCLECI_PROJECT_ID")) + ",\"token_ttl\":0}");
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Depot rejected the CircleCI token: unauthenticated", 0) == 0);
}

TEST_CASE("Mint: the vault token in DEPOT_OIDC_TOKEN, or in DEPOT_TOKEN as Depot's guide has it, is exchanged") {
  auto& s = Sandbox::get();
  auto task = mint_task(s);
  CHECK(is_pull_token(run_helper("get", task, "registry.depot.dev")));

  auto rwx = task;
  rwx.erase("MINT");
  rwx["RWX"] = "true";
  CHECK(is_pull_token(run_helper("get", rwx, "registry.depot.dev")));

  auto in_depot_token = s.base_env();
  in_depot_token["DEPOT_PROJECT_ID"] = s.project_id;
  in_depot_token["DEPOT_TOKEN"] = task["DEPOT_OIDC_TOKEN"];
  auto r = run_helper("get", in_depot_token, "registry.depot.dev");
  CHECK(is_pull_token(r));  // exchanged, never served raw
}

TEST_CASE("Mint: another vault is refused, and a task without a token is told how to map one") {
  auto& s = Sandbox::get();
  auto r = run_helper("get", mint_task(s, "other-vault"), "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Depot rejected the Mint token: permission_denied", 0) == 0);

  auto env = s.base_env();
  env["MINT"] = "true";
  auto missing = run_helper("get", env, "registry.depot.dev");
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("vaults.") != std::string::npos);
}

TEST_CASE("GitLab: id_tokens in DEPOT_OIDC_TOKEN is exchanged, and without it the fix is named") {
  auto& s = Sandbox::get();
  CHECK(is_pull_token(run_helper("get", gitlab_job(s), "registry.depot.dev")));
  auto other = run_helper("get", gitlab_job(s, "acme/other"), "registry.depot.dev");
  CHECK(other.out.rfind("Depot rejected the GitLab CI token: permission_denied", 0) == 0);

  auto env = s.base_env();
  env["GITLAB_CI"] = "true";
  auto missing = run_helper("get", env, "registry.depot.dev");
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("id_tokens") != std::string::npos);
}

TEST_CASE("Any other CI: DEPOT_OIDC_TOKEN alone is exchanged") {
  auto& s = Sandbox::get();
  auto env = gitlab_job(s);
  env.erase("GITLAB_CI");
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(is_pull_token(r));
}

TEST_CASE("detection: marker values are strict") {
  auto& s = Sandbox::get();
  for (const std::string value : {"1", "TRUE", "True", "yes", ""}) {
    for (const std::string marker : {"GITHUB_ACTIONS", "BUILDKITE", "CIRCLECI", "MINT", "GITLAB_CI"}) {
      auto env = s.base_env();
      env[marker] = value;
      INFO(marker << "=" << value);
      CHECK(run_helper("get", env, "registry.depot.dev").out == "credentials not found in native keychain\n");
    }
  }
}

TEST_CASE("detection: a GitHub Actions runner started inside a Buildkite job uses GitHub's token") {
  auto& s = Sandbox::get();
  auto env = buildkite_job(s);
  for (const auto& [k, v] : s.github_job(s.setting("SANDBOX_GITHUB_REPOSITORY"))) env[k] = v;
  s.reset();
  CHECK(is_pull_token(run_helper("get", env, "registry.depot.dev")));
  CHECK(s.routes_called() == std::vector<std::string>{"github_token", "get_pull_token"});
}

TEST_CASE("detection: leftovers of another CI without its token do not hide the CI that has one") {
  auto& s = Sandbox::get();
  auto env = buildkite_job(s);
  env["GITHUB_ACTIONS"] = "true";  // no ACTIONS_ID_TOKEN_REQUEST_* : a leftover
  env["CIRCLECI"] = "true";
  s.reset();
  CHECK(is_pull_token(run_helper("get", env, "registry.depot.dev")));
  CHECK(s.routes_called() == std::vector<std::string>{"buildkite_token", "get_pull_token"});
}

TEST_CASE("detection: when no detected CI has a token, the first one explains what is missing") {
  auto& s = Sandbox::get();
  auto env = s.base_env();
  env["BUILDKITE"] = "true";
  env["CIRCLECI"] = "true";
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Buildkite", 0) == 0);
}

TEST_CASE("secret scan: after a job in every CI, the sandbox's request log and its own log hold no credential") {
  auto& s = Sandbox::get();
  s.reset();
  auto github = s.github_job(s.setting("SANDBOX_GITHUB_REPOSITORY"));
  github["DEPOT_HELPER_DEBUG"] = "1";
  for (const auto& env : {github, buildkite_job(s), circleci_job(s), mint_task(s), gitlab_job(s)})
    CHECK(is_pull_token(run_helper("get", env, "registry.depot.dev")));
  auto log = s.ctl("GET", "/admin/log");
  CHECK(std::count(log.begin(), log.end(), '{') >= 6);  // the log did record the runs
  check_no_secret_in(log, "the sandbox's request log");
  std::ifstream own_log(s.state_dir + "/sandbox.log");
  std::string text((std::istreambuf_iterator<char>(own_log)), std::istreambuf_iterator<char>());
  check_no_secret_in(text, "sandbox.log");
}
