// The token cache seen from outside: one exchange per credential however many
// callers, nothing served across credentials, nothing stale, nothing unsafe.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>

#include "tests/integration/harness.h"

using namespace testing;
namespace fs = std::filesystem;

namespace {

size_t exchanges(Sandbox& sandbox) {
  auto routes = sandbox.routes_called();
  return static_cast<size_t>(std::count(routes.begin(), routes.end(), "get_pull_token"));
}

std::vector<fs::path> entries(const std::string& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") out.push_back(e.path());
  return out;
}

EnvMap job_with_cache(Sandbox& sandbox, const std::string& cache_dir) {
  auto env = sandbox.github_job("acme/widgets");
  env["DEPOT_HELPER_CACHE_DIR"] = cache_dir;
  return env;
}

}  // namespace

TEST_CASE("cache: a second get is served from the cache, with no request") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto env = job_with_cache(sandbox, dir);
  sandbox.reset();
  auto first = run_helper("get", env, "registry.depot.dev");
  REQUIRE(first.exit_code == 0);
  CHECK(sandbox.routes_called().size() == 2);
  sandbox.reset();
  auto second = run_helper("get", env, "registry.depot.dev");
  REQUIRE(second.exit_code == 0);
  CHECK(json_string_field(second.out, "Secret") == json_string_field(first.out, "Secret"));
  CHECK(sandbox.routes_called().empty());

  // 0700 directory, 0600 files, names that reveal nothing.
  struct stat st {};
  REQUIRE(stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  auto files = entries(dir);
  REQUIRE(files.size() == 1);
  REQUIRE(stat(files[0].c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  check_no_secret_in(files[0].filename().string(), "cache file name");
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("cache: 64 parallel cold gets make exactly one exchange and agree") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto env = job_with_cache(sandbox, dir);
  sandbox.reset();
  std::vector<std::future<RunResult>> runs;
  for (int i = 0; i < 64; ++i)
    runs.push_back(std::async(std::launch::async,
                              [&] { return run_process(HELPER_BINARY, {"get"}, env, "registry.depot.dev", 60); }));
  std::set<std::string> secrets;
  int ok = 0;
  for (auto& r : runs) {
    auto result = r.get();
    if (result.exit_code == 0)
      ++ok;
    else
      UNSCOPED_INFO("exit " << result.exit_code << ": " << result.out);
    secrets.insert(json_string_field(result.out, "Secret"));
    CHECK(result.err.empty());
  }
  CHECK(ok == 64);
  CHECK(secrets.size() == 1);
  CHECK(exchanges(sandbox) == 1);
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("cache: two jobs on one machine (different request tokens) never share a token") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto job_a = job_with_cache(sandbox, dir);
  auto job_b = job_with_cache(sandbox, dir);
  sandbox.reset();
  auto a = run_helper("get", job_a, "registry.depot.dev");
  auto b = run_helper("get", job_b, "registry.depot.dev");
  auto a_again = run_helper("get", job_a, "registry.depot.dev");
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(json_string_field(a.out, "Secret") != json_string_field(b.out, "Secret"));
  CHECK(json_string_field(a_again.out, "Secret") == json_string_field(a.out, "Secret"));
  CHECK(exchanges(sandbox) == 2);
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("cache: a token with less than the refresh margin left is refreshed, and a failed refresh never serves it") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto env = job_with_cache(sandbox, dir);
  auto first = run_helper("get", env, "registry.depot.dev");
  REQUIRE(first.exit_code == 0);
  // A margin above the pull token's 1 h lifetime makes the cached token too old.
  env["DEPOT_HELPER_REFRESH_MARGIN"] = "3700";
  sandbox.reset();
  sandbox.fault("get_pull_token", "\"status\":401", 1);
  auto failed = run_helper("get", env, "registry.depot.dev");
  CHECK(failed.exit_code == 1);
  CHECK(json_string_field(failed.out, "Secret").empty());
  auto refreshed = run_helper("get", env, "registry.depot.dev");
  REQUIRE(refreshed.exit_code == 0);
  CHECK(json_string_field(refreshed.out, "Secret") != json_string_field(first.out, "Secret"));
  CHECK(exchanges(sandbox) == 2);
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("cache: a corrupt entry is ignored and replaced") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto env = job_with_cache(sandbox, dir);
  REQUIRE(run_helper("get", env, "registry.depot.dev").exit_code == 0);
  auto files = entries(dir);
  REQUIRE(files.size() == 1);
  std::ofstream(files[0], std::ios::trunc) << "{\"token\":";
  sandbox.reset();
  auto r = run_helper("get", env, "registry.depot.dev");
  CHECK(r.exit_code == 0);
  CHECK(exchanges(sandbox) == 1);
  sandbox.reset();
  CHECK(run_helper("get", env, "registry.depot.dev").exit_code == 0);
  CHECK(exchanges(sandbox) == 0);
  fs::remove_all(fs::path(dir).parent_path());
}

TEST_CASE("cache: an unsafe cache directory is bypassed, never used") {
  auto& sandbox = Sandbox::get();
  auto root = make_temp_dir("depot-cache");
  fs::create_directories(root + "/real");
  chmod((root + "/real").c_str(), 0700);
  fs::create_directory_symlink(root + "/real", root + "/link");
  fs::create_directories(root + "/open");
  chmod((root + "/open").c_str(), 0777);
  for (const std::string& dir : {root + "/link", root + "/open"}) {
    auto env = job_with_cache(sandbox, dir);
    env["DEPOT_HELPER_DEBUG"] = "1";
    sandbox.reset();
    auto r = run_helper("get", env, "registry.depot.dev");
    INFO(dir);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("cache: not used") != std::string::npos);
    CHECK(entries(root + "/real").empty());
    CHECK(entries(root + "/open").empty());
  }
  fs::remove_all(root);
}

TEST_CASE("cache: DEPOT_HELPER_NO_CACHE=1 stores nothing, and erase drops what is stored") {
  auto& sandbox = Sandbox::get();
  auto dir = make_temp_dir("depot-cache") + "/cache";
  auto env = job_with_cache(sandbox, dir);
  env["DEPOT_HELPER_NO_CACHE"] = "1";
  REQUIRE(run_helper("get", env, "registry.depot.dev").exit_code == 0);
  CHECK(entries(dir).empty());
  env.erase("DEPOT_HELPER_NO_CACHE");
  REQUIRE(run_helper("get", env, "registry.depot.dev").exit_code == 0);
  CHECK(entries(dir).size() == 1);
  CHECK(run_helper("erase", env, "https://docker.io").exit_code == 0);
  CHECK(entries(dir).size() == 1);  // not our host: nothing dropped
  CHECK(run_helper("erase", env, "https://registry.depot.dev").exit_code == 0);
  CHECK(entries(dir).empty());
  fs::remove_all(fs::path(dir).parent_path());
}
