#include "helper/protocol.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace depot;

TEST_CASE("normalize_server strips scheme, path, default port, case and whitespace") {
  CHECK(normalize_server("registry.depot.dev") == "registry.depot.dev");
  CHECK(normalize_server("registry.depot.dev\n") == "registry.depot.dev");
  CHECK(normalize_server("https://registry.depot.dev/") == "registry.depot.dev");
  CHECK(normalize_server("http://Registry.Depot.Dev:443/v2/") == "registry.depot.dev");
  CHECK(normalize_server("registry.depot.dev:5000") == "registry.depot.dev:5000");
  CHECK(normalize_server("user@registry.depot.dev") == "registry.depot.dev");
  CHECK(normalize_server("registry.depot.dev.") == "registry.depot.dev");
  CHECK(normalize_server("[::1]:5000/x") == "[::1]:5000");
  CHECK(normalize_server("https://index.docker.io/v1/") == "index.docker.io");
  CHECK(normalize_server("").empty());
}

TEST_CASE("is_served_host: Depot's registries and the configured extras only") {
  std::vector<std::string> none;
  CHECK(is_served_host("registry.depot.dev", none));
  CHECK(is_served_host("org123.registry.depot.dev", none));
  CHECK_FALSE(is_served_host("registry.depot.dev:5000", none));
  CHECK_FALSE(is_served_host("registry.depot.dev.attacker.net", none));
  CHECK_FALSE(is_served_host("depot.dev", none));
  CHECK_FALSE(is_served_host("", none));
  std::vector<std::string> extra{"localhost:5000", "https://mirror.example.com/"};
  CHECK(is_served_host("localhost:5000", extra));
  CHECK(is_served_host("mirror.example.com", extra));
  CHECK_FALSE(is_served_host("localhost", extra));
}

TEST_CASE("run_action: store, list, erase and version need no environment") {
  Env env;
  std::istringstream store_in(R"({"ServerURL":"registry.depot.dev","Username":"x-token","Secret":"s"})");
  std::ostringstream out;
  CHECK(run_action("store", store_in, out, env) == 0);
  CHECK(out.str().empty());
  std::istringstream list_in("unused");
  CHECK(run_action("list", list_in, out, env) == 0);
  CHECK(out.str() == "{}\n");
  std::istringstream erase_in("registry.depot.dev");
  std::ostringstream erase_out;
  CHECK(run_action("erase", erase_in, erase_out, env) == 0);
  CHECK(erase_out.str().empty());
}

TEST_CASE("run_action get answers the sentinels for unserved hosts and empty input") {
  Env env;
  std::istringstream unserved("docker.io");
  std::ostringstream out;
  CHECK(run_action("get", unserved, out, env) == 1);
  CHECK(out.str() == std::string(kCredentialsNotFound) + "\n");
  std::istringstream empty("");
  std::ostringstream out2;
  CHECK(run_action("get", empty, out2, env) == 1);
  CHECK(out2.str() == std::string(kMissingServerUrl) + "\n");
}

TEST_CASE("run_action get serves DEPOT_TOKEN as the protocol's JSON, escaping the echoed URL") {
  Env env(std::map<std::string, std::string>{{"DEPOT_TOKEN", "tok"}});
  std::istringstream in("https://registry.depot.dev/\"x");
  std::ostringstream out;
  CHECK(run_action("get", in, out, env) == 0);
  CHECK(out.str() ==
        "{\"ServerURL\":\"https://registry.depot.dev/\\\"x\",\"Username\":\"x-token\",\"Secret\":\"tok\"}\n");
}

TEST_CASE("normalize_server rejects what cannot be a registry host, so it is never served") {
  CHECK(normalize_server("registry.depot.dev:443:443").empty());
  CHECK(normalize_server("registry.depot.dev:").empty());
  CHECK(normalize_server("registry.depot.dev:44a").empty());
  CHECK(normalize_server("registry depot.dev").empty());
  CHECK(normalize_server("[::1").empty());
  CHECK(normalize_server("[::1]x").empty());
  CHECK(normalize_server("registry.depot.dev.:443") == "registry.depot.dev");
  CHECK(normalize_server("[::1]:443") == "[::1]");
}

TEST_CASE("normalize_server is idempotent on bracketed hosts (found by fuzz_server_url)") {
  CHECK(normalize_server("[::[1]:443##").empty());
  CHECK(normalize_server("[::1]") == "[::1]");
  CHECK(normalize_server(normalize_server("[::1]:443")) == "[::1]");
}
