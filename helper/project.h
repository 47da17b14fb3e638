// Files the Depot CLI already uses: the project id in depot.json / depot.yml /
// depot.yaml (nearest one walking up from the working directory), and the
// user's api_token in $XDG_CONFIG_HOME/depot/depot.yaml.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace depot {

// The value of a top-level `key: value` line of a flat YAML document (quotes
// removed, trailing comment dropped). nullopt when absent.
std::optional<std::string> yaml_top_level_value(std::string_view text, std::string_view key);

// The project id from the nearest project file, or "" when there is none.
std::string find_project_id(const std::string& start_dir);

// api_token from <config_home>/depot/depot.yaml, or "".
std::string read_cli_api_token(const std::string& config_home);

}  // namespace depot
