#include "depot_service.hpp"

#include <algorithm>

#include <fmt/core.h>
#include <rapidjson/document.h>

#include "ci_tokens.hpp"
#include "proto.hpp"
#include "route_guard.hpp"
#include "util.hpp"

namespace sandbox {

const char *connect_code(int status) {
  switch (status) {
  case 400: return "invalid_argument";
  case 401: return "unauthenticated";
  case 403: return "permission_denied";
  case 404: return "not_found";
  case 408: return "deadline_exceeded";
  case 409: return "already_exists";
  case 412: return "failed_precondition";
  case 429: return "resource_exhausted";
  case 500: return "internal";
  case 501: return "unimplemented";
  case 502:
  case 503:
  case 504: return "unavailable";
  default: return "unknown";
  }
}

namespace {

struct PullRequest {
  bool proto = false;
  std::string project_id;
};

// Connect unary errors are JSON whatever the request codec was.
void connect_error(httplib::Response &res, int status, const std::string &msg) {
  res.status = status;
  res.set_content(fmt::format("{{\"code\":\"{}\",\"message\":{}}}",
                              connect_code(status), json_quote(msg)),
                  "application/json");
}

std::string media_type(const httplib::Request &req) {
  std::string ct = req.get_header_value("Content-Type");
  ct = ct.substr(0, ct.find(';'));
  auto end = ct.find_last_not_of(" \t");
  return to_lower(end == std::string::npos ? "" : ct.substr(0, end + 1));
}

// Fills out.project_id; returns an error message when the body is malformed.
std::optional<std::string> parse_body(const httplib::Request &req,
                                      PullRequest &out) {
  if (out.proto) {
    auto fields = proto_decode_strings(req.body);
    if (!fields) return "request body is not a valid protobuf message";
    out.project_id = (*fields)[1];
    return std::nullopt;
  }
  if (req.body.empty()) return std::nullopt; // an empty message
  rapidjson::Document doc;
  doc.Parse(req.body.c_str(), req.body.size());
  if (doc.HasParseError() || !doc.IsObject())
    return "request body is not a JSON object";
  // protojson accepts both the JSON name and the proto field name.
  const rapidjson::Value &obj = doc; // const: see jwt_signer.cpp
  for (const char *key : {"projectId", "project_id"}) {
    auto it = obj.FindMember(key);
    if (it == obj.MemberEnd() || it->value.IsNull()) continue;
    if (!it->value.IsString()) return std::string(key) + " must be a string";
    out.project_id = it->value.GetString();
  }
  return std::nullopt;
}

std::optional<std::string> get_pull_token(Sandbox &sbx,
                                          const httplib::Request &req,
                                          httplib::Response &res) {
  PullRequest pr;
  const std::string mt = media_type(req);
  if (mt == "application/proto") {
    pr.proto = true;
  } else if (mt != "application/json") {
    res.status = 415;
    res.set_header("Accept-Post", "application/json, application/proto");
    res.set_content("unsupported content type\n", "text/plain");
    return "unsupported content type " + mt;
  }
  if (auto err = parse_body(req, pr)) {
    connect_error(res, 400, *err);
    return err;
  }
  auto bearer = auth_credentials(req, "Bearer");
  if (!bearer) {
    connect_error(res, 401, "Invalid token");
    return "no bearer token";
  }

  const Config &cfg = sbx.config;
  const Project *project = nullptr;
  std::optional<DepotToken> depot = find_depot_token(sbx, *bearer);
  if (depot && depot->kind != "pull") {
    // A static project token, or a GitHub access token from the exchange,
    // works for its own project only.
    if (depot->expires_at && depot->expires_at <= now_seconds()) {
      connect_error(res, 401, "Invalid token");
      return depot->kind + " token has expired";
    }
    const Project *owner = find_project(cfg, depot->project_id);
    if (pr.project_id.empty()) pr.project_id = depot->project_id;
    project = find_project(cfg, pr.project_id);
    if (!project) {
      connect_error(res, 404, "project " + pr.project_id + " not found");
      return "unknown project";
    }
    if (project != owner) {
      connect_error(res, 403, "token does not grant access to project " +
                                  pr.project_id);
      return depot->kind + " token of another project";
    }
  } else if (!depot && std::count(bearer->begin(), bearer->end(), '.') == 2) {
    CiToken jwt = verify_ci_token(sbx, *bearer);
    if (!jwt.ok) {
      connect_error(res, 401, "Invalid token");
      return jwt.error;
    }
    if (pr.project_id.empty()) {
      connect_error(res, 400, "projectId is required with an OIDC token");
      return "no projectId";
    }
    project = find_project(cfg, pr.project_id);
    if (!project) {
      connect_error(res, 404, "project " + pr.project_id + " not found");
      return "unknown project";
    }
    if (auto msg = trust_mismatch(*project, jwt)) {
      connect_error(res, 403, *msg);
      return msg;
    }
  } else {
    connect_error(res, 401, "Invalid token");
    return depot ? "a pull token cannot mint pull tokens"
                 : "bearer is neither a project token nor a JWT";
  }

  std::string token = issue_depot_token(sbx, "pull", "depot_pull_", project->id);
  res.status = 200;
  if (pr.proto)
    res.set_content(proto_encode_string(1, token), "application/proto");
  else
    res.set_content("{\"token\":\"" + token + "\"}", "application/json");
  return std::nullopt;
}

} // namespace

void add_depot_routes(httplib::Server &svr, Sandbox &sbx) {
  svr.Post("/depot.cli.v1.BuildService/GetPullToken",
           guarded(sbx, "get_pull_token",
                   [&sbx](const httplib::Request &req, httplib::Response &res) {
                     return get_pull_token(sbx, req, res);
                   }));
}

} // namespace sandbox
