#include "helper/config.h"

#include <catch2/catch.hpp>

using namespace depot;
using namespace std::chrono_literals;

TEST_CASE("load_config: defaults") {
  auto c = load_config(Env(std::map<std::string, std::string>{{"HOME", "/home/u"}}));
  CHECK(c.api_url == "https://api.depot.dev");
  CHECK(c.total_timeout == 30s);
  CHECK(c.connect_timeout == 5s);
  CHECK(c.attempt_timeout == 10s);
  CHECK_FALSE(c.debug);
  CHECK(c.config_home == "/home/u/.config");
  CHECK(c.extra_registries.empty());
  CHECK(c.problems.empty());
}

TEST_CASE("load_config: every setting") {
  auto c = load_config(Env({{"DEPOT_HELPER_REGISTRIES", " A.example:5000, ,b.example "},
                            {"DEPOT_HELPER_TIMEOUT", "4"},
                            {"DEPOT_HELPER_DEBUG", "1"},
                            {"DEPOT_API_URL", "https://127.0.0.1:8443/"},
                            {"DEPOT_PROJECT_ID", " p1 "},
                            {"DEPOT_TOKEN", "t\n"},
                            {"XDG_CONFIG_HOME", "/xdg"},
                            {"SSL_CERT_FILE", "/ca.pem"}}));
  CHECK(c.extra_registries == std::vector<std::string>{"a.example:5000", "b.example"});
  CHECK(c.total_timeout == 4s);
  CHECK(c.attempt_timeout == 4s);  // never longer than the whole budget
  CHECK(c.debug);
  CHECK(c.api_url == "https://127.0.0.1:8443");
  CHECK(c.project_id == "p1");
  CHECK(c.depot_token.reveal() == "t");
  CHECK(c.config_home == "/xdg");
  CHECK(c.ca_file == "/ca.pem");
}

TEST_CASE("load_config: a bad timeout is a problem, not a silent default") {
  for (const char* bad : {"0", "-1", "ten", "5s", "99999"}) {
    auto c = load_config(Env(std::map<std::string, std::string>{{"DEPOT_HELPER_TIMEOUT", bad}}));
    INFO(bad);
    CHECK(c.problems.size() == 1);
  }
}

TEST_CASE("Env: is_true is strict") {
  Env env({{"A", "true"}, {"B", "1"}, {"C", "TRUE"}, {"D", ""}});
  CHECK(env.is_true("A"));
  CHECK_FALSE(env.is_true("B"));
  CHECK_FALSE(env.is_true("C"));
  CHECK_FALSE(env.has("D"));
  CHECK(env.get("D").has_value());
}
