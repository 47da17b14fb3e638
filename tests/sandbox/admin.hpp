// The admin API tests use to set the scene: jobs, faults, the request log.
#pragma once

#include <httplib.h>
#include <rapidjson/document.h>

#include "state.hpp"

namespace sandbox {

// Registers every /admin/... route (never logged, never faulted).
void add_admin_routes(httplib::Server &svr, Sandbox &sbx);

// The Buildkite job and the env-delivered CircleCI, Mint and GitLab tokens
// (admin_ci.cpp); called by add_admin_routes.
void add_ci_admin_routes(httplib::Server &svr, Sandbox &sbx);

// Shared by the admin handlers: answers, 400s with {"error":…}, body parsing.
void reply(httplib::Response &res, int status, const std::string &json);
void bad_request(httplib::Response &res, const std::string &msg);
// Parses the body as a JSON object; answers 400 and returns false otherwise.
bool parse_object(const httplib::Request &req, httplib::Response &res,
                  rapidjson::Document &doc);
// Reads the optional integer "token_ttl" into ttl; false (after a 400) if bad.
bool read_ttl(const rapidjson::Value &doc, std::int64_t &ttl,
              httplib::Response &res);

} // namespace sandbox
