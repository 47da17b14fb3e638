#include "ci_claims.hpp"

#include <initializer_list>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "util.hpp"

namespace sandbox {

namespace {

// A flat JSON object written member by member.
struct Claims {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w{buf};
  Claims() { w.StartObject(); }
  void str(const char *k, const std::string &v) {
    w.Key(k);
    w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  }
  void num(const char *k, std::int64_t v) {
    w.Key(k);
    w.Int64(v);
  }
  void strs(const char *k, std::initializer_list<std::string> vs) {
    w.Key(k);
    w.StartArray();
    for (const auto &v : vs)
      w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
    w.EndArray();
  }
  std::string done() {
    w.EndObject();
    return {buf.GetString(), buf.GetSize()};
  }
};

std::string after_last_slash(const std::string &s) {
  return s.substr(s.rfind('/') + 1);
}

} // namespace

std::string buildkite_claims(const BuildkiteJob &job,
                             const std::string &audience, std::int64_t now) {
  Claims c;
  c.str("iss", kBuildkiteIssuer);
  c.str("sub", "organization:" + job.organization + ":pipeline:" +
                   job.pipeline + ":ref:" + job.ref + ":commit:" + job.commit +
                   ":step:" + job.step_key);
  c.str("aud", audience);
  c.num("iat", now);
  c.num("nbf", now);
  c.num("exp", now + job.token_ttl);
  c.str("organization_slug", job.organization);
  c.str("pipeline_slug", job.pipeline);
  c.num("build_number", job.build_number);
  c.str("build_branch", after_last_slash(job.ref));
  c.str("build_commit", job.commit);
  c.str("build_source", "webhook");
  c.str("step_key", job.step_key);
  c.str("job_id", job.job_id);
  c.str("agent_id", job.agent_id);
  return c.done();
}

std::string circleci_claims(const CircleciToken &t, std::int64_t now) {
  std::string sub = "org/" + t.org_id + "/project/" + t.project_id + "/user/" +
                    random_uuid();
  if (t.version == 2)
    sub += "/vcs-origin/" + t.vcs_origin + "/vcs-ref/" + t.vcs_ref;
  Claims c;
  c.str("iss", kCircleciIssuerPrefix + t.org_id);
  c.str("sub", sub);
  c.str("aud", t.org_id); // fixed by CircleCI: the organization UUID
  c.num("iat", now);
  c.num("exp", now + t.ttl);
  c.str("oidc.circleci.com/project-id", t.project_id);
  c.strs("oidc.circleci.com/context-ids", {random_uuid()});
  if (t.version == 2) {
    c.str("oidc.circleci.com/vcs-origin", t.vcs_origin);
    c.str("oidc.circleci.com/vcs-ref", t.vcs_ref);
  }
  return c.done();
}

std::string mint_claims(const MintToken &t, std::int64_t now) {
  Claims c;
  c.str("iss", kMintIssuer);
  c.str("sub", "mint:" + t.org_id + ":" + t.vault);
  c.str("aud", t.audience);
  c.str("run_id", t.run_id);
  c.str("task_id", t.task_id);
  c.num("iat", now);
  c.num("exp", now + t.ttl);
  return c.done();
}

std::string gitlab_claims(const GitlabToken &t, std::int64_t now) {
  auto slash = t.project_path.rfind('/');
  Claims c;
  c.str("iss", kGitlabIssuer);
  c.str("sub", "project_path:" + t.project_path + ":ref_type:branch:ref:" + t.ref);
  c.str("aud", t.audience);
  c.str("project_path", t.project_path);
  c.str("namespace_path",
        slash == std::string::npos ? t.project_path : t.project_path.substr(0, slash));
  c.str("ref", t.ref);
  c.str("ref_type", "branch");
  c.str("ref_protected", "true");
  c.str("pipeline_id", std::to_string(t.pipeline_id));
  c.str("pipeline_source", "push");
  c.str("jti", random_uuid());
  c.num("iat", now);
  c.num("nbf", now - 5);
  c.num("exp", now + t.ttl);
  return c.done();
}

} // namespace sandbox
