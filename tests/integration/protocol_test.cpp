// The credential-helper protocol as docker sees it: the built binary, stdin,
// stdout, exit codes. No CI here, or a CI whose host is not ours.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/integration/harness.h"

using namespace testing;

namespace {
const std::string kNotFound = "credentials not found in native keychain\n";
}

TEST_CASE("hosts that are not Depot registries get the not-found sentinel without any request") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.github_job("acme/widgets");  // even inside a CI job with a token at hand
  for (const std::string host : {"docker.io", "https://index.docker.io/v1/", "ghcr.io", "registry.depot.dev.evil.com",
                                 "evilregistry.depot.dev", "registry.depot.dev:5000", "depot.dev"}) {
    auto r = run_helper("get", env, host);
    INFO(host);
    CHECK(r.exit_code == 1);
    CHECK(r.out == kNotFound);
    CHECK(r.err.empty());
  }
  CHECK(sandbox.routes_called().empty());
}

TEST_CASE("outside any CI and without a Depot token, a Depot host is anonymous") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto r = run_helper("get", sandbox.base_env(), "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out == kNotFound);
  CHECK(r.err.empty());
  CHECK(sandbox.routes_called().empty());
}

TEST_CASE("empty stdin on get and erase answers the missing-URL sentinel") {
  for (const std::string action : {"get", "erase"}) {
    for (const std::string input : {"", "\n", "  \n"}) {
      auto r = run_helper(action, {}, input);
      CHECK(r.exit_code == 1);
      CHECK(r.out == "no credentials server URL\n");
    }
  }
}

TEST_CASE("DEPOT_TOKEN is served as is, with no request, for every spelling of the host") {
  auto& sandbox = Sandbox::get();
  sandbox.reset();
  auto env = sandbox.base_env();
  env["DEPOT_TOKEN"] = "depot_user_static_token_1";
  remember_secret(env["DEPOT_TOKEN"]);
  for (const std::string host : {"registry.depot.dev", "registry.depot.dev\n", "https://registry.depot.dev/",
                                 "http://registry.depot.dev", "REGISTRY.Depot.DEV", "registry.depot.dev:443",
                                 "https://registry.depot.dev/v2/", "abc123.registry.depot.dev"}) {
    auto r = run_helper("get", env, host);
    INFO(host);
    REQUIRE(r.exit_code == 0);
    CHECK(json_string_field(r.out, "Secret") == "depot_user_static_token_1");
    CHECK(json_string_field(r.out, "Username") == "x-token");
    std::string given(host);
    while (!given.empty() && given.back() == '\n') given.pop_back();
    CHECK(json_string_field(r.out, "ServerURL") == given);
    CHECK(r.err.empty());
  }
  CHECK(sandbox.routes_called().empty());
}

TEST_CASE("DEPOT_API_TOKEN and the Depot CLI's depot.yaml are the next sources, in that order") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.base_env();
  auto config_home = make_temp_dir("depot-xdg");
  std::filesystem::create_directories(config_home + "/depot");
  std::ofstream(config_home + "/depot/depot.yaml") << "# written by depot login\napi_token: \"depot_user_from_file\"\n";
  remember_secret("depot_user_from_file");
  env["XDG_CONFIG_HOME"] = config_home;
  auto from_file = run_helper("get", env, "registry.depot.dev");
  CHECK(json_string_field(from_file.out, "Secret") == "depot_user_from_file");

  env["DEPOT_API_TOKEN"] = "depot_api_token_2";
  remember_secret("depot_api_token_2");
  auto from_api_var = run_helper("get", env, "registry.depot.dev");
  CHECK(json_string_field(from_api_var.out, "Secret") == "depot_api_token_2");

  env["DEPOT_TOKEN"] = "depot_token_3";
  remember_secret("depot_token_3");
  auto from_token_var = run_helper("get", env, "registry.depot.dev");
  CHECK(json_string_field(from_token_var.out, "Secret") == "depot_token_3");
  std::filesystem::remove_all(config_home);
}

TEST_CASE("store is a no-op that persists nothing, list is empty, erase succeeds") {
  auto home = make_temp_dir("depot-store-home");
  EnvMap env{{"HOME", home}};
  auto stored = run_helper("store", env,
                           R"({"ServerURL":"registry.depot.dev","Username":"x-token","Secret":"depot_stored_secret"})");
  remember_secret("depot_stored_secret");
  CHECK(stored.exit_code == 0);
  CHECK(stored.out.empty());
  CHECK(std::filesystem::is_empty(home));
  auto listed = run_helper("list", env, "unused");
  CHECK(listed.exit_code == 0);
  CHECK(listed.out == "{}\n");
  auto erased = run_helper("erase", env, "https://registry.depot.dev");
  CHECK(erased.exit_code == 0);
  CHECK(erased.out.empty());
  std::filesystem::remove_all(home);
}

TEST_CASE("version, --version and -v print the version line, --help prints usage, unknown actions fail") {
  for (const std::string flag : {"version", "--version", "-v"}) {
    auto r = run_helper(flag, {}, "");
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("docker-credential-depot (docker-credential-depot) ", 0) == 0);
  }
  auto help = run_helper("--help", {}, "");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Usage: docker-credential-depot") != std::string::npos);
  auto unknown = run_helper("fetch", {}, "");
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.out.find("unknown action") != std::string::npos);
}

TEST_CASE("DEPOT_HELPER_REGISTRIES adds hosts, normalized like the rest") {
  auto& sandbox = Sandbox::get();
  auto env = sandbox.base_env();
  env["DEPOT_TOKEN"] = "depot_token_extra";
  remember_secret("depot_token_extra");
  env["DEPOT_HELPER_REGISTRIES"] = " Localhost:5000 , registry.example.com:443";
  CHECK(run_helper("get", env, "localhost:5000").exit_code == 0);
  CHECK(run_helper("get", env, "https://registry.example.com/v2/").exit_code == 0);
  CHECK(run_helper("get", env, "localhost:5001").out == kNotFound);
}

TEST_CASE("an invalid DEPOT_HELPER_TIMEOUT is reported, not ignored") {
  auto env = Sandbox::get().base_env();
  env["DEPOT_TOKEN"] = "depot_token_timeout";
  remember_secret("depot_token_timeout");
  env["DEPOT_HELPER_TIMEOUT"] = "soon";
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 1);
  CHECK(r.out.find("DEPOT_HELPER_TIMEOUT") != std::string::npos);
}
