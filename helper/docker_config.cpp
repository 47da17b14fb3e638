#include "helper/docker_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "helper/protocol.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr const char* kHelperName = "depot";

Result<ConfigureOptions> parse_configure_args(const std::vector<std::string>& args, const Env& env) {
  ConfigureOptions o;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--uninstall") {
      o.uninstall = true;
    } else if ((a == "--config" || a == "--registry") && i + 1 < args.size()) {
      (a == "--config" ? o.config_dir : o.registries.emplace_back()) = args[++i];
    } else {
      return Error{"configure", "unknown argument \"" + a + "\"",
                   "usage: configure [--config DIR] [--registry HOST]... [--uninstall]"};
    }
  }
  for (const auto& extra : load_config(env).extra_registries) o.registries.push_back(extra);
  if (o.config_dir.empty()) o.config_dir = env.value("DOCKER_CONFIG");
  if (o.config_dir.empty() && env.has("HOME")) o.config_dir = env.value("HOME") + "/.docker";
  if (o.config_dir.empty()) return Error{"configure", "no Docker config directory", "pass --config DIR or set HOME"};
  return o;
}

// The hosts to map: Depot's registry plus the extras, normalized as `get` will see them.
Result<std::vector<std::string>> hosts_for(const ConfigureOptions& o) {
  std::vector<std::string> hosts{"registry.depot.dev"};
  for (const auto& r : o.registries) {
    std::string host = normalize_server(r);
    if (host.empty()) return Error{"configure", "\"" + r + "\" is not a registry host", "give host or host:port"};
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  }
  return hosts;
}

// Docker follows a symlinked config.json and replaces its target.
std::string resolve_symlink(const std::string& path) {
  char target[4096];
  ssize_t n = readlink(path.c_str(), target, sizeof target - 1);
  if (n <= 0) return path;
  std::string t(target, static_cast<size_t>(n));
  if (t[0] == '/') return t;
  auto slash = path.find_last_of('/');
  return (slash == std::string::npos ? std::string(".") : path.substr(0, slash)) + "/" + t;
}

Result<bool> write_atomically(const std::string& path, const std::string& text) {
  struct stat st {};
  bool exists = stat(path.c_str(), &st) == 0;
  mode_t mode = exists ? (st.st_mode & 07777) : 0600;
  auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
  std::string tmp = dir + "/.config.json.tmp-XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return Error{"configure", "cannot write in " + dir + ": " + std::strerror(errno), ""};
  bool ok = fchmod(fd, mode) == 0 && write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            fsync(fd) == 0;
  ok = close(fd) == 0 && ok;
  if (!ok || rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    unlink(tmp.c_str());
    return Error{"configure", "cannot write " + path + ": " + why, ""};
  }
  return true;
}

bool on_path(const Env& env) {
  for (const auto& dir : split(env.value("PATH"), ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/docker-credential-depot";
    if (access(candidate.c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

Result<std::string> edit_docker_config(const std::string& existing, const std::vector<std::string>& hosts,
                                       bool uninstall) {
  rapidjson::Document doc;
  if (trim(existing).empty()) {
    doc.SetObject();
  } else {
    // Not kParseFullPrecisionFlag: rapidjson 1.1 has undefined behaviour on that
    // path (clz(0) in diyfp.h, found by fuzz_docker_config). Numbers keep their
    // double value; only digits beyond a double's precision may be re-rendered.
    doc.Parse(existing.data(), existing.size());
    if (doc.HasParseError() || !doc.IsObject())
      return Error{"configure", "config.json is not a JSON object; it was left untouched", "fix or remove it"};
  }
  auto& a = doc.GetAllocator();
  if (!doc.HasMember("credHelpers")) {
    if (uninstall) return std::string(existing);
    doc.AddMember("credHelpers", rapidjson::Value(rapidjson::kObjectType), a);
  }
  rapidjson::Value& helpers = doc["credHelpers"];
  if (!helpers.IsObject())
    return Error{"configure", "\"credHelpers\" in config.json is not an object; it was left untouched", "fix it"};
  if (uninstall) {
    // Rebuilt rather than erased in place: keys may hold NULs or repeat
    // (both found by fuzz_docker_config), and the order of the rest is kept.
    rapidjson::Value kept(rapidjson::kObjectType);
    const rapidjson::Value& view = helpers;  // const iterators: see cache.cpp
    for (const auto& m : view.GetObject()) {
      bool ours = m.value.IsString() && std::string_view(m.value.GetString(), m.value.GetStringLength()) == kHelperName;
      if (!ours) kept.AddMember(rapidjson::Value(m.name, a), rapidjson::Value(m.value, a), a);
    }
    helpers.Swap(kept);
    if (helpers.ObjectEmpty()) doc.RemoveMember("credHelpers");
  } else {
    for (const auto& host : hosts) {
      rapidjson::Value name(host.c_str(), a);
      if (helpers.HasMember(name))
        helpers[name].SetString(kHelperName, a);
      else
        helpers.AddMember(name, rapidjson::Value(kHelperName, a), a);
    }
  }
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent('\t', 1);  // as docker writes it
  doc.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

int run_configure(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Env& env) {
  auto fail = [&](const Error& e, int code) {
    err << "docker-credential-depot: " << e.message() << '\n';
    return code;
  };
  auto options = parse_configure_args(args, env);
  if (!options) return fail(options.error(), 2);
  auto hosts = hosts_for(options.value());
  if (!hosts) return fail(hosts.error(), 2);

  const std::string dir = options.value().config_dir;
  const std::string path = resolve_symlink(dir + "/config.json");
  std::string existing;
  if (std::ifstream in{path, std::ios::binary}) {
    std::stringstream text;
    text << in.rdbuf();
    existing = text.str();
  } else if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(Error{"configure", "cannot create " + dir + ": " + std::strerror(errno), ""}, 1);
  }
  auto edited = edit_docker_config(existing, hosts.value(), options.value().uninstall);
  if (!edited) return fail(Error{edited.error().what, path + ": " + edited.error().why, edited.error().fix}, 1);
  if (edited.value() != existing) {
    auto written = write_atomically(path, edited.value());
    if (!written) return fail(written.error(), 1);
  }
  if (options.value().uninstall) {
    out << "removed docker-credential-depot from " << path << '\n';
    return 0;
  }
  for (const auto& host : hosts.value()) out << host << " -> docker-credential-depot (" << path << ")\n";
  if (!on_path(env))
    err << "docker-credential-depot: warning: docker-credential-depot is not on PATH under that name; "
           "docker will not find it\n";
  return 0;
}

}  // namespace depot
