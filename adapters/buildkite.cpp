#include "adapters/buildkite.h"

#include "helper/json.h"
#include "helper/log.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr const char* kStep = "Buildkite: requesting the OIDC token";
constexpr const char* kDefaultEndpoint = "https://agent.buildkite.com/v3";
constexpr std::string_view kVariables[] = {"BUILDKITE", "BUILDKITE_AGENT_ACCESS_TOKEN", "BUILDKITE_JOB_ID",
                                           "BUILDKITE_AGENT_ENDPOINT"};

bool detect_buildkite(const Env& env) { return env.is_true("BUILDKITE"); }

std::string buildkite_credential(const Env& env) {
  if (!env.has("BUILDKITE_JOB_ID")) return {};
  return env.value("BUILDKITE_AGENT_ACCESS_TOKEN");
}

std::string server_message(const std::string& body) {
  auto members = json::string_members(body);
  if (!members || (*members)["message"].empty()) return {};
  std::string message = (*members)["message"].substr(0, 200);
  for (auto& c : message)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return message;
}

Result<Secret> fetch_buildkite_token(const Env& env, HttpClient& http, std::string_view audience) {
  const Secret agent_token(env.value("BUILDKITE_AGENT_ACCESS_TOKEN"));
  const std::string job_id = env.value("BUILDKITE_JOB_ID");
  if (agent_token.empty())
    return Error{"Buildkite: this step has no agent access token", "BUILDKITE_AGENT_ACCESS_TOKEN is not set",
                 "inside a container step, pass BUILDKITE_AGENT_ACCESS_TOKEN (and BUILDKITE_JOB_ID) into the "
                 "container, e.g. the docker plugin's `propagate-environment: true`"};
  if (job_id.empty())
    return Error{"Buildkite: this step has no job id", "BUILDKITE_JOB_ID is not set",
                 "pass BUILDKITE_JOB_ID into the container along with BUILDKITE_AGENT_ACCESS_TOKEN"};
  std::string endpoint = env.has("BUILDKITE_AGENT_ENDPOINT") ? env.value("BUILDKITE_AGENT_ENDPOINT") : kDefaultEndpoint;
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();

  HttpRequest request;
  request.method = "POST";
  request.url = endpoint + "/jobs/" + percent_encode(job_id) + "/oidc/tokens";
  request.headers = {{"Authorization", "Token " + agent_token.reveal()},
                     {"Content-Type", "application/json"},
                     {"Accept", "application/json"}};
  request.body = json::object({{"audience", audience}});
  RetryPolicy policy;  // the agent retries all but 400/401/403/422
  policy.retry_statuses = {404, 408, 429, 500, 502, 503, 504};
  log::debug("Buildkite: requesting an OIDC token for job {} from {}", job_id, url_host(endpoint));
  auto response = http.send_with_retries(request, policy, kStep);
  if (!response) return response.error();
  const auto& r = response.value();
  if (r.status != 200 && r.status != 201) {
    std::string why = "HTTP " + std::to_string(r.status);
    if (auto message = server_message(r.body); !message.empty()) why += ": " + message;
    std::string fix = r.status == 401 || r.status == 403
                          ? "the agent access token was refused; run the command inside the job's own step"
                          : "";
    return Error{kStep, why, fix};
  }
  return jwt_from_answer(r, "token", kStep);
}

}  // namespace

const Adapter kBuildkiteAdapter{"buildkite",          "Buildkite",           detect_buildkite,
                                buildkite_credential, fetch_buildkite_token, kVariables};

}  // namespace depot
