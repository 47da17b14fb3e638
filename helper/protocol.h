// The Docker credential-helper protocol: actions, stdin/stdout rules and the
// exact sentinel strings docker and containers/image compare against.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "helper/config.h"

namespace depot {

inline constexpr std::string_view kCredentialsNotFound = "credentials not found in native keychain";
inline constexpr std::string_view kMissingServerUrl = "no credentials server URL";
inline constexpr std::string_view kUsername = "x-token";

// "https://Registry.Depot.dev:443/v2/" → "registry.depot.dev". "" when nothing is left.
std::string normalize_server(std::string_view server_url);
// registry.depot.dev, *.registry.depot.dev, and the extra hosts configured.
bool is_served_host(const std::string& normalized_host, const std::vector<std::string>& extra_registries);

// Runs one action as docker does; returns the process exit code.
int run_action(std::string_view action, std::istream& in, std::ostream& out, const Env& env);

std::string usage_text();

}  // namespace depot
