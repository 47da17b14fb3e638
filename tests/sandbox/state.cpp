#include "state.hpp"

#include <fmt/core.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util.hpp"

namespace sandbox {

std::string describe_fault(const Fault &f) {
  std::string out;
  auto add = [&out](const std::string &part) {
    if (!out.empty()) out += ',';
    out += part;
  };
  if (f.delay_ms) add(fmt::format("delay_ms={}", f.delay_ms));
  if (f.reset) add("reset");
  if (f.status) add(fmt::format("status={}", f.status));
  if (f.body) add(fmt::format("body={}B", f.body->size()));
  if (f.body_size) add(fmt::format("body_size={}", *f.body_size));
  if (f.retry_after) add(fmt::format("retry_after={}", *f.retry_after));
  if (f.content_type) add("content_type=" + *f.content_type);
  return out;
}

const std::vector<std::string> &fault_routes() {
  static const std::vector<std::string> routes = {
      "github_token",  "github_jwks",   "get_pull_token", "buildkite_token",
      "buildkite_jwks", "circleci_jwks", "mint_jwks",      "gitlab_jwks",
      "github_exchange", "registry_token"};
  return routes;
}

bool is_fault_route(const std::string &route) {
  for (const auto &r : fault_routes())
    if (r == route) return true;
  return false;
}

std::optional<DepotToken> find_depot_token(Sandbox &sbx,
                                           const std::string &token) {
  if (const Project *p = find_project_by_token(sbx.config, token))
    return DepotToken{"project", p->id, 0};
  std::lock_guard lock(sbx.state.mu);
  auto it = sbx.state.issued_tokens.find(token);
  if (it == sbx.state.issued_tokens.end()) return std::nullopt;
  return it->second;
}

std::string issue_depot_token(Sandbox &sbx, const std::string &kind,
                              const std::string &prefix,
                              const std::string &project_id) {
  std::string token = prefix + random_hex(24);
  std::lock_guard lock(sbx.state.mu);
  sbx.state.issued_tokens[token] =
      DepotToken{kind, project_id, now_seconds() + kIssuedTokenLifetime};
  return token;
}

std::optional<Fault> take_fault(State &s, const std::string &route) {
  std::lock_guard lock(s.mu);
  auto it = s.faults.find(route);
  if (it == s.faults.end() || it->second.empty()) return std::nullopt;
  Fault f = it->second.front();
  if (--it->second.front().remaining <= 0) it->second.pop_front();
  return f;
}

LogTicket log_begin(State &s, LogEntry entry) {
  std::lock_guard lock(s.mu);
  s.log.push_back(std::move(entry));
  return LogTicket{s.log_generation, s.log.size() - 1};
}

void log_finish(State &s, const LogTicket &t, int status,
                std::optional<std::string> error) {
  std::lock_guard lock(s.mu);
  if (t.generation != s.log_generation || t.index >= s.log.size()) return;
  s.log[t.index].status = status;
  s.log[t.index].error = std::move(error);
}

namespace {
void write_opt(rapidjson::Writer<rapidjson::StringBuffer> &w, const char *key,
               const std::optional<std::string> &v) {
  w.Key(key);
  if (v)
    w.String(v->c_str(), static_cast<rapidjson::SizeType>(v->size()));
  else
    w.Null();
}
void write_str(rapidjson::Writer<rapidjson::StringBuffer> &w, const char *key,
               const std::string &v) {
  w.Key(key);
  w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
}
} // namespace

std::string log_json(State &s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  std::lock_guard lock(s.mu);
  w.StartArray();
  for (const auto &e : s.log) {
    w.StartObject();
    write_str(w, "route", e.route);
    write_str(w, "method", e.method);
    write_str(w, "path", e.path);
    write_str(w, "query", e.query);
    w.Key("status");
    w.Int(e.status);
    write_str(w, "content_type", e.content_type);
    write_str(w, "user_agent", e.user_agent);
    write_opt(w, "auth_scheme", e.auth_scheme);
    write_str(w, "connect_protocol_version", e.connect_protocol_version);
    write_opt(w, "fault", e.fault);
    write_opt(w, "error", e.error);
    w.EndObject();
  }
  w.EndArray();
  return {buf.GetString(), buf.GetSize()};
}

} // namespace sandbox
