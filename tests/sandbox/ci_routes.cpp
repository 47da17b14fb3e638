#include "ci_routes.hpp"

#include <rapidjson/document.h>

#include "ci_claims.hpp"
#include "ci_tokens.hpp"
#include "route_guard.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

void message(httplib::Response &res, int status, const std::string &msg) {
  res.status = status;
  res.set_content("{\"message\":" + json_quote(msg) + "}", "application/json");
}

// Checks in Buildkite's order: agent token, job assignment, then the body.
std::optional<std::string> buildkite_token(Sandbox &sbx,
                                           const httplib::Request &req,
                                           httplib::Response &res) {
  auto agent_token = auth_credentials(req, "Token");
  std::optional<BuildkiteJob> job;
  if (agent_token) {
    std::lock_guard lock(sbx.state.mu);
    if (auto it = sbx.state.buildkite_jobs.find(*agent_token);
        it != sbx.state.buildkite_jobs.end())
      job = it->second;
  }
  if (!job) {
    message(res, 401, "Unauthorized");
    return agent_token ? "unknown agent access token"
                       : "no \"Authorization: Token\" header";
  }
  if (req.matches[1] != job->job_id) {
    message(res, 403, "Forbidden: job is not assigned to this agent");
    return "job id is not the agent token's job";
  }
  // The agent always sends a JSON object; an empty body counts as {}.
  std::string audience = "https://buildkite.com/" + job->organization;
  if (!req.body.empty()) {
    rapidjson::Document doc;
    doc.Parse(req.body.c_str(), req.body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
      message(res, 422, "Request body is not a valid JSON object");
      return "body is not a JSON object";
    }
    const rapidjson::Value &obj = doc; // const: see jwt_signer.cpp
    if (auto it = obj.FindMember("audience"); it != obj.MemberEnd()) {
      if (!it->value.IsString()) {
        message(res, 422, "audience must be a string");
        return "audience is not a string";
      }
      if (it->value.GetStringLength() > 0) audience = it->value.GetString();
    }
  }
  std::string jwt =
      sign_jwt(sbx.buildkite_key, buildkite_claims(*job, audience, now_seconds()));
  res.status = 200;  // the Depot CLI accepts only 200 here, and it works against the real API
  res.set_content("{\"token\":\"" + jwt + "\"}", "application/json");
  return std::nullopt;
}

} // namespace

void add_ci_routes(httplib::Server &svr, Sandbox &sbx) {
  svr.Post(R"(/buildkite/v3/jobs/([^/]+)/oidc/tokens)",
           guarded(sbx, "buildkite_token",
                   [&sbx](const httplib::Request &req, httplib::Response &res) {
                     return buildkite_token(sbx, req, res);
                   }));
  for (const char *ci : {"github", "buildkite", "circleci", "mint", "gitlab"}) {
    std::string jwks = jwks_json(ci_key(sbx, ci));
    svr.Get(std::string("/") + ci + "/.well-known/jwks",
            guarded(sbx, std::string(ci) + "_jwks",
                    [jwks](const httplib::Request &, httplib::Response &res)
                        -> std::optional<std::string> {
                      res.status = 200;
                      res.set_content(jwks, "application/json");
                      return std::nullopt;
                    }));
  }
}

} // namespace sandbox
