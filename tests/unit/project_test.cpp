#include "helper/project.h"

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

using namespace depot;
namespace fs = std::filesystem;

namespace {
std::string temp_dir() {
  std::string pattern = "/tmp/depot-project-XXXXXX";
  REQUIRE(mkdtemp(pattern.data()));
  return pattern;
}
}  // namespace

TEST_CASE("yaml_top_level_value reads flat keys, quotes and comments") {
  CHECK(yaml_top_level_value("id: abc123\n", "id") == "abc123");
  CHECK(yaml_top_level_value("# c\nid: \"abc\" # note\n", "id") == "abc");
  CHECK(yaml_top_level_value("id: 'x y'\n", "id") == "x y");
  CHECK(yaml_top_level_value("id: abc # comment\n", "id") == "abc");
  CHECK_FALSE(yaml_top_level_value("nested:\n  id: abc\n", "id"));
  CHECK_FALSE(yaml_top_level_value("identity: abc\n", "id"));
  CHECK_FALSE(yaml_top_level_value("id: \"unterminated\n", "id"));
}

TEST_CASE("find_project_id walks up to the nearest project file, depot.json first") {
  auto root = temp_dir();
  fs::create_directories(root + "/a/b/c");
  CHECK(find_project_id(root + "/a/b/c").empty());
  std::ofstream(root + "/a/depot.yaml") << "id: from-yaml\n";
  CHECK(find_project_id(root + "/a/b/c") == "from-yaml");
  std::ofstream(root + "/a/b/depot.json") << R"({"id":"from-json"})";
  CHECK(find_project_id(root + "/a/b/c") == "from-json");
  std::ofstream(root + "/a/b/c/depot.yml") << "id: nearest\n";
  CHECK(find_project_id(root + "/a/b/c") == "nearest");
  fs::remove_all(root);
}

TEST_CASE("read_cli_api_token reads depot login's file and tolerates its absence") {
  auto home = temp_dir();
  CHECK(read_cli_api_token(home).empty());
  CHECK(read_cli_api_token("").empty());
  fs::create_directories(home + "/depot");
  std::ofstream(home + "/depot/depot.yaml") << "api_token: depot_user_abc\nother: 1\n";
  CHECK(read_cli_api_token(home) == "depot_user_abc");
  fs::remove_all(home);
}
