#include "ci_tokens.hpp"

#include <rapidjson/document.h>

#include "util.hpp"

namespace sandbox {

namespace {

std::string claim(const CiToken &t, const char *key) {
  auto it = t.claims.find(key);
  return it == t.claims.end() ? std::string() : it->second;
}

// CircleCI's organization is the suffix of its issuer URL.
std::string circleci_org(const std::string &iss) {
  std::string prefix = kCircleciIssuerPrefix;
  if (iss.rfind(prefix, 0) != 0) return {};
  std::string org = iss.substr(prefix.size());
  return org.find('/') == std::string::npos ? org : std::string();
}

bool matches(const Trust &tr, const CiToken &t) {
  if (tr.provider != t.provider) return false;
  if (t.provider == "github") {
    const std::string repo = claim(t, "repository");
    auto slash = repo.find('/');
    return slash != std::string::npos &&
           tr.owner == claim(t, "repository_owner") &&
           tr.repository == repo.substr(slash + 1);
  }
  if (t.provider == "circleci") // aud == org was checked by verification
    return tr.org_id == circleci_org(claim(t, "iss")) &&
           tr.project_id == claim(t, "oidc.circleci.com/project-id");
  if (t.provider == "buildkite")
    return tr.organization == claim(t, "organization_slug") &&
           tr.pipeline == claim(t, "pipeline_slug");
  if (t.provider == "mint") return tr.subject == claim(t, "sub");
  if (t.provider == "gitlab")
    return tr.project_path == claim(t, "project_path");
  return false;
}

} // namespace

const JwtKey &ci_key(const Sandbox &sbx, const std::string &provider) {
  if (provider == "buildkite") return sbx.buildkite_key;
  if (provider == "circleci") return sbx.circleci_key;
  if (provider == "mint") return sbx.mint_key;
  if (provider == "gitlab") return sbx.gitlab_key;
  return sbx.github_key;
}

CiToken verify_ci_token(const Sandbox &sbx, const std::string &token) {
  CiToken out;
  auto payload = unverified_payload(token);
  rapidjson::Document doc;
  if (payload) doc.Parse(payload->c_str(), payload->size());
  if (!payload || doc.HasParseError() || !doc.IsObject()) {
    // Malformed: let the verifier name the structural problem.
    JwtResult r = verify_jwt(sbx.github_key, token,
                             JwtExpect{kGithubIssuer, kDepotAudience,
                                       now_seconds(), 60});
    out.error = r.ok ? "JWT payload is not JSON" : r.error;
    return out;
  }
  const std::string iss = json_string(doc, "iss").value_or("");
  std::string audience = kDepotAudience;
  if (iss == kGithubIssuer) out.provider = "github";
  else if (iss == kBuildkiteIssuer) out.provider = "buildkite";
  else if (iss == kMintIssuer) out.provider = "mint";
  else if (iss == kGitlabIssuer) out.provider = "gitlab";
  else if (!circleci_org(iss).empty()) {
    out.provider = "circleci";
    audience = circleci_org(iss);
  } else {
    out.error = "JWT iss is not a known issuer";
    return out;
  }
  JwtResult r = verify_jwt(ci_key(sbx, out.provider), token,
                           JwtExpect{iss, audience, now_seconds(), 60});
  out.ok = r.ok;
  out.error = r.error;
  out.claims = std::move(r.claims);
  return out;
}

std::string describe_identity(const CiToken &t) {
  if (t.provider == "github") return "repository " + claim(t, "repository");
  if (t.provider == "circleci")
    return "CircleCI organization " + circleci_org(claim(t, "iss")) +
           " project " + claim(t, "oidc.circleci.com/project-id");
  if (t.provider == "buildkite")
    return "Buildkite organization " + claim(t, "organization_slug") +
           " pipeline " + claim(t, "pipeline_slug");
  if (t.provider == "mint") return "Mint subject " + claim(t, "sub");
  return "GitLab project " + claim(t, "project_path");
}

std::optional<std::string> trust_mismatch(const Project &p, const CiToken &t) {
  for (const auto &tr : p.trust)
    if (matches(tr, t)) return std::nullopt;
  return "no trust relationship of project " + p.id + " matches " +
         describe_identity(t);
}

} // namespace sandbox
