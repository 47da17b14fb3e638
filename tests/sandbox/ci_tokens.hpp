// Verifying a CI's OIDC token as Depot does: the issuer (`iss`) picks the
// key and the expected audience; the claims then go to trust matching.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "state.hpp"

namespace sandbox {

struct CiToken {
  bool ok = false;
  std::string error;    // why it was refused; never the token
  std::string provider; // github, buildkite, circleci, mint, gitlab
  std::map<std::string, std::string> claims; // string-valued claims
};

// The key of a provider's issuer ("github", "buildkite", ...).
const JwtKey &ci_key(const Sandbox &sbx, const std::string &provider);

// Checks the token against the key of the issuer its `iss` names. The
// audience must be https://depot.dev, except CircleCI's, which is fixed to
// the organization UUID of its issuer.
CiToken verify_ci_token(const Sandbox &sbx, const std::string &token);

// std::nullopt when a trust relationship of `p` matches the verified token;
// otherwise the refusal, naming what did not match (never a token).
std::optional<std::string> trust_mismatch(const Project &p, const CiToken &t);

// What the token identifies, as the refusal names it: "repository acme/x",
// "Buildkite organization acme pipeline x", ...
std::string describe_identity(const CiToken &t);

} // namespace sandbox
