#include "exchange_service.hpp"

#include <rapidjson/document.h>

#include "ci_tokens.hpp"
#include "route_guard.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

// The error body is unconfirmed (wire-protocol.md §3); the sandbox mirrors
// the success shape: {"ok":false,"error":…}.
std::string refuse(httplib::Response &res, int status, const std::string &msg) {
  res.status = status;
  res.set_content("{\"ok\":false,\"error\":" + json_quote(msg) + "}",
                  "application/json");
  return msg;
}

std::optional<std::string> exchange(Sandbox &sbx, const httplib::Request &req,
                                    httplib::Response &res) {
  rapidjson::Document doc;
  doc.Parse(req.body.c_str(), req.body.size());
  auto jwt = doc.HasParseError() ? std::nullopt : json_string(doc, "token");
  if (!jwt || jwt->empty())
    return refuse(res, 400, "body must be {\"token\":\"<GitHub OIDC token>\"}");

  // Only GitHub's issuer is accepted here, with Depot's audience.
  JwtResult r = verify_jwt(sbx.github_key, *jwt,
                           JwtExpect{kGithubIssuer, kDepotAudience,
                                     now_seconds(), 60});
  if (!r.ok) {
    refuse(res, 401, "Invalid token");
    return r.error;
  }
  CiToken t{true, "", "github", std::move(r.claims)};
  for (const auto &p : sbx.config.projects) {
    if (trust_mismatch(p, t)) continue;
    std::string token = issue_depot_token(sbx, "github_access", "depot_gha_", p.id);
    res.status = 200;
    res.set_content("{\"ok\":true,\"token\":\"" + token + "\"}",
                    "application/json");
    return std::nullopt;
  }
  return refuse(res, 403, "no trust relationship of any project matches " +
                              describe_identity(t));
}

} // namespace

void add_exchange_routes(httplib::Server &svr, Sandbox &sbx) {
  svr.Post("/github-exchange/auth/oidc/github-actions",
           guarded(sbx, "github_exchange",
                   [&sbx](const httplib::Request &req, httplib::Response &res) {
                     return exchange(sbx, req, res);
                   }));
}

} // namespace sandbox
