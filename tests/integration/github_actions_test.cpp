// A simulated GitHub Actions job: OIDC token from the runner's token service,
// exchanged with Depot's GetPullToken, all over HTTPS against the sandbox.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include <rapidjson/document.h>

#include "tests/integration/harness.h"

using namespace testing;

namespace {

rapidjson::Document request_log(Sandbox& sandbox) {
  rapidjson::Document doc;
  doc.Parse(sandbox.ctl("GET", "/admin/log").c_str());
  REQUIRE(doc.IsArray());
  return doc;
}

std::string field(const rapidjson::Value& entry, const char* name) {
  auto it = entry.FindMember(name);
  return it != entry.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

}  // namespace

TEST_CASE("GitHub Actions: the job's OIDC token becomes a Depot pull token") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  auto r = run_helper("get", env, "registry.depot.dev");
  INFO(r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  auto secret = json_string_field(r.out, "Secret");
  CHECK(secret.rfind("depot_pull_", 0) == 0);
  CHECK(json_string_field(r.out, "Username") == "x-token");
  CHECK(json_string_field(r.out, "ServerURL") == "registry.depot.dev");

  auto log = request_log(sandbox);
  REQUIRE(log.Size() == 2);
  const auto& oidc = log[0];
  CHECK(field(oidc, "route") == "github_token");
  CHECK(field(oidc, "method") == "GET");
  // The audience is merged into the runner's query string, not appended blindly.
  CHECK(field(oidc, "query") == "api-version=2.0&audience=https%3A%2F%2Fdepot.dev");
  CHECK(field(oidc, "auth_scheme") == "bearer");
  const auto& exchange = log[1];
  CHECK(field(exchange, "route") == "get_pull_token");
  CHECK(field(exchange, "method") == "POST");
  CHECK(field(exchange, "content_type") == "application/json");
  CHECK(field(exchange, "auth_scheme") == "Bearer");
  CHECK(field(exchange, "user_agent").find("docker-credential-depot/") == 0);
  CHECK(field(exchange, "user_agent").find("github-actions") != std::string::npos);
  CHECK(field(exchange, "connect_protocol_version") == "1");
  REQUIRE(exchange["status"].IsInt());
  CHECK(exchange["status"].GetInt() == 200);
}

TEST_CASE("GitHub Actions: the project id comes from the nearest depot.json when DEPOT_PROJECT_ID is unset") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.github_job("acme/widgets");
  env.erase("DEPOT_PROJECT_ID");
  auto repo = make_temp_dir("depot-repo");
  std::filesystem::create_directories(repo + "/services/api");
  std::ofstream(repo + "/depot.json") << "{\"id\":\"" << sandbox.project_id << "\"}\n";
  auto r = run_helper("get", env, "registry.depot.dev", repo + "/services/api");
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(json_string_field(r.out, "Secret").rfind("depot_pull_", 0) == 0);

  std::filesystem::remove(repo + "/depot.json");
  std::ofstream(repo + "/depot.yml") << "id: " << sandbox.project_id << "\n";
  auto from_yaml = run_helper("get", env, "registry.depot.dev", repo + "/services/api");
  CHECK(from_yaml.exit_code == 0);
  std::filesystem::remove_all(repo);
}

TEST_CASE("GitHub Actions: a repository outside the project's trust relationships fails loudly") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/gadgets");
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.rfind("Depot rejected the GitHub Actions token: permission_denied", 0) == 0);
  CHECK(r.out.find("trust relationship") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  CHECK(r.err.empty());
  CHECK(sandbox.routes_called() == std::vector<std::string>{"github_token", "get_pull_token"});
}

TEST_CASE("GitHub Actions: an owner that differs only in case is not trusted") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.github_job("Acme/widgets");
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("permission_denied") != std::string::npos);
}

TEST_CASE("GitHub Actions: a job without id-token permission is told how to fix it") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.base_env();
  env["GITHUB_ACTIONS"] = "true";
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("GitHub Actions") != std::string::npos);
  CHECK(r.out.find("permissions: id-token: write") != std::string::npos);
  CHECK(r.out.find("fork") != std::string::npos);
  CHECK(r.err.empty());
  CHECK(sandbox.routes_called().empty());
}

TEST_CASE("GitHub Actions: with DEPOT_HELPER_DEBUG=1 the steps are narrated on stderr without secrets") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.github_job("acme/widgets");
  env["DEPOT_HELPER_DEBUG"] = "1";
  auto r = run_helper("get", env, "registry.depot.dev");  // run_helper scans stderr for secrets
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("detected GitHub Actions") != std::string::npos);
  CHECK(r.err.find("sha256:") != std::string::npos);
  CHECK(r.err.find(json_string_field(r.out, "Secret")) == std::string::npos);
}

TEST_CASE("a static project token in DEPOT_TOKEN wins over the CI's OIDC token") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");
  env["DEPOT_TOKEN"] = sandbox.project_token;
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 0);
  CHECK(json_string_field(r.out, "Secret") == sandbox.project_token);
  CHECK(sandbox.routes_called().empty());
}
