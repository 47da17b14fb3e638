#include "github_service.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "route_guard.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

// Stable made-up numeric ids derived from names, as GitHub's are stable.
std::string fake_id(const std::string &name) {
  std::uint32_t h = 2166136261u; // FNV-1a
  for (unsigned char c : name) h = (h ^ c) * 16777619u;
  return std::to_string(h % 900000000u + 100000000u);
}

void json_error(httplib::Response &res, int status, const std::string &msg) {
  res.status = status;
  res.set_content("{\"message\":" + json_quote(msg) + "}", "application/json");
}

std::optional<std::string> token_route(Sandbox &sbx, const httplib::Request &req,
                                       httplib::Response &res) {
  auto bearer = auth_credentials(req, "bearer");
  std::optional<GithubJob> job;
  if (bearer) {
    std::lock_guard lock(sbx.state.mu);
    if (auto it = sbx.state.github_jobs.find(*bearer);
        it != sbx.state.github_jobs.end())
      job = it->second;
  }
  if (!job) {
    json_error(res, 401, "Bad credentials");
    return bearer ? "unknown request token" : "no bearer request token";
  }
  std::string audience = req.get_param_value("audience");
  if (audience.empty()) {
    json_error(res, 400, "audience query parameter is required");
    return "no audience";
  }
  std::string jwt =
      sign_jwt(sbx.github_key, github_claims(*job, audience, now_seconds()));
  res.status = 200;
  res.set_content("{\"count\":1,\"value\":\"" + jwt + "\"}",
                  "application/json; charset=utf-8");
  return std::nullopt;
}

} // namespace

std::string github_claims(const GithubJob &job, const std::string &audience,
                          std::int64_t now) {
  const std::string repo = job.owner + "/" + job.name;
  const bool tag = job.ref.rfind("refs/tags/", 0) == 0;
  const std::string run_id = std::to_string(job.run_id);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char *k, const std::string &v) {
    w.Key(k);
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  str("jti", random_hex(16));
  str("sub", "repo:" + repo + ":ref:" + job.ref);
  str("aud", audience);
  str("ref", job.ref);
  str("sha", random_hex(20));
  str("repository", repo);
  str("repository_owner", job.owner);
  str("repository_owner_id", fake_id(job.owner));
  str("repository_id", fake_id(repo));
  str("repository_visibility", "private");
  str("run_id", run_id);
  str("run_number", std::to_string(job.run_id - 999)); // ids start at 1000
  str("run_attempt", "1");
  str("actor", "sandbox-user");
  str("actor_id", fake_id("sandbox-user"));
  str("workflow", "CI");
  str("workflow_ref", repo + "/.github/workflows/ci.yml@" + job.ref);
  str("job_workflow_ref", repo + "/.github/workflows/ci.yml@" + job.ref);
  str("event_name", "push");
  str("ref_type", tag ? "tag" : "branch");
  str("runner_environment", "github-hosted");
  str("iss", kGithubIssuer);
  // GitHub backdates nbf and gives exp = iat + 5 min.
  w.Key("nbf");
  w.Int64(now - 600);
  w.Key("exp");
  w.Int64(now + job.token_ttl);
  w.Key("iat");
  w.Int64(now);
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

void add_github_routes(httplib::Server &svr, Sandbox &sbx) {
  svr.Get("/github/token",
          guarded(sbx, "github_token",
                  [&sbx](const httplib::Request &req, httplib::Response &res) {
                    return token_route(sbx, req, res);
                  }));
}

} // namespace sandbox
