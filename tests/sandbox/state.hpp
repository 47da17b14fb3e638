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

struct PullToken {
  std::string project_id;
  std::int64_t expires_at = 0;
};

struct State {
  std::mutex mu;
  std::map<std::string, GithubJob> github_jobs; // by request token
  std::map<std::string, std::deque<Fault>> faults; // by route name
  std::vector<LogEntry> log;
  std::uint64_t log_generation = 0; // bumped by /admin/reset
  std::map<std::string, PullToken> pull_tokens;
  std::int64_t next_run_id = 1000;
};

// The server-wide context handed to every handler.
struct Sandbox {
  Config config;
  JwtKey github_key;
  std::string base_url; // https://127.0.0.1:PORT
  State state;
};

inline constexpr const char *kGithubIssuer =
    "https://token.actions.githubusercontent.com";
inline constexpr const char *kDepotAudience = "https://depot.dev";

// Route names that faults may target.
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
