#include "ctl.hpp"

#include <cstdio>
#include <sstream>

#include <fmt/core.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include "util.hpp"

namespace sandbox {

std::string env_value(const std::string &env_text, const std::string &key) {
  std::istringstream in(env_text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + "=", 0) != 0) continue;
    std::string v = line.substr(key.size() + 1);
    if (v.size() < 2 || v.front() != '\'') return v;
    // Undo the writer's single-quoting ('\'' for a quote).
    std::string out;
    bool quoted = false;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == '\'') quoted = !quoted;
      else if (v[i] == '\\' && !quoted && i + 1 < v.size()) out += v[++i];
      else out += v[i];
    }
    return out;
  }
  return {};
}

namespace {

// A job route's {"NAME":"value",...} answer as NAME=value lines, ready for
// env(1) or `mapfile`; so scripts need no JSON parsing of their own.
int print_as_env(const std::string &body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    fmt::print(stderr, "depot-sandbox ctl --env: the answer is not a JSON object\n");
    return 1;
  }
  const rapidjson::Value &root = doc;
  for (const auto &m : root.GetObject()) {
    if (!m.value.IsString()) continue;
    std::string value(m.value.GetString(), m.value.GetStringLength());
    if (value.find('\n') != std::string::npos) {
      fmt::print(stderr, "depot-sandbox ctl --env: {} spans lines\n", m.name.GetString());
      return 1;
    }
    fmt::print("{}={}\n", m.name.GetString(), value);
  }
  return 0;
}

} // namespace

int run_ctl(const std::string &state_dir, const std::string &method,
            const std::string &path, const std::string &body, bool as_env) {
  std::string url;
  try {
    url = env_value(read_file(state_dir + "/env"), "SANDBOX_URL");
  } catch (const std::exception &e) {
    fmt::print(stderr, "depot-sandbox ctl: {}\n", e.what());
    return 1;
  }
  auto colon = url.rfind(':');
  if (url.rfind("https://", 0) != 0 || colon == std::string::npos) {
    fmt::print(stderr, "depot-sandbox ctl: no SANDBOX_URL in {}/env\n", state_dir);
    return 1;
  }
  std::string host = url.substr(8, colon - 8);
  int port = std::atoi(url.c_str() + colon + 1);

  httplib::SSLClient cli(host, port);
  cli.set_ca_cert_path((state_dir + "/ca.pem").c_str());
  cli.enable_server_certificate_verification(true);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(30);

  httplib::Result r{nullptr, httplib::Error::Unknown};
  const char *ct = "application/json";
  if (method == "GET") r = cli.Get(path.c_str());
  else if (method == "POST") r = cli.Post(path.c_str(), body, ct);
  else if (method == "PUT") r = cli.Put(path.c_str(), body, ct);
  else if (method == "DELETE") r = cli.Delete(path.c_str(), body, ct);
  else {
    fmt::print(stderr, "depot-sandbox ctl: unsupported method {}\n", method);
    return 1;
  }
  if (!r) {
    fmt::print(stderr, "depot-sandbox ctl: request failed: {}\n",
               httplib::to_string(r.error()));
    return 1;
  }
  if (as_env && r->status >= 200 && r->status < 300) return print_as_env(r->body);
  std::fwrite(r->body.data(), 1, r->body.size(), stdout);
  if (!r->body.empty() && r->body.back() != '\n') std::fputc('\n', stdout);
  std::fflush(stdout);
  return r->status >= 200 && r->status < 300 ? 0 : 1;
}

} // namespace sandbox
