// Depot's API, over Connect with JSON encoding. Knows Depot's endpoints and
// nothing about any CI: the caller says whose token it is (`source`) for messages.
#pragma once

#include <string>

#include "helper/http.h"
#include "helper/result.h"
#include "helper/secret.h"

namespace depot {

struct PullTokenRequest {
  std::string api_url;
  std::string project_id;  // may be empty: Depot then derives it from a project token
  std::string source;      // "GitHub Actions", "DEPOT_TOKEN", ... for messages
};

// POST <api>/depot.cli.v1.BuildService/GetPullToken with `bearer` as the credential.
Result<Secret> get_pull_token(HttpClient& http, const PullTokenRequest& request, const Secret& bearer);

inline constexpr const char* kDefaultGithubExchangeUrl = "https://github.depot.dev/auth/oidc/github-actions";

// POST {"token":<GitHub OIDC JWT>} → {"ok":true,"token":<temporary Depot token>}.
Result<Secret> exchange_github_access_token(HttpClient& http, const std::string& exchange_url,
                                            const Secret& github_jwt);

// "unauthenticated: Invalid token" from a Connect error body, or "HTTP <status>".
std::string describe_connect_error(long status, const std::string& body);

}  // namespace depot
