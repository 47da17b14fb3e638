#include "helper/protocol.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <iterator>

#include "helper/cache.h"
#include "helper/json.h"
#include "helper/log.h"
#include "helper/resolve.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr size_t kMaxStdin = 64 * 1024;

std::string read_all(std::istream& in) {
  std::string data;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    if (data.size() < kMaxStdin) data.append(buf, static_cast<size_t>(in.gcount()));
  }
  return data;
}

int fail(std::ostream& out, std::string_view message) {
  out << message << '\n';
  return 1;
}

int get_credentials(std::string_view server_url, std::ostream& out, const Env& env) {
  Config config = load_config(env);
  log::enable(config.debug);
  const std::string host = normalize_server(server_url);
  if (!is_served_host(host, config.extra_registries)) {
    log::debug("{} is not a Depot registry: answering not found", host);
    return fail(out, kCredentialsNotFound);
  }
  if (!config.problems.empty()) return fail(out, "docker-credential-depot: " + config.problems.front());

  HttpClient http(http_settings_for(config, env), Clock::now() + config.total_timeout);
  auto cache = open_token_cache(config);
  auto credential = resolve_credential(config, env, http, *cache);
  if (!credential) return fail(out, credential.error().message());
  if (!credential.value()) return fail(out, kCredentialsNotFound);
  const Credential& found = *credential.value();
  log::debug("answering {} with {} from {}", host, found.token, found.source);
  out << json::object({{"ServerURL", server_url}, {"Username", kUsername}, {"Secret", found.token.reveal()}}) << '\n';
  return 0;
}

// `docker logout`: drop the cached tokens. One token serves every Depot
// registry, so erasing any served host drops them all.
int erase_credentials(std::string_view server_url, const Env& env) {
  Config config = load_config(env);
  log::enable(config.debug);
  if (!is_served_host(normalize_server(server_url), config.extra_registries)) return 0;
  open_token_cache(config)->erase_all();
  return 0;
}

}  // namespace

std::string normalize_server(std::string_view server_url) {
  std::string_view s = trim(server_url);
  if (auto scheme = s.find("://"); scheme != std::string_view::npos) s = s.substr(scheme + 3);
  s = s.substr(0, s.find_first_of("/?#"));
  if (auto at = s.rfind('@'); at != std::string_view::npos) s = s.substr(at + 1);

  // Split host and port; a bracketed IPv6 literal keeps its colons.
  std::string_view host = s, port;
  bool has_port = false;
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos) return {};
    host = s.substr(0, close + 1);
    std::string_view rest = s.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else if (auto colon = s.find(':'); colon != std::string_view::npos) {
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
    has_port = true;
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  // Anything else is not a registry host we could serve: treat it as unknown.
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto name_char = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-' || c == '.' || c == '_';
  };
  auto ipv6_char = [&](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
  };
  bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  std::string_view inner = bracketed ? host.substr(1, host.size() - 2) : host;
  bool valid = bracketed ? std::all_of(inner.begin(), inner.end(), ipv6_char)
                         : std::all_of(inner.begin(), inner.end(), name_char);
  if (inner.empty() || !valid) return {};
  if (has_port && (port.empty() || !std::all_of(port.begin(), port.end(), is_digit))) return {};
  std::string out = to_lower(host);
  if (!port.empty() && port != "443") out += ":" + std::string(port);
  return out;
}

bool is_served_host(const std::string& host, const std::vector<std::string>& extra_registries) {
  if (host.empty()) return false;
  constexpr std::string_view kRegistry = "registry.depot.dev";
  if (host == kRegistry || ends_with_label(host, kRegistry)) return true;
  for (const auto& extra : extra_registries)
    if (normalize_server(extra) == host) return true;
  return false;
}

std::string usage_text() {
  return "Usage: docker-credential-depot <get|store|erase|list|version|configure|doctor|token>\n"
         "\n"
         "A Docker credential helper for Depot's registry (registry.depot.dev).\n"
         "In CI it exchanges the job's OIDC token for a short-lived Depot pull token;\n"
         "elsewhere it serves DEPOT_TOKEN, DEPOT_API_TOKEN or the Depot CLI's token.\n"
         "\n"
         "  get       read a server URL on stdin, print its credentials as JSON\n"
         "  store     accepted and ignored: nothing is ever persisted\n"
         "  erase     read a server URL on stdin, forget what is held for it\n"
         "  list      print the stored credentials (always {})\n"
         "  version   print the version\n"
         "  configure [--config DIR] [--registry HOST]... [--uninstall]\n"
         "            map registry.depot.dev (and HOSTs) to this helper in Docker's config.json\n"
         "  doctor    explain what was detected and check that a token can be had now\n"
         "  token [--kind pull|access] [--github-env]\n"
         "            print a Depot token for other tools (DEPOT_TOKEN=$(... token))\n"
         "\n"
         "Settings are environment variables; see the README for the full table.\n";
}

int run_action(std::string_view action, std::istream& in, std::ostream& out, const Env& env) {
  if (action == "get" || action == "erase") {
    std::string input = read_all(in);
    if (trim(input).empty()) return fail(out, kMissingServerUrl);
    if (action == "erase") return erase_credentials(trim(input), env);
    return get_credentials(trim(input), out, env);
  }
  if (action == "store") {
    read_all(in);  // never persist the secret; reading lets the writer finish cleanly
    return 0;
  }
  if (action == "list") {
    read_all(in);
    out << "{}\n";
    return 0;
  }
  if (action == "version" || action == "--version" || action == "-v") {
    out << "docker-credential-depot (docker-credential-depot) " << DEPOT_HELPER_VERSION << '\n';
    return 0;
  }
  if (action == "--help" || action == "-h" || action == "help") {
    out << usage_text();
    return 0;
  }
  return fail(out, "unknown action \"" + std::string(action) + "\"; run docker-credential-depot --help");
}

}  // namespace depot
