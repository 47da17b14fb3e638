#include "helper/doctor.h"

#include <ctime>

#include "adapters/adapter.h"
#include "helper/cache.h"
#include "helper/jwt.h"
#include "helper/project.h"
#include "helper/resolve.h"
#include "helper/text.h"

namespace depot {

namespace {

struct Report {
  std::ostream& out;
  int problems = 0;

  void line(const std::string& text) { out << text << '\n'; }
  void ok(const std::string& text) { out << "  ok       " << text << '\n'; }
  void info(const std::string& text) { out << "  info     " << text << '\n'; }
  void problem(const std::string& what, const std::string& fix) {
    ++problems;
    out << "  PROBLEM  " << what << '\n';
    if (!fix.empty()) out << "  fix      " << fix << '\n';
  }
};

std::string present_variables(const Env& env, const Adapter& adapter) {
  std::string names;
  for (auto name : adapter.variables) {
    if (!env.has(std::string(name))) continue;
    names += (names.empty() ? "" : ", ") + std::string(name);
  }
  return names.empty() ? "none" : names;
}

void describe_detection(Report& r, const Env& env, const Adapter* chosen) {
  r.line("CI detection (in order: GitHub Actions, Buildkite, CircleCI, Mint, GitLab CI, DEPOT_OIDC_TOKEN)");
  for (const auto& adapter : all_adapters()) {
    bool detected = adapter.detect(env);
    bool has_credential = !adapter.credential(env).empty();
    std::string state = !detected        ? "not detected"
                        : has_credential ? "detected, token source present"
                                         : "detected, token source missing";
    std::string mark = &adapter == chosen ? "  <- used" : "";
    r.info(std::string(adapter.name) + ": " + state + " (variables set: " + present_variables(env, adapter) + ")" +
           mark);
  }
}

void describe_static_sources(Report& r, const Config& config) {
  r.line("Static tokens (checked before any CI)");
  r.info(std::string("DEPOT_TOKEN: ") + (config.depot_token.empty() ? "unset"
                                         : looks_like_jwt(config.depot_token.reveal())
                                             ? "set (a JWT: exchanged as an OIDC token)"
                                             : "set"));
  r.info(std::string("DEPOT_API_TOKEN: ") + (config.depot_api_token.empty() ? "unset" : "set"));
  r.info(std::string("depot.yaml api_token: ") +
         (read_cli_api_token(config.config_home).empty() ? "absent" : "present") + " (" +
         (config.config_home.empty() ? std::string("no config home") : config.config_home + "/depot/depot.yaml") + ")");
}

void describe_oidc_token(Report& r, const OidcToken& token) {
  auto claims = decode_jwt_claims(token.jwt.reveal());
  std::string detail = token.jwt.fingerprint();
  if (claims) {
    detail += ", iss " + claims->iss + ", sub " + claims->sub;
    if (claims->exp)
      detail += ", expires in " + std::to_string(*claims->exp - static_cast<int64_t>(std::time(nullptr))) + " s";
  }
  r.ok(token.source + " OIDC token obtained (" + detail + ")");
}

void describe_cached_token(Report& r, const Config& config, const Env& env, const std::string& project) {
  auto source = select_oidc_source(config, env);
  if (!source || source->credential.empty()) return;
  auto cache = open_token_cache(config);
  int64_t now = std::time(nullptr);
  auto hit = cache->load(cache_key_for(config, project, *source), now, 0);
  if (!hit)
    r.info("cached token for this job: none (the next `get` exchanges)");
  else if (hit->expires_at - now < config.refresh_margin)
    r.info("cached token for this job: " + hit->token.fingerprint() + ", " + std::to_string(hit->expires_at - now) +
           " s left: under the margin, the next `get` refreshes it");
  else
    r.info("cached token for this job: " + hit->token.fingerprint() + ", " + std::to_string(hit->expires_at - now) +
           " s left: the next `get` serves it without a request");
}

void check_exchange(Report& r, const Config& config, const Env& env) {
  r.line("Live check");
  HttpClient http(http_settings_for(config, env), Clock::now() + config.total_timeout);
  auto oidc = obtain_oidc_token(config, env, http);
  if (!oidc) {
    r.problem(oidc.error().what + ": " + oidc.error().why, oidc.error().fix);
    return;
  }
  if (!oidc.value()) {
    r.problem("no credential source: `get` answers \"not found\" and docker pulls anonymously",
              "run inside a supported CI with OIDC enabled, or set DEPOT_TOKEN");
    return;
  }
  describe_oidc_token(r, *oidc.value());
  auto pull = exchange_for_pull_token(config, project_id_for(config), http, *oidc.value());
  if (!pull) {
    r.problem(pull.error().what + ": " + pull.error().why, pull.error().fix);
    return;
  }
  r.ok("Depot exchanged it for a pull token (" + pull.value().token.fingerprint() + ")");
}

}  // namespace

int run_doctor(std::ostream& out, const Env& env) {
  Report r{out};
  Config config = load_config(env);
  r.line(std::string("docker-credential-depot ") + DEPOT_HELPER_VERSION + " doctor");
  for (const auto& p : config.problems) r.problem(p, "");

  const Adapter* chosen = detect_ci(env);
  describe_detection(r, env, chosen);
  describe_static_sources(r, config);

  r.line("Settings");
  std::string project = project_id_for(config);
  if (project.empty())
    r.info("project id: unset (Depot must derive it from the token; set DEPOT_PROJECT_ID or add depot.json)");
  else
    r.info("project id: " + project + (config.project_id.empty() ? " (from a project file)" : " (DEPOT_PROJECT_ID)"));
  r.info("Depot API: " + config.api_url);
  std::string registries = "registry.depot.dev, *.registry.depot.dev";
  for (const auto& extra : config.extra_registries) registries += ", " + extra;
  r.info("registries served: " + registries);
  r.info("cache: " + open_token_cache(config)->describe() + ", refresh margin " +
         std::to_string(config.refresh_margin) + " s");
  describe_cached_token(r, config, env, project);
  r.info("CA: " + (config.ca_file.empty() && config.ca_dir.empty()
                       ? std::string("system default")
                       : config.ca_file + (config.ca_dir.empty() ? "" : " " + config.ca_dir)));

  if (auto fixed = static_credential(config)) {
    r.line("Live check");
    r.ok("`get` serves " + fixed->source + " (" + fixed->token.fingerprint() + ") without any request");
  } else if (config.problems.empty()) {
    check_exchange(r, config, env);
  }
  r.line(r.problems == 0 ? "Result: `get` would succeed"
                         : "Result: " + std::to_string(r.problems) + " problem(s) found");
  return r.problems == 0 ? 0 : 1;
}

}  // namespace depot
