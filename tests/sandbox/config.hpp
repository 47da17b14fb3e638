// The sandbox's projects, their static tokens and trust relationships.
#pragma once

#include <string>
#include <vector>

namespace sandbox {

// One OIDC trust relationship, with the fields Depot's settings page asks for
// (GitLab's are a sandbox convention). Only the provider's fields are set.
struct Trust {
  std::string provider;     // github, circleci, buildkite, mint or gitlab
  std::string owner;        // github: repository_owner
  std::string repository;   // github: repository name, without the owner
  std::string org_id;       // circleci: organization UUID
  std::string project_id;   // circleci: project UUID
  std::string organization; // buildkite: organization slug
  std::string pipeline;     // buildkite: pipeline slug
  std::string subject;      // mint: vault subject, mint:<org-uuid>:<vault>
  std::string project_path; // gitlab: group/project
};

struct Project {
  std::string id;
  std::vector<std::string> tokens; // static project tokens
  std::vector<Trust> trust;
};

struct Config {
  std::vector<Project> projects;
};

// The default project's fixed CI identities (README.md, DIR/env).
inline constexpr const char *kDefaultCircleciOrg =
    "3f4b2c9e-8d1a-4e6f-9b7c-2a5d8e1f0c43";
inline constexpr const char *kDefaultCircleciProject =
    "a7c1e5d2-6b3f-4a8e-8c9d-1e2f3a4b5c6d";
inline constexpr const char *kDefaultMintOrg =
    "5e8d2b1a-9c4f-4d7e-a3b6-7f0e1d2c3b4a";

// Built-in default, as documented in README.md.
Config default_config();

// Parses the --config JSON; throws std::runtime_error naming the problem.
Config parse_config(const std::string &json);

const Project *find_project(const Config &cfg, const std::string &id);
const Project *find_project_by_token(const Config &cfg,
                                     const std::string &token);

// The first trust relationship of that provider over all projects, or null.
const Trust *first_trust(const Config &cfg, const std::string &provider);

} // namespace sandbox
