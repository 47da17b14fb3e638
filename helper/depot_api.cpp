#include "helper/depot_api.h"

#include "helper/json.h"
#include "helper/log.h"
#include "helper/text.h"

namespace depot {

namespace {

std::string fix_for(long status, const PullTokenRequest& request) {
  switch (status) {
    case 401:
      return "check that the token is current and meant for this Depot API (" + url_host(request.api_url) + ")";
    case 403:
      return "add a trust relationship for this CI job to Depot project " +
             (request.project_id.empty() ? std::string("(set DEPOT_PROJECT_ID)") : request.project_id) +
             " in the project's settings";
    case 404:
      return "check DEPOT_PROJECT_ID or depot.json";
    case 400:
      return request.project_id.empty() ? "set DEPOT_PROJECT_ID or add a depot.json with the project id" : "";
    default:
      return "";
  }
}

}  // namespace

std::string describe_connect_error(long status, const std::string& body) {
  if (auto members = json::string_members(body)) {
    std::string code = (*members)["code"];
    std::string message = (*members)["message"];
    // Keep one short printable line: the body is the server's text, not ours.
    auto clean = [](std::string s) {
      for (auto& c : s)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
      return s.size() > 200 ? s.substr(0, 200) + "..." : s;
    };
    if (!code.empty()) return clean(message.empty() ? code : code + ": " + message);
  }
  return "HTTP " + std::to_string(status);
}

Result<Secret> get_pull_token(HttpClient& http, const PullTokenRequest& request, const Secret& bearer) {
  const std::string step = "Depot: exchanging the " + request.source + " token for a pull token";
  HttpRequest call;
  call.method = "POST";
  call.url = request.api_url + "/depot.cli.v1.BuildService/GetPullToken";
  call.headers = {{"Authorization", "Bearer " + bearer.reveal()},
                  {"Content-Type", "application/json"},
                  {"Connect-Protocol-Version", "1"}};
  call.body = request.project_id.empty() ? "{}" : json::object({{"projectId", request.project_id}});
  log::debug("Depot: GetPullToken at {} for project {} with {} credential {}", url_host(request.api_url),
             request.project_id.empty() ? "(unset)" : request.project_id, request.source, bearer);

  RetryPolicy policy;  // network errors, 429, 502, 503 (Connect `unavailable`), 504
  auto response = http.send_with_retries(call, policy, step);
  if (!response) return response.error();
  const auto& r = response.value();
  if (r.status != 200)
    return Error{"Depot rejected the " + request.source + " token", describe_connect_error(r.status, r.body),
                 fix_for(r.status, request)};
  auto members = json_answer(r, step);
  if (!members) return members.error();
  auto token = members.value()["token"];
  if (!is_valid_token(token)) return Error{step, "Depot's answer holds no valid token", ""};
  Secret pull_token(std::move(token));
  log::debug("Depot: got pull token {}", pull_token);
  return pull_token;
}

Result<Secret> exchange_github_access_token(HttpClient& http, const std::string& exchange_url,
                                            const Secret& github_jwt) {
  const std::string step = "Depot: exchanging the GitHub Actions token for an access token";
  if (auto violation = url_policy_violation(exchange_url))
    return Error{"DEPOT_HELPER_GITHUB_EXCHANGE_URL", *violation, "use an https:// URL"};
  HttpRequest call;
  call.method = "POST";
  call.url = exchange_url;
  call.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  call.body = json::object({{"token", github_jwt.reveal()}});
  log::debug("Depot: GitHub access-token exchange at {} with OIDC token {}", url_host(exchange_url), github_jwt);
  auto response = http.send_with_retries(call, RetryPolicy{}, step);
  if (!response) return response.error();
  const auto& r = response.value();
  if (r.status != 200) {
    auto members = json::string_members(r.body);
    // The error body's shape is not documented: show a Connect-style code/message or the status.
    std::string why = describe_connect_error(r.status, r.body);
    if (members && !(*members)["error"].empty())
      why = "HTTP " + std::to_string(r.status) + ": " + (*members)["error"].substr(0, 200);
    return Error{
        "Depot rejected the GitHub Actions token", why,
        r.status == 401 || r.status == 403 ? "add a trust relationship for this repository to the Depot project" : ""};
  }
  auto members = json_answer(r, step);
  if (!members) return members.error();
  auto token = members.value()["token"];
  if (!is_valid_token(token)) return Error{step, "Depot's answer holds no valid token", ""};
  return Secret(std::move(token));
}

}  // namespace depot
