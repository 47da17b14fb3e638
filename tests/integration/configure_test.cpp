// `configure` against golden files: tests/golden/configure/<case>/ holds
// input.json (absent: no config yet), args, env (optional), and either
// expected.json or expected-error (then the file must be left untouched).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/integration/harness.h"

using namespace testing;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

RunResult configure(const std::string& dir, std::vector<std::string> args, EnvMap env = {}) {
  args.insert(args.begin(), {"configure", "--config", dir});
  env.emplace("HOME", dir);
  return run_process(HELPER_BINARY, args, env, "");
}

}  // namespace

TEST_CASE("configure: golden files") {
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(GOLDEN_DIR "/configure")) {
    const fs::path c = entry.path();
    auto dir = make_temp_dir("depot-configure");
    const fs::path config = dir + "/config.json";
    if (fs::exists(c / "input.json")) fs::copy_file(c / "input.json", config);
    EnvMap env;
    for (const auto& kv : words(fs::exists(c / "env") ? read(c / "env") : ""))
      env[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
    auto r = configure(dir, words(read(c / "args")), env);
    INFO(c.filename().string() << "\nstdout: " << r.out << "\nstderr: " << r.err);
    if (fs::exists(c / "expected-error")) {
      CHECK(r.exit_code != 0);
      auto expected = read(c / "expected-error");
      expected.erase(expected.find_last_not_of("\n") + 1);
      CHECK(r.err.find(expected) != std::string::npos);
      if (fs::exists(c / "input.json")) CHECK(read(config) == read(c / "input.json"));
    } else {
      CHECK(r.exit_code == 0);
      CHECK(read(config) == read(c / "expected.json"));
      // Idempotent: a second run changes nothing.
      auto again = configure(dir, words(read(c / "args")), env);
      CHECK(again.exit_code == 0);
      CHECK(read(config) == read(c / "expected.json"));
    }
    fs::remove_all(dir);
    ++cases;
  }
  CHECK(cases >= 10);
}

TEST_CASE("configure: a new file is 0600, an existing file keeps its mode, no temp file is left") {
  auto dir = make_temp_dir("depot-configure");
  REQUIRE(configure(dir, {}).exit_code == 0);
  struct stat st {};
  REQUIRE(stat((dir + "/config.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  chmod((dir + "/config.json").c_str(), 0640);
  REQUIRE(configure(dir, {"--registry", "localhost:5000"}).exit_code == 0);
  REQUIRE(stat((dir + "/config.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);
  fs::remove_all(dir);
}

TEST_CASE("configure: a symlinked config.json is followed, as docker does") {
  auto dir = make_temp_dir("depot-configure");
  fs::create_directories(dir + "/dotfiles");
  std::ofstream(dir + "/dotfiles/docker.json") << "{\"auths\":{}}";
  fs::create_directories(dir + "/docker");
  fs::create_symlink("../dotfiles/docker.json", dir + "/docker/config.json");
  REQUIRE(configure(dir + "/docker", {}).exit_code == 0);
  CHECK(fs::is_symlink(dir + "/docker/config.json"));
  CHECK(read(dir + "/dotfiles/docker.json").find("\"registry.depot.dev\": \"depot\"") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("configure: warns when docker could not find the helper on PATH, and not when it can") {
  auto dir = make_temp_dir("depot-configure");
  auto missing = configure(dir, {}, {{"PATH", "/usr/bin:/bin"}});
  CHECK(missing.exit_code == 0);
  CHECK(missing.err.find("not on PATH") != std::string::npos);
  fs::create_directories(dir + "/bin");
  fs::create_symlink(HELPER_BINARY, dir + "/bin/docker-credential-depot");
  auto found = configure(dir, {}, {{"PATH", dir + "/bin:/usr/bin"}});
  CHECK(found.err.empty());
  CHECK(found.out.find("registry.depot.dev -> docker-credential-depot") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("configure: DOCKER_CONFIG is the default directory") {
  auto dir = make_temp_dir("depot-configure");
  auto r = run_process(HELPER_BINARY, {"configure"}, {{"DOCKER_CONFIG", dir}, {"HOME", "/nonexistent"}}, "");
  CHECK(r.exit_code == 0);
  CHECK(fs::exists(dir + "/config.json"));
  fs::remove_all(dir);
}
