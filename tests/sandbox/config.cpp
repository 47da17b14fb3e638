#include "config.hpp"

#include <stdexcept>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "util.hpp"

namespace sandbox {

Config default_config() {
  Project p{"sbxproj1", {"depot_project_sbx_static_1"}, {}};
  Trust github, circleci, buildkite, mint, gitlab;
  github.provider = "github";
  circleci.provider = "circleci";
  buildkite.provider = "buildkite";
  mint.provider = "mint";
  gitlab.provider = "gitlab";
  github.owner = "acme";
  github.repository = "widgets";
  circleci.org_id = kDefaultCircleciOrg;
  circleci.project_id = kDefaultCircleciProject;
  buildkite.organization = "acme";
  buildkite.pipeline = "widgets";
  mint.subject = std::string("mint:") + kDefaultMintOrg + ":depot";
  gitlab.project_path = "acme/widgets";
  p.trust = {github, circleci, buildkite, mint, gitlab};
  return Config{{p}};
}

namespace {
std::string required_string(const rapidjson::Value &obj, const char *key,
                            const std::string &where) {
  auto v = json_string(obj, key);
  if (!v || v->empty())
    throw std::runtime_error(where + ": \"" + key +
                             "\" must be a non-empty string");
  return *v;
}

// Each provider needs exactly the fields Depot's settings page asks for.
Trust parse_trust(const rapidjson::Value &t, const std::string &where) {
  if (!t.IsObject()) throw std::runtime_error(where + " must be an object");
  Trust out;
  out.provider = required_string(t, "provider", where);
  auto need = [&](const char *key, std::string &dst) {
    dst = required_string(t, key, where);
  };
  if (out.provider == "github") {
    need("owner", out.owner);
    need("repository", out.repository);
  } else if (out.provider == "circleci") {
    need("org_id", out.org_id);
    need("project_id", out.project_id);
  } else if (out.provider == "buildkite") {
    need("organization", out.organization);
    need("pipeline", out.pipeline);
  } else if (out.provider == "mint") {
    need("subject", out.subject);
  } else if (out.provider == "gitlab") {
    need("project_path", out.project_path);
  } else {
    throw std::runtime_error(where + ": unknown provider \"" + out.provider +
                             "\" (github, circleci, buildkite, mint, gitlab)");
  }
  return out;
}

Project parse_project(const rapidjson::Value &p, const std::string &where) {
  if (!p.IsObject()) throw std::runtime_error(where + " must be an object");
  Project out;
  out.id = required_string(p, "id", where);
  if (auto it = p.FindMember("tokens"); it != p.MemberEnd()) {
    if (!it->value.IsArray())
      throw std::runtime_error(where + ": \"tokens\" must be an array");
    for (const auto &tok : it->value.GetArray()) {
      if (!tok.IsString() || tok.GetStringLength() == 0)
        throw std::runtime_error(where + ": tokens must be non-empty strings");
      out.tokens.emplace_back(tok.GetString(), tok.GetStringLength());
    }
  }
  if (auto it = p.FindMember("trust"); it != p.MemberEnd()) {
    if (!it->value.IsArray())
      throw std::runtime_error(where + ": \"trust\" must be an array");
    int i = 0;
    for (const auto &t : it->value.GetArray())
      out.trust.push_back(
          parse_trust(t, where + ".trust[" + std::to_string(i++) + "]"));
  }
  return out;
}
} // namespace

Config parse_config(const std::string &json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError())
    throw std::runtime_error(std::string("config is not JSON: ") +
                             rapidjson::GetParseError_En(doc.GetParseError()));
  if (!doc.IsObject() || !doc.HasMember("projects") ||
      !doc["projects"].IsArray())
    throw std::runtime_error("config needs a \"projects\" array");
  Config cfg;
  int i = 0;
  for (const auto &p : doc["projects"].GetArray())
    cfg.projects.push_back(
        parse_project(p, "projects[" + std::to_string(i++) + "]"));
  if (cfg.projects.empty())
    throw std::runtime_error("config needs at least one project");
  return cfg;
}

const Project *find_project(const Config &cfg, const std::string &id) {
  for (const auto &p : cfg.projects)
    if (p.id == id) return &p;
  return nullptr;
}

const Project *find_project_by_token(const Config &cfg,
                                     const std::string &token) {
  for (const auto &p : cfg.projects)
    for (const auto &t : p.tokens)
      if (t == token) return &p;
  return nullptr;
}

const Trust *first_trust(const Config &cfg, const std::string &provider) {
  for (const auto &p : cfg.projects)
    for (const auto &t : p.trust)
      if (t.provider == provider) return &t;
  return nullptr;
}

} // namespace sandbox
