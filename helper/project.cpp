#include "helper/project.h"

#include <fstream>
#include <sstream>

#include "helper/json.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr size_t kMaxFileSize = 64 * 1024;

std::optional<std::string> read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data(kMaxFileSize + 1, '\0');
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(in.gcount()));
  if (data.size() > kMaxFileSize) return std::nullopt;
  return data;
}

std::string parent_of(const std::string& dir) {
  auto slash = dir.find_last_of('/');
  if (slash == std::string::npos || slash == 0) return "/";
  return dir.substr(0, slash);
}

}  // namespace

std::optional<std::string> yaml_top_level_value(std::string_view text, std::string_view key) {
  for (const auto& raw_line : split(text, '\n')) {
    std::string_view line(raw_line);
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#') continue;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || trim(line.substr(0, colon)) != key) continue;
    auto value = trim(line.substr(colon + 1));
    if (!value.empty() && (value[0] == '"' || value[0] == '\'')) {
      auto close = value.find(value[0], 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(value.substr(1, close - 1));
    }
    if (auto hash = value.find(" #"); hash != std::string_view::npos) value = trim(value.substr(0, hash));
    return std::string(value);
  }
  return std::nullopt;
}

std::string find_project_id(const std::string& start_dir) {
  std::string dir = start_dir.empty() ? "/" : start_dir;
  for (int depth = 0; depth < 256; ++depth) {  // bounded: paths have far fewer levels
    if (auto text = read_small_file(dir + "/depot.json")) {
      if (auto members = json::string_members(*text)) return std::string(trim((*members)["id"]));
      return {};
    }
    for (const char* name : {"/depot.yml", "/depot.yaml"})
      if (auto text = read_small_file(dir + name))
        return std::string(trim(yaml_top_level_value(*text, "id").value_or("")));
    if (dir == "/") break;
    dir = parent_of(dir);
  }
  return {};
}

std::string read_cli_api_token(const std::string& config_home) {
  if (config_home.empty()) return {};
  auto text = read_small_file(config_home + "/depot/depot.yaml");
  if (!text) return {};
  return std::string(trim(yaml_top_level_value(*text, "api_token").value_or("")));
}

}  // namespace depot
