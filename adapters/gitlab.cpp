#include "adapters/gitlab.h"

namespace depot {

namespace {

constexpr std::string_view kVariables[] = {"GITLAB_CI", "DEPOT_OIDC_TOKEN"};

bool detect_gitlab(const Env& env) { return env.is_true("GITLAB_CI"); }

std::string gitlab_credential(const Env& env) { return env.value("DEPOT_OIDC_TOKEN"); }

Result<Secret> fetch_gitlab_token(const Env& env, HttpClient&, std::string_view) {
  if (gitlab_credential(env).empty())
    return Error{"GitLab CI: this job has no OIDC token", "DEPOT_OIDC_TOKEN is not set",
                 "add to the job: `id_tokens: { DEPOT_OIDC_TOKEN: { aud: https://depot.dev } }`"};
  return jwt_from_variable(env, "GitLab CI", "DEPOT_OIDC_TOKEN");
}

}  // namespace

const Adapter kGitlabAdapter{"gitlab", "GitLab CI", detect_gitlab, gitlab_credential, fetch_gitlab_token, kVariables};

}  // namespace depot
