#include "adapters/github_actions.h"

#include "helper/log.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr const char* kStep = "GitHub Actions: requesting the OIDC token";

constexpr std::string_view kVariables[] = {"GITHUB_ACTIONS", "ACTIONS_ID_TOKEN_REQUEST_URL",
                                           "ACTIONS_ID_TOKEN_REQUEST_TOKEN"};

bool detect_github_actions(const Env& env) { return env.is_true("GITHUB_ACTIONS"); }

std::string github_actions_credential(const Env& env) {
  if (!env.has("ACTIONS_ID_TOKEN_REQUEST_URL")) return {};
  return env.value("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
}

Result<Secret> fetch_github_actions_token(const Env& env, HttpClient& http, std::string_view audience) {
  const std::string url = env.value("ACTIONS_ID_TOKEN_REQUEST_URL");
  const Secret request_token(env.value("ACTIONS_ID_TOKEN_REQUEST_TOKEN"));
  if (url.empty() || request_token.empty())
    return Error{"GitHub Actions: this job has no OIDC token",
                 "ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set",
                 "add `permissions: id-token: write` to the workflow or job; pull requests from forks "
                 "never get an OIDC token, use a Depot token there"};
  auto full_url = add_query_parameter(url, "audience", audience);
  if (!full_url) return Error{kStep, "ACTIONS_ID_TOKEN_REQUEST_URL is not a valid URL", ""};

  HttpRequest request;
  request.url = *full_url;
  request.headers = {{"Authorization", "bearer " + request_token.reveal()}, {"Accept", "application/json"}};
  RetryPolicy policy;
  policy.max_attempts = 10;  // as actions/toolkit does
  log::debug("GitHub Actions: requesting an OIDC token for audience {} from {}", audience, url_host(url));
  auto response = http.send_with_retries(request, policy, kStep);
  if (!response) return response.error();
  const auto& r = response.value();
  if (r.status == 401 || r.status == 403)
    return Error{kStep, "the runner refused the request token (HTTP " + std::to_string(r.status) + ")",
                 "the job's token may have expired; re-run the job"};
  if (r.status != 200) return Error{kStep, "unexpected HTTP " + std::to_string(r.status), ""};
  return jwt_from_answer(r, "value", kStep);
}

}  // namespace

const Adapter kGithubActionsAdapter{"github-actions",          "GitHub Actions",           detect_github_actions,
                                    github_actions_credential, fetch_github_actions_token, kVariables};

}  // namespace depot
