#include "helper/token_command.h"

#include <fcntl.h>
#include <unistd.h>

#include "helper/cache.h"
#include "helper/depot_api.h"
#include "helper/log.h"
#include "helper/resolve.h"

namespace depot {

namespace {

struct TokenOptions {
  std::string kind = "pull";
  bool github_env = false;
};

Result<TokenOptions> parse_options(const std::vector<std::string>& args) {
  TokenOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--github-env") {
      options.github_env = true;
    } else if (a == "--kind" && i + 1 < args.size()) {
      options.kind = args[++i];
    } else if (a.rfind("--kind=", 0) == 0) {
      options.kind = a.substr(7);
    } else {
      return Error{"token", "unknown argument \"" + a + "\"", "usage: token [--kind pull|access] [--github-env]"};
    }
  }
  if (options.kind != "pull" && options.kind != "access") return Error{"token", "--kind must be pull or access", ""};
  return options;
}

// The access kind: on GitHub Actions Depot's access-token exchange, elsewhere
// the CI's OIDC token itself (Depot's API takes it as a bearer token).
Result<Secret> access_token(const Config& config, const Env& env, HttpClient& http) {
  auto oidc = obtain_oidc_token(config, env, http);
  if (!oidc) return oidc.error();
  if (!oidc.value())
    return Error{"token", "no Depot token source here: not in a supported CI and no DEPOT_TOKEN",
                 "run `docker-credential-depot doctor` to see what is missing"};
  const OidcToken& token = *oidc.value();
  if (token.adapter && token.adapter->id == "github-actions") {
    std::string url = config.github_exchange_url.empty() ? kDefaultGithubExchangeUrl : config.github_exchange_url;
    return exchange_github_access_token(http, url, token.jwt);
  }
  return token.jwt;
}

Result<Secret> obtain_token(const TokenOptions& options, const Config& config, const Env& env, HttpClient& http) {
  if (auto fixed = static_credential(config)) return fixed->token;
  if (options.kind == "access") return access_token(config, env, http);
  auto cache = open_token_cache(config);
  auto pull = resolve_credential(config, env, http, *cache);
  if (!pull) return pull.error();
  if (!pull.value())
    return Error{"token", "no Depot token source here: not in a supported CI and no DEPOT_TOKEN",
                 "run `docker-credential-depot doctor` to see what is missing"};
  return pull.value()->token;
}

bool append_to_file(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  return close(fd) == 0 && ok;
}

}  // namespace

int run_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Env& env) {
  auto options = parse_options(args);
  if (!options) {
    err << "docker-credential-depot: " << options.error().message() << '\n';
    return 2;
  }
  Config config = load_config(env);
  log::enable(config.debug);
  if (!config.problems.empty()) {
    err << "docker-credential-depot: " << config.problems.front() << '\n';
    return 1;
  }
  std::string github_env;
  if (options.value().github_env) {
    github_env = env.value("GITHUB_ENV");
    if (github_env.empty()) {
      err << "docker-credential-depot: --github-env: GITHUB_ENV is not set (only GitHub Actions sets it)\n";
      return 1;
    }
  }
  HttpClient http(http_settings_for(config, env), Clock::now() + config.total_timeout);
  auto token = obtain_token(options.value(), config, env, http);
  if (!token) {
    err << "docker-credential-depot: " << token.error().message() << '\n';
    return 1;
  }
  const std::string& value = token.value().reveal();
  if (!options.value().github_env) {
    out << value << '\n';
    return 0;
  }
  // Mask before anything else can print it, then hand it to later steps.
  out << "::add-mask::" << value << '\n' << std::flush;
  if (!append_to_file(github_env, "DEPOT_TOKEN=" + value + "\n")) {
    err << "docker-credential-depot: --github-env: cannot append to $GITHUB_ENV\n";
    return 1;
  }
  return 0;
}

}  // namespace depot
