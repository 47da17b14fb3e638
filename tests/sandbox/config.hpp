// The sandbox's projects, their static tokens and trust relationships.
#pragma once

#include <string>
#include <vector>

namespace sandbox {

struct Trust {
  std::string provider;   // "github" is the only one the sandbox matches today
  std::string owner;      // GitHub repository_owner
  std::string repository; // repository name, without the owner
};

struct Project {
  std::string id;
  std::vector<std::string> tokens; // static project tokens
  std::vector<Trust> trust;
};

struct Config {
  std::vector<Project> projects;
};

// Built-in default, as documented in README.md.
Config default_config();

// Parses the --config JSON; throws std::runtime_error naming the problem.
Config parse_config(const std::string &json);

const Project *find_project(const Config &cfg, const std::string &id);
const Project *find_project_by_token(const Config &cfg,
                                     const std::string &token);

} // namespace sandbox
