// GitHub Actions: the OIDC token request endpoint (its JWKS: ci_routes.cpp).
#pragma once

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers GET /github/token.
void add_github_routes(httplib::Server &svr, Sandbox &sbx);

// The claim set GitHub puts in an Actions OIDC token, as a JSON object.
std::string github_claims(const GithubJob &job, const std::string &audience,
                          std::int64_t now);

} // namespace sandbox
