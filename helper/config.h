// Every setting the helper reads, read once from one Env value. Nothing else
// in the program calls getenv; tests build an Env from a map.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "helper/secret.h"

namespace depot {

class Env {
 public:
  Env() = default;
  explicit Env(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}
  static Env from_process();

  // nullopt when unset; an empty string is returned as set-but-empty.
  std::optional<std::string> get(const std::string& name) const;
  // The value when set and non-empty, else "".
  std::string value(const std::string& name) const;
  bool has(const std::string& name) const { return !value(name).empty(); }
  bool is_true(const std::string& name) const { return value(name) == "true"; }

 private:
  std::map<std::string, std::string> vars_;
};

inline constexpr const char* kDefaultApiUrl = "https://api.depot.dev";
inline constexpr const char* kDepotAudience = "https://depot.dev";

struct Config {
  std::vector<std::string> extra_registries;       // DEPOT_HELPER_REGISTRIES, normalized
  std::chrono::milliseconds total_timeout{30000};  // DEPOT_HELPER_TIMEOUT (seconds)
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds attempt_timeout{10000};
  bool debug = false;  // DEPOT_HELPER_DEBUG=1

  std::string api_url = kDefaultApiUrl;  // DEPOT_API_URL
  std::string project_id;                // DEPOT_PROJECT_ID
  Secret depot_token;                    // DEPOT_TOKEN
  Secret depot_api_token;                // DEPOT_API_TOKEN
  std::string github_exchange_url;       // DEPOT_HELPER_GITHUB_EXCHANGE_URL

  std::string ca_file;      // SSL_CERT_FILE
  std::string ca_dir;       // SSL_CERT_DIR
  std::string config_home;  // $XDG_CONFIG_HOME, else $HOME/.config
  std::string working_dir;

  std::string cache_dir;         // DEPOT_HELPER_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache + /docker-credential-depot
  bool cache_disabled = false;   // DEPOT_HELPER_NO_CACHE=1
  int64_t refresh_margin = 300;  // DEPOT_HELPER_REFRESH_MARGIN (seconds)

  std::vector<std::string> problems;  // settings that were present but invalid
};

Config load_config(const Env& env);

}  // namespace depot
