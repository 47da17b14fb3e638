#include "helper/config.h"

#include <unistd.h>

#include <charconv>
#include <climits>
#include <cstdlib>

#include "helper/text.h"

extern char** environ;

namespace depot {

Env Env::from_process() {
  std::map<std::string, std::string> vars;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    vars.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return Env(std::move(vars));
}

std::optional<std::string> Env::get(const std::string& name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

std::string Env::value(const std::string& name) const { return get(name).value_or(""); }

namespace {

std::optional<long> parse_positive(std::string_view text) {
  text = trim(text);
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

bool is_on(const std::string& value) { return value == "1" || value == "true"; }

std::string current_directory() {
  char buf[PATH_MAX];
  return getcwd(buf, sizeof buf) ? std::string(buf) : std::string(".");
}

}  // namespace

Config load_config(const Env& env) {
  Config c;
  for (const auto& item : split(env.value("DEPOT_HELPER_REGISTRIES"), ',')) {
    auto host = to_lower(trim(item));
    if (!host.empty()) c.extra_registries.push_back(host);
  }
  if (auto t = env.get("DEPOT_HELPER_TIMEOUT"); t && !trim(*t).empty()) {
    if (auto seconds = parse_positive(*t); seconds && *seconds <= 3600)
      c.total_timeout = std::chrono::seconds(*seconds);
    else
      c.problems.push_back("DEPOT_HELPER_TIMEOUT must be a whole number of seconds between 1 and 3600");
  }
  c.attempt_timeout = std::min(c.attempt_timeout, c.total_timeout);
  c.connect_timeout = std::min(c.connect_timeout, c.total_timeout);
  c.debug = is_on(env.value("DEPOT_HELPER_DEBUG"));

  if (auto url = std::string(trim(env.value("DEPOT_API_URL"))); !url.empty()) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    c.api_url = url;
  }
  c.project_id = std::string(trim(env.value("DEPOT_PROJECT_ID")));
  c.depot_token = Secret(std::string(trim(env.value("DEPOT_TOKEN"))));
  c.depot_api_token = Secret(std::string(trim(env.value("DEPOT_API_TOKEN"))));
  c.github_exchange_url = std::string(trim(env.value("DEPOT_HELPER_GITHUB_EXCHANGE_URL")));
  c.ca_file = env.value("SSL_CERT_FILE");
  c.ca_dir = env.value("SSL_CERT_DIR");
  c.config_home = env.value("XDG_CONFIG_HOME");
  if (c.config_home.empty() && env.has("HOME")) c.config_home = env.value("HOME") + "/.config";
  c.working_dir = current_directory();

  c.cache_dir = env.value("DEPOT_HELPER_CACHE_DIR");
  if (c.cache_dir.empty() && env.has("XDG_CACHE_HOME"))
    c.cache_dir = env.value("XDG_CACHE_HOME") + "/docker-credential-depot";
  if (c.cache_dir.empty() && env.has("HOME")) c.cache_dir = env.value("HOME") + "/.cache/docker-credential-depot";
  c.cache_disabled = is_on(env.value("DEPOT_HELPER_NO_CACHE")) || c.cache_dir.empty();
  if (auto m = env.get("DEPOT_HELPER_REFRESH_MARGIN"); m && !trim(*m).empty()) {
    if (trim(*m) == "0")
      c.refresh_margin = 0;
    else if (auto seconds = parse_positive(*m); seconds && *seconds <= 86400)
      c.refresh_margin = *seconds;
    else
      c.problems.push_back("DEPOT_HELPER_REFRESH_MARGIN must be a whole number of seconds between 0 and 86400");
  }
  return c;
}

}  // namespace depot
