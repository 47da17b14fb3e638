// Everything the sandbox shares between request threads, behind one mutex.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"
#include "jwt_signer.hpp"

namespace sandbox {

// A GitHub Actions job created through /admin/jobs/github.
struct GithubJob {
  std::string owner;
  std::string name; // repository name without the owner
  std::string ref;
  std::int64_t run_id = 0;
  std::int64_t token_ttl = 300; // seconds; <= 0 mints already-expired tokens
};

// A Buildkite job created through /admin/jobs/buildkite.
struct BuildkiteJob {
  std::string organization;
  std::string pipeline;
  std::string ref; // refs/heads/main
  std::string job_id;
  std::string agent_id;
  std::string build_id;
  std::string commit;
  std::string step_key;
  std::int64_t build_number = 0;
  std::int64_t token_ttl = 300;
};

// One injected misbehaviour for the next `remaining` requests of a route.
struct Fault {
  int remaining = 1;
  int status = 0; // 0: not set
  std::int64_t delay_ms = 0;
  bool reset = false;
  std::optional<std::string> body;
  std::optional<std::size_t> body_size;
  std::optional<std::int64_t> retry_after;
  std::optional<std::string> content_type;
};

// Short text for the log, e.g. "status=503,retry_after=2".
std::string describe_fault(const Fault &f);

struct LogEntry {
  std::string route;
  std::string method;
  std::string path;
  std::string query;
  int status = 0; // 0: connection reset, or still in flight
  std::string content_type;
  std::string user_agent;
  std::optional<std::string> auth_scheme;
  std::string connect_protocol_version;
  std::optional<std::string> fault;
  std::optional<std::string> error; // why the sandbox refused; no secrets
};

// A Depot token the sandbox knows: kind is "pull" (GetPullToken, read-only),
// "github_access" (the GitHub exchange, acts as a project token) or
// "project" (a static token from the config; never expires).
struct DepotToken {
  std::string kind;
  std::string project_id;
  std::int64_t expires_at = 0; // 0 for static tokens
};

struct State {
  std::mutex mu;
  std::map<std::string, GithubJob> github_jobs; // by request token
  std::map<std::string, BuildkiteJob> buildkite_jobs; // by agent access token
  std::map<std::string, std::deque<Fault>> faults; // by route name
  std::vector<LogEntry> log;
  std::uint64_t log_generation = 0; // bumped by /admin/reset
  std::map<std::string, DepotToken> issued_tokens; // pull and github_access
  std::int64_t next_run_id = 1000;
  std::int64_t next_build_number = 1;
};

// The registry token service's signing key and its self-signed certificate
// (DIR/registry-token.pem, the registry's auth.token.rootcertbundle).
struct RegistrySigner {
  PKey key; // RSA 2048
  Cert cert;
  std::string kid; // libtrust key ID of the public key
  std::string x5c; // the certificate, base64 DER
  std::string issuer = "depot-sandbox";
};

// The server-wide context handed to every handler. Keys are made before the
// server starts and only read afterwards.
struct Sandbox {
  Config config;
  JwtKey github_key, buildkite_key, circleci_key, mint_key, gitlab_key;
  RegistrySigner registry;
  std::string base_url;       // https://127.0.0.1:PORT
  std::string wrong_host_url; // the same routes behind a certificate for wrong-host.invalid
  State state;
};

inline constexpr const char *kGithubIssuer =
    "https://token.actions.githubusercontent.com";
inline constexpr const char *kBuildkiteIssuer = "https://agent.buildkite.com";
inline constexpr const char *kCircleciIssuerPrefix =
    "https://oidc.circleci.com/org/";
inline constexpr const char *kMintIssuer = "https://cloud.rwx.com/mint";
inline constexpr const char *kGitlabIssuer = "https://gitlab.com";
inline constexpr const char *kDepotAudience = "https://depot.dev";
inline constexpr std::int64_t kIssuedTokenLifetime = 3600; // pull, github_access

// Looks a bearer/password up among static and issued Depot tokens; an
// expired issued token is returned too (check expires_at).
std::optional<DepotToken> find_depot_token(Sandbox &sbx, const std::string &token);

// Records a freshly issued token of `kind`, valid kIssuedTokenLifetime.
std::string issue_depot_token(Sandbox &sbx, const std::string &kind,
                              const std::string &prefix,
                              const std::string &project_id);

// Route names that faults may target.
const std::vector<std::string> &fault_routes();
bool is_fault_route(const std::string &route);

// Pops one use of the route's first pending fault.
std::optional<Fault> take_fault(State &s, const std::string &route);

// Records a request on arrival (so the log keeps arrival order) and fills in
// its outcome later; a reset of the log in between drops the update.
struct LogTicket {
  std::uint64_t generation = 0;
  std::size_t index = 0;
};
LogTicket log_begin(State &s, LogEntry entry);
void log_finish(State &s, const LogTicket &t, int status,
                std::optional<std::string> error);

std::string log_json(State &s);

} // namespace sandbox
