#include "helper/resolve.h"

#include <ctime>

#include "helper/cache.h"
#include "helper/depot_api.h"
#include "helper/jwt.h"
#include "helper/log.h"
#include "helper/project.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr int64_t kPullTokenLifetime = 3600;  // Depot docs: pull tokens are valid for 1 hour

using Resolved = Result<std::optional<Credential>>;

}  // namespace

std::string project_id_for(const Config& config) {
  if (!config.project_id.empty()) return config.project_id;
  auto id = find_project_id(config.working_dir);
  log::debug("project id {}",
             id.empty() ? "not found (no DEPOT_PROJECT_ID, no depot.json)" : "from project file: " + id);
  return id;
}

std::string user_agent_for(const Env& env) {
  const Adapter* ci = detect_ci(env);
  return std::string("docker-credential-depot/") + DEPOT_HELPER_VERSION + " (" +
         (ci ? std::string(ci->id) : std::string("no-ci")) + ")";
}

HttpSettings http_settings_for(const Config& config, const Env& env) {
  return HttpSettings{config.ca_file, config.ca_dir, user_agent_for(env), config.connect_timeout,
                      config.attempt_timeout};
}

std::optional<Credential> static_credential(const Config& config) {
  if (!config.depot_token.empty() && !looks_like_jwt(config.depot_token.reveal()))
    return Credential{config.depot_token, "DEPOT_TOKEN"};
  if (!config.depot_token.empty()) return std::nullopt;  // a JWT: exchanged in step 2
  if (!config.depot_api_token.empty()) return Credential{config.depot_api_token, "DEPOT_API_TOKEN"};
  auto from_file = read_cli_api_token(config.config_home);
  if (!from_file.empty()) return Credential{Secret(std::move(from_file)), "depot.yaml api_token"};
  return std::nullopt;
}

std::optional<OidcSource> select_oidc_source(const Config& config, const Env& env) {
  // Depot's Mint guide puts the vault's OIDC token in DEPOT_TOKEN: exchange it.
  if (looks_like_jwt(config.depot_token.reveal()))
    return OidcSource{"depot-token", "DEPOT_TOKEN", config.depot_token.reveal(), nullptr};
  const Adapter* ci = detect_ci(env);
  if (!ci) return std::nullopt;
  return OidcSource{std::string(ci->id), std::string(ci->name), ci->credential(env), ci};
}

Result<OidcToken> fetch_oidc_token(const OidcSource& source, const Env& env, HttpClient& http) {
  if (!source.adapter) {
    log::debug("DEPOT_TOKEN holds a JWT: exchanging it as an OIDC token");
    return OidcToken{Secret(source.credential), source.name, nullptr};
  }
  log::debug("detected {}", source.name);
  auto jwt = source.adapter->fetch(env, http, kDepotAudience);
  if (!jwt) return jwt.error();
  return OidcToken{std::move(jwt.value()), source.name, source.adapter};
}

Result<std::optional<OidcToken>> obtain_oidc_token(const Config& config, const Env& env, HttpClient& http) {
  auto source = select_oidc_source(config, env);
  if (!source) return std::optional<OidcToken>();
  auto token = fetch_oidc_token(*source, env, http);
  if (!token) return token.error();
  return std::optional<OidcToken>(std::move(token.value()));
}

Result<Credential> exchange_for_pull_token(const Config& config, const std::string& project_id, HttpClient& http,
                                           const OidcToken& oidc) {
  if (auto violation = url_policy_violation(config.api_url))
    return Error{"DEPOT_API_URL", *violation, "use an https:// URL"};
  PullTokenRequest request{config.api_url, project_id, oidc.source};
  auto pull = get_pull_token(http, request, oidc.jwt);
  if (!pull) return pull.error();
  return Credential{std::move(pull.value()), oidc.source + " OIDC → pull token"};
}

CacheKey cache_key_for(const Config& config, const std::string& project_id, const OidcSource& source) {
  return CacheKey{config.api_url, project_id, source.provider, sha256_hex(source.credential)};
}

Resolved resolve_credential(const Config& config, const Env& env, HttpClient& http, TokenCache& cache) {
  if (auto token = static_credential(config)) {
    log::debug("using {} {}", token->source, token->token);
    return std::optional<Credential>(std::move(*token));
  }
  auto source = select_oidc_source(config, env);
  if (!source) {
    log::debug("no CI detected and no Depot token set");
    return std::optional<Credential>();
  }
  const std::string project_id = project_id_for(config);
  const CacheKey key = cache_key_for(config, project_id, *source);
  const bool cacheable = !source->credential.empty();
  auto cached = [&]() -> std::optional<Credential> {
    if (!cacheable) return std::nullopt;
    auto hit = cache.load(key, std::time(nullptr), config.refresh_margin);
    if (!hit) return std::nullopt;
    log::debug("cache: hit {} ({} s left)", hit->token, hit->expires_at - std::time(nullptr));
    return Credential{hit->token, source->name + " OIDC → pull token (cached)"};
  };
  if (auto hit = cached()) return std::optional<Credential>(std::move(*hit));

  // One refresh per key at a time: whoever waited finds the fresh entry.
  auto lock = cacheable ? cache.lock(key, Clock::now() + http.remaining()) : nullptr;
  if (auto hit = cached()) return std::optional<Credential>(std::move(*hit));

  auto oidc = fetch_oidc_token(*source, env, http);
  if (!oidc) return oidc.error();
  auto pull = exchange_for_pull_token(config, project_id, http, oidc.value());
  if (!pull) return pull.error();
  if (cacheable) {
    int64_t now = std::time(nullptr);
    cache.store(key, CachedToken{pull.value().token, now, token_expiry(pull.value().token, now, kPullTokenLifetime)});
  }
  return std::optional<Credential>(std::move(pull.value()));
}

}  // namespace depot
