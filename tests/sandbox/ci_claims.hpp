// The claim sets Buildkite, CircleCI, Mint and GitLab put in their OIDC
// tokens (wire-protocol.md §2), as JSON objects ready to sign.
#pragma once

#include <cstdint>
#include <string>

#include "state.hpp"

namespace sandbox {

std::string buildkite_claims(const BuildkiteJob &job,
                             const std::string &audience, std::int64_t now);

struct CircleciToken {
  std::string org_id, project_id;
  int version = 2;
  std::string vcs_origin = "github.com/acme/widgets";
  std::string vcs_ref = "refs/heads/main";
  std::int64_t ttl = 3600;
};
std::string circleci_claims(const CircleciToken &t, std::int64_t now);

struct MintToken {
  std::string org_id, vault, audience = kDepotAudience;
  std::string run_id, task_id;
  std::int64_t ttl = 3600;
};
std::string mint_claims(const MintToken &t, std::int64_t now);

struct GitlabToken {
  std::string project_path, audience = kDepotAudience, ref = "main";
  std::int64_t pipeline_id = 0;
  std::int64_t ttl = 300;
};
std::string gitlab_claims(const GitlabToken &t, std::int64_t now);

} // namespace sandbox
