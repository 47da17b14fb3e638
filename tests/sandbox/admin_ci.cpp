// Admin routes that set up the non-GitHub CIs: a Buildkite job (its agent
// API then mints the token) and the tokens CircleCI, Mint and GitLab hand a
// job through its environment. Each answers the job's env as a JSON object.
#include <fmt/core.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "admin.hpp"
#include "ci_claims.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

using Env = std::vector<std::pair<std::string, std::string>>;

void reply_env(httplib::Response &res, const Env &env) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (const auto &[k, v] : env) {
    w.Key(k.c_str());
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  w.EndObject();
  reply(res, 200, {buf.GetString(), buf.GetSize()});
}

// A required non-empty string without ':' (it ends up inside `sub`).
bool read_name(const rapidjson::Value &doc, const char *key, std::string &out,
               httplib::Response &res) {
  auto v = json_string(doc, key);
  if (!v || v->empty() || v->find(':') != std::string::npos) {
    bad_request(res, fmt::format("\"{}\" must be a non-empty string without ':'", key));
    return false;
  }
  out = *v;
  return true;
}

// An optional string member; false (after a 400) when it is not a string.
bool read_opt(const rapidjson::Value &doc, const char *key, std::string &out,
              httplib::Response &res) {
  if (!doc.HasMember(key)) return true;
  auto v = json_string(doc, key);
  if (!v || v->empty()) {
    bad_request(res, fmt::format("\"{}\" must be a non-empty string", key));
    return false;
  }
  out = *v;
  return true;
}

void create_buildkite_job(Sandbox &sbx, const httplib::Request &req,
                          httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  BuildkiteJob job;
  job.ref = "refs/heads/main";
  if (!read_name(doc, "organization", job.organization, res) ||
      !read_name(doc, "pipeline", job.pipeline, res) ||
      !read_opt(doc, "ref", job.ref, res) ||
      !read_ttl(doc, job.token_ttl, res))
    return;
  job.job_id = random_uuid();
  job.agent_id = random_uuid();
  job.build_id = random_uuid();
  job.commit = random_hex(20);
  job.step_key = "build";
  std::string agent_token = random_hex(24);
  {
    std::lock_guard lock(sbx.state.mu);
    job.build_number = sbx.state.next_build_number++;
    sbx.state.buildkite_jobs[agent_token] = job;
  }
  reply_env(res, {{"BUILDKITE", "true"},
                  {"BUILDKITE_AGENT_ACCESS_TOKEN", agent_token},
                  {"BUILDKITE_JOB_ID", job.job_id},
                  {"BUILDKITE_AGENT_ENDPOINT", sbx.base_url + "/buildkite/v3"},
                  {"BUILDKITE_ORGANIZATION_SLUG", job.organization},
                  {"BUILDKITE_PIPELINE_SLUG", job.pipeline},
                  {"BUILDKITE_BUILD_ID", job.build_id},
                  {"BUILDKITE_BUILD_NUMBER", std::to_string(job.build_number)},
                  {"BUILDKITE_BRANCH", job.ref.substr(job.ref.rfind('/') + 1)},
                  {"BUILDKITE_COMMIT", job.commit}});
}

void circleci_token(Sandbox &sbx, const httplib::Request &req,
                    httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  CircleciToken t;
  if (!read_name(doc, "org_id", t.org_id, res) ||
      !read_name(doc, "project_id", t.project_id, res) ||
      !read_opt(doc, "vcs_origin", t.vcs_origin, res) ||
      !read_opt(doc, "vcs_ref", t.vcs_ref, res) || !read_ttl(doc, t.ttl, res))
    return;
  if (t.org_id.find('/') != std::string::npos)
    return bad_request(res, "\"org_id\" must not contain '/'");
  if (doc.HasMember("version")) {
    auto v = json_int(doc, "version");
    if (!v || (*v != 1 && *v != 2))
      return bad_request(res, "\"version\" must be 1 or 2");
    t.version = static_cast<int>(*v);
  }
  std::string jwt = sign_jwt(sbx.circleci_key, circleci_claims(t, now_seconds()));
  reply_env(res, {{"CIRCLECI", "true"},
                  {t.version == 2 ? "CIRCLE_OIDC_TOKEN_V2" : "CIRCLE_OIDC_TOKEN", jwt}});
}

void mint_token(Sandbox &sbx, const httplib::Request &req,
                httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  MintToken t;
  if (!read_name(doc, "org_id", t.org_id, res) ||
      !read_name(doc, "vault", t.vault, res) ||
      !read_opt(doc, "audience", t.audience, res) || !read_ttl(doc, t.ttl, res))
    return;
  t.run_id = random_hex(16);
  t.task_id = random_hex(16);
  std::string jwt = sign_jwt(sbx.mint_key, mint_claims(t, now_seconds()));
  reply_env(res, {{"MINT", "true"},
                  {"MINT_RUN_ID", t.run_id},
                  {"MINT_TASK_ID", t.task_id},
                  {"DEPOT_OIDC_TOKEN", jwt}});
}

void gitlab_token(Sandbox &sbx, const httplib::Request &req,
                  httplib::Response &res) {
  rapidjson::Document doc;
  if (!parse_object(req, res, doc)) return;
  GitlabToken t;
  if (!read_name(doc, "project_path", t.project_path, res) ||
      !read_opt(doc, "audience", t.audience, res) ||
      !read_opt(doc, "ref", t.ref, res) || !read_ttl(doc, t.ttl, res))
    return;
  {
    std::lock_guard lock(sbx.state.mu);
    t.pipeline_id = sbx.state.next_run_id++;
  }
  std::string jwt = sign_jwt(sbx.gitlab_key, gitlab_claims(t, now_seconds()));
  reply_env(res, {{"GITLAB_CI", "true"},
                  {"CI_PROJECT_PATH", t.project_path},
                  {"CI_PIPELINE_ID", std::to_string(t.pipeline_id)},
                  {"DEPOT_OIDC_TOKEN", jwt}});
}

} // namespace

void add_ci_admin_routes(httplib::Server &svr, Sandbox &sbx) {
  using Req = const httplib::Request &;
  using Res = httplib::Response &;
  svr.Post("/admin/jobs/buildkite",
           [&sbx](Req req, Res res) { create_buildkite_job(sbx, req, res); });
  svr.Post("/admin/tokens/circleci",
           [&sbx](Req req, Res res) { circleci_token(sbx, req, res); });
  svr.Post("/admin/tokens/mint",
           [&sbx](Req req, Res res) { mint_token(sbx, req, res); });
  svr.Post("/admin/tokens/gitlab",
           [&sbx](Req req, Res res) { gitlab_token(sbx, req, res); });
}

} // namespace sandbox
