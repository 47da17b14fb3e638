#include "admin.hpp"

#include <fmt/core.h>
#include <rapidjson/document.h>

#include "util.hpp"

namespace sandbox {

void reply(httplib::Response &res, int status, const std::string &json) {
  res.status = status;
  res.set_content(json, "application/json");
}

void bad_request(httplib::Response &res, const std::string &msg) {
  reply(res, 400, "{\"error\":" + json_quote(msg) + "}");
}

// Parses the body as a JSON object; answers 400 and returns false otherwise.
bool parse_object(const httplib::Request &req, httplib::Response &res,
                  rapidjson::Document &doc) {
  doc.Parse(req.body.c_str(), req.body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    bad_request(res, "body must be a JSON object");
    return false;
  }
  return true;
}

bool read_ttl(const rapidjson::Value &doc, std::int64_t &ttl,
              httplib::Response &res) {
  if (!doc.HasMember("token_ttl")) return true;
  auto v = json_int(doc, "token_ttl");
  if (!v) bad_request(res, "\"token_ttl\" must be an integer");
  else ttl = *v;
  return v.has_value();
}

namespace {

void create_github_job(Sandbox &sbx, const httplib::Request &req,
                       httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  auto repo = json_string(doc, "repository");
  auto slash = repo ? repo->find('/') : std::string::npos;
  if (!repo || slash == 0 || slash == std::string::npos ||
      slash + 1 == repo->size() || repo->find('/', slash + 1) != std::string::npos)
    return bad_request(res, "\"repository\" must be \"owner/repo\"");
  GithubJob job;
  job.owner = repo->substr(0, slash);
  job.name = repo->substr(slash + 1);
  job.ref = json_string(doc, "ref").value_or("refs/heads/main");
  if (!read_ttl(doc, job.token_ttl, res)) return;
  std::string request_token = random_hex(20);
  {
    std::lock_guard lock(sbx.state.mu);
    job.run_id = sbx.state.next_run_id++;
    sbx.state.github_jobs[request_token] = job;
  }
  reply(res, 200,
        fmt::format(
            "{{\"ACTIONS_ID_TOKEN_REQUEST_URL\":{},"
            "\"ACTIONS_ID_TOKEN_REQUEST_TOKEN\":{},\"GITHUB_ACTIONS\":\"true\","
            "\"GITHUB_REPOSITORY\":{},\"GITHUB_REPOSITORY_OWNER\":{},"
            "\"GITHUB_REF\":{},\"GITHUB_RUN_ID\":\"{}\"}}",
            json_quote(sbx.base_url + "/github/token?api-version=2.0"),
            json_quote(request_token), json_quote(*repo),
            json_quote(job.owner), json_quote(job.ref), job.run_id));
}

// Reads the optional non-negative integer `key`; false (after a 400) if bad.
template <typename T>
bool read_count(const rapidjson::Value &doc, const char *key, T &out,
                httplib::Response &res) {
  if (!doc.HasMember(key)) return true;
  auto v = json_int(doc, key);
  if (!v || *v < 0) {
    bad_request(res, fmt::format("\"{}\" must be a non-negative integer", key));
    return false;
  }
  out = static_cast<T>(*v);
  return true;
}

void add_fault(Sandbox &sbx, const httplib::Request &req,
               httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  auto route = json_string(doc, "route");
  if (!route || !is_fault_route(*route)) {
    std::string names;
    for (const auto &r : fault_routes()) names += (names.empty() ? "" : ", ") + r;
    return bad_request(res, "\"route\" must be one of " + names);
  }
  static const char *const known[] = {"route", "count", "status", "delay_ms",
                                      "reset", "body", "body_size",
                                      "retry_after", "content_type"};
  const rapidjson::Value &obj = doc; // const: see jwt_signer.cpp
  for (const auto &m : obj.GetObject()) {
    bool ok = false;
    for (const char *k : known) ok = ok || std::string(k) == m.name.GetString();
    if (!ok) return bad_request(res, fmt::format("unknown key \"{}\"", m.name.GetString()));
  }
  Fault f;
  std::size_t body_size = 0;
  std::int64_t retry_after = 0;
  if (!read_count(doc, "count", f.remaining, res) ||
      !read_count(doc, "status", f.status, res) ||
      !read_count(doc, "delay_ms", f.delay_ms, res) ||
      !read_count(doc, "body_size", body_size, res) ||
      !read_count(doc, "retry_after", retry_after, res))
    return;
  if (f.remaining < 1) return bad_request(res, "\"count\" must be at least 1");
  if (f.status && (f.status < 100 || f.status > 599))
    return bad_request(res, "\"status\" must be an HTTP status");
  if (doc.HasMember("body_size")) f.body_size = body_size;
  if (doc.HasMember("retry_after")) f.retry_after = retry_after;
  if (doc.HasMember("reset")) {
    if (!doc["reset"].IsBool()) return bad_request(res, "\"reset\" must be a boolean");
    f.reset = doc["reset"].GetBool();
  }
  for (auto [key, dst] : {std::pair{"body", &f.body},
                          std::pair{"content_type", &f.content_type}}) {
    if (!doc.HasMember(key)) continue;
    auto v = json_string(doc, key);
    if (!v) return bad_request(res, fmt::format("\"{}\" must be a string", key));
    *dst = *v;
  }
  {
    std::lock_guard lock(sbx.state.mu);
    sbx.state.faults[*route].push_back(f);
  }
  reply(res, 200,
        fmt::format("{{\"route\":{},\"count\":{},\"fault\":{}}}",
                    json_quote(*route), f.remaining,
                    json_quote(describe_fault(f))));
}

void list_faults(Sandbox &sbx, httplib::Response &res) {
  std::string out = "[";
  std::lock_guard lock(sbx.state.mu);
  for (const auto &[route, queue] : sbx.state.faults)
    for (const auto &f : queue) {
      if (out.size() > 1) out += ',';
      out += fmt::format("{{\"route\":{},\"remaining\":{},\"fault\":{}}}",
                         json_quote(route), f.remaining,
                         json_quote(describe_fault(f)));
    }
  reply(res, 200, out + "]");
}

void verify_pull_token(Sandbox &sbx, const httplib::Request &req,
                       httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  auto token = json_string(doc, "token");
  if (!token) return bad_request(res, "\"token\" must be a string");
  std::optional<DepotToken> found = find_depot_token(sbx, *token);
  if (!found || (found->expires_at && found->expires_at <= now_seconds()))
    return reply(res, 200, "{\"valid\":false}");
  reply(res, 200,
        fmt::format("{{\"valid\":true,\"projectId\":{},\"kind\":{},"
                    "\"expiresAt\":{}}}",
                    json_quote(found->project_id), json_quote(found->kind),
                    found->expires_at ? std::to_string(found->expires_at)
                                      : std::string("null")));
}

} // namespace

void add_admin_routes(httplib::Server &svr, Sandbox &sbx) {
  using Req = const httplib::Request &;
  using Res = httplib::Response &;
  svr.Post("/admin/jobs/github",
           [&sbx](Req req, Res res) { create_github_job(sbx, req, res); });
  svr.Post("/admin/faults", [&sbx](Req req, Res res) { add_fault(sbx, req, res); });
  svr.Get("/admin/faults", [&sbx](Req, Res res) { list_faults(sbx, res); });
  svr.Get("/admin/log",
          [&sbx](Req, Res res) { reply(res, 200, log_json(sbx.state)); });
  svr.Post("/admin/reset", [&sbx](Req, Res res) {
    std::lock_guard lock(sbx.state.mu);
    sbx.state.faults.clear();
    sbx.state.log.clear();
    ++sbx.state.log_generation;
    reply(res, 200, "{\"ok\":true}");
  });
  svr.Post("/admin/pull-tokens/verify",
           [&sbx](Req req, Res res) { verify_pull_token(sbx, req, res); });
  add_ci_admin_routes(svr, sbx);
}

} // namespace sandbox
