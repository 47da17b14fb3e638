// The CI side of the non-GitHub providers: Buildkite's agent OIDC endpoint
// and every issuer's JWKS.
#pragma once

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers POST /buildkite/v3/jobs/{job_id}/oidc/tokens and
// GET /<ci>/.well-known/jwks for github, buildkite, circleci, mint, gitlab.
void add_ci_routes(httplib::Server &svr, Sandbox &sbx);

} // namespace sandbox
