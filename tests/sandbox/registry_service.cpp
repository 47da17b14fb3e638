#include "registry_service.hpp"

#include <algorithm>
#include <sstream>

#include <fmt/core.h>

#include "registry_token.hpp"
#include "route_guard.hpp"
#include "util.hpp"

namespace sandbox {

const char *registry_error_code(int status) {
  switch (status) {
  case 400: return "UNSUPPORTED";
  case 401: return "UNAUTHORIZED";
  case 403: return "DENIED";
  case 429: return "TOOMANYREQUESTS";
  case 503: return "UNAVAILABLE";
  default: return "UNKNOWN";
  }
}

std::string registry_error_body(int status, const std::string &message) {
  return fmt::format(R"({{"errors":[{{"code":"{}","message":{},"detail":null}}]}})",
                     registry_error_code(status), json_quote(message));
}

namespace {

std::string refuse(httplib::Response &res, int status, const std::string &msg) {
  res.status = status;
  // Anonymous or wrong credentials: ask for Basic, as a token server does.
  if (status == 401)
    res.set_header("WWW-Authenticate", "Basic realm=\"depot-sandbox\"");
  res.set_content(registry_error_body(status, msg), "application/json");
  return msg;
}

// The request's parameters: the query for GET, the form body for POST
// (OAuth2 "password" grant, as containerd sends it).
httplib::Params request_params(const httplib::Request &req) {
  if (req.method != "POST") return req.params;
  httplib::Params form;
  httplib::detail::parse_query_text(req.body, form);
  return form;
}

std::vector<std::string> values(const httplib::Params &p, const std::string &k) {
  std::vector<std::string> out;
  auto [lo, hi] = p.equal_range(k);
  for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  return out;
}

// username and password: Basic auth for GET, form fields for POST.
std::optional<std::pair<std::string, std::string>>
credentials(const httplib::Request &req, const httplib::Params &params) {
  if (req.method == "POST") {
    auto user = values(params, "username"), pass = values(params, "password");
    if (user.empty() || pass.empty()) return std::nullopt;
    return std::pair{user.front(), pass.front()};
  }
  auto b64 = auth_credentials(req, "Basic");
  auto raw = b64 ? base64_decode(*b64) : std::nullopt;
  auto colon = raw ? raw->find(':') : std::string::npos;
  if (colon == std::string::npos) return std::nullopt;
  return std::pair{raw->substr(0, colon), raw->substr(colon + 1)};
}

// Parses every "type:name:actions" scope (a parameter may hold several,
// space-separated) and grants the allowed subset of each repository's
// actions. Other resource types get nothing. false on a malformed scope.
bool grant(const std::vector<std::string> &scopes,
           const std::vector<std::string> &allowed,
           std::vector<RegistryAccess> &out) {
  for (const auto &param : scopes) {
    std::istringstream words(param);
    std::string scope;
    while (words >> scope) {
      auto first = scope.find(':'), last = scope.rfind(':');
      if (first == std::string::npos || first == last || first + 1 == last)
        return false;
      std::string type = scope.substr(0, first);
      if (type.substr(0, type.find('(')) != "repository") continue;
      RegistryAccess a{"repository", scope.substr(first + 1, last - first - 1), {}};
      std::istringstream acts(scope.substr(last + 1));
      for (std::string act; std::getline(acts, act, ',');)
        if (std::count(allowed.begin(), allowed.end(), act) &&
            !std::count(a.actions.begin(), a.actions.end(), act))
          a.actions.push_back(act);
      out.push_back(std::move(a));
    }
  }
  return true;
}

std::optional<std::string> token_route(Sandbox &sbx, const httplib::Request &req,
                                       httplib::Response &res) {
  const httplib::Params params = request_params(req);
  if (req.method == "POST" && values(params, "grant_type") !=
                                  std::vector<std::string>{"password"})
    return refuse(res, 400, "only grant_type=password is supported");
  auto creds = credentials(req, params);
  if (!creds) return refuse(res, 401, "authentication required");
  if (creds->first != "x-token")
    return refuse(res, 401, "username must be x-token");
  std::optional<DepotToken> depot = find_depot_token(sbx, creds->second);
  if (!depot) return refuse(res, 401, "unknown Depot token");
  if (depot->expires_at && depot->expires_at <= now_seconds())
    return refuse(res, 401, depot->kind + " token has expired");
  auto service = values(params, "service");
  if (service.empty() || service.front().empty())
    return refuse(res, 400, "service parameter is required");

  // Pull tokens are read-only; project and GitHub access tokens may push.
  std::vector<std::string> allowed{"pull"};
  if (depot->kind != "pull") allowed.push_back("push");
  RegistryClaims claims{depot->project_id, service.front(), {}, now_seconds(),
                        kRegistryTokenLifetime};
  if (!grant(values(params, "scope"), allowed, claims.access))
    return refuse(res, 400, "malformed scope (want type:name:actions)");

  std::string jwt = sign_registry_token(sbx.registry, claims);
  res.status = 200;
  res.set_content(fmt::format(R"({{"token":"{0}","access_token":"{0}",)"
                              R"("expires_in":{1},"issued_at":"{2}"}})",
                              jwt, kRegistryTokenLifetime, rfc3339(claims.now)),
                  "application/json");
  return std::nullopt;
}

} // namespace

void add_registry_routes(httplib::Server &svr, Sandbox &sbx) {
  auto handler = guarded(sbx, "registry_token",
                         [&sbx](const httplib::Request &req, httplib::Response &res) {
                           return token_route(sbx, req, res);
                         });
  svr.Get("/registry/token", handler);
  svr.Post("/registry/token", handler);
}

} // namespace sandbox
