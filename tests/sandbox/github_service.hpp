// GitHub Actions: the OIDC token request endpoint and the issuer's JWKS.
#pragma once

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers GET /github/token and GET /github/.well-known/jwks.
void add_github_routes(httplib::Server &svr, Sandbox &sbx);

// The claim set GitHub puts in an Actions OIDC token, as a JSON object.
std::string github_claims(const GithubJob &job, const std::string &audience,
                          std::int64_t now);

} // namespace sandbox
