#include "helper/cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "helper/jwt.h"
#include "helper/log.h"
#include "helper/text.h"

namespace depot {

namespace {

constexpr size_t kMaxEntrySize = 16 * 1024;

class NullCache final : public TokenCache {
 public:
  explicit NullCache(std::string why) : why_(std::move(why)) {}
  std::optional<CachedToken> load(const CacheKey&, int64_t, int64_t) override { return std::nullopt; }
  void store(const CacheKey&, const CachedToken&) override {}
  std::unique_ptr<CacheLock> lock(const CacheKey&, Clock::time_point) override { return std::make_unique<CacheLock>(); }
  void erase_all() override {}
  std::string describe() const override { return "off (" + why_ + ")"; }

 private:
  std::string why_;
};

class FileLock final : public CacheLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {}
  ~FileLock() override {
    flock(fd_, LOCK_UN);
    close(fd_);
  }

 private:
  int fd_;
};

std::string serialize(const CachedToken& t) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("token");
  w.String(t.token.reveal().c_str());
  w.Key("obtained_at");
  w.Int64(t.obtained_at);
  w.Key("expires_at");
  w.Int64(t.expires_at);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::optional<CachedToken> parse_entry(const std::string& text) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return std::nullopt;
  const rapidjson::Value& entry = doc;  // const iterators: rapidjson's mutable ones trip C++20's operator== rules
  auto token = entry.FindMember("token");
  auto obtained = entry.FindMember("obtained_at");
  auto expires = entry.FindMember("expires_at");
  if (token == entry.MemberEnd() || !token->value.IsString() || obtained == entry.MemberEnd() ||
      !obtained->value.IsInt64() || expires == entry.MemberEnd() || !expires->value.IsInt64())
    return std::nullopt;
  std::string value(token->value.GetString(), token->value.GetStringLength());
  if (!is_valid_token(value)) return std::nullopt;
  return CachedToken{Secret(std::move(value)), obtained->value.GetInt64(), expires->value.GetInt64()};
}

// Reads a regular file we own, without following symlinks, up to the cap.
std::optional<std::string> read_owned_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::string data;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() && st.st_size >= 0 &&
      static_cast<size_t>(st.st_size) <= kMaxEntrySize) {
    data.resize(static_cast<size_t>(st.st_size));
    ssize_t n = read(fd, data.data(), data.size());
    data.resize(n > 0 ? static_cast<size_t>(n) : 0);
  }
  close(fd);
  if (data.empty()) return std::nullopt;
  return data;
}

class DirCache final : public TokenCache {
 public:
  explicit DirCache(std::string dir) : dir_(std::move(dir)) {}

  std::optional<CachedToken> load(const CacheKey& key, int64_t now, int64_t margin) override {
    auto text = read_owned_file(entry_path(key));
    if (!text) return std::nullopt;
    auto entry = parse_entry(*text);
    if (!entry) {
      log::debug("cache: ignoring a corrupt entry {}", key.file_stem());
      return std::nullopt;
    }
    if (entry->expires_at - now < margin) {
      log::debug("cache: entry {} has {} s left, under the {} s margin", key.file_stem(), entry->expires_at - now,
                 margin);
      return std::nullopt;
    }
    return entry;
  }

  void store(const CacheKey& key, const CachedToken& token) override {
    std::string tmp = dir_ + "/.tmp-XXXXXX";
    int fd = mkostemp(tmp.data(), O_CLOEXEC);  // created 0600
    if (fd < 0) return log::debug("cache: cannot create a temp file: {}", std::strerror(errno));
    std::string data = serialize(token);
    bool ok = write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp.c_str(), entry_path(key).c_str()) != 0) {
      unlink(tmp.c_str());
      log::debug("cache: could not write entry {}", key.file_stem());
    }
  }

  std::unique_ptr<CacheLock> lock(const CacheKey& key, Clock::time_point deadline) override {
    std::string path = dir_ + "/" + key.file_stem() + ".lock";
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return nullptr;
    // Poll rather than block so the whole-operation deadline still holds;
    // back off from 1 ms to 25 ms so many waiters stay cheap.
    auto pause = std::chrono::milliseconds(1);
    for (int i = 0; i < 100000; ++i) {
      if (flock(fd, LOCK_EX | LOCK_NB) == 0) return std::make_unique<FileLock>(fd);
      if (errno != EWOULDBLOCK && errno != EINTR) break;
      if (Clock::now() >= deadline) break;
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(25));
    }
    close(fd);
    return nullptr;
  }

  void erase_all() override {
    // Entries are named by hashes; remove every entry this user owns here.
    DIR* d = opendir(dir_.c_str());
    if (!d) return;
    while (auto* e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 5 && name.ends_with(".json")) unlink((dir_ + "/" + name).c_str());
    }
    closedir(d);
  }

  std::string describe() const override { return dir_; }

 private:
  std::string entry_path(const CacheKey& key) const { return dir_ + "/" + key.file_stem() + ".json"; }
  std::string dir_;
};

// mkdir -p with 0700 for what we create; nullopt when fine, else why not.
std::optional<std::string> prepare_directory(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string part = dir.substr(0, pos);
    if (mkdir(part.c_str(), 0700) != 0 && errno != EEXIST) return "cannot create " + part + ": " + std::strerror(errno);
  }
  struct stat st {};
  if (lstat(dir.c_str(), &st) != 0) return "cannot inspect " + dir;
  if (S_ISLNK(st.st_mode)) return dir + " is a symlink";
  if (!S_ISDIR(st.st_mode)) return dir + " is not a directory";
  if (st.st_uid != geteuid()) return dir + " belongs to another user";
  if (st.st_mode & 022) return dir + " is writable by group or others";
  return std::nullopt;
}

}  // namespace

std::string CacheKey::file_stem() const {
  return sha256_hex(api_url + '\n' + project_id + '\n' + provider + '\n' + credential_hash).substr(0, 32);
}

int64_t token_expiry(const Secret& token, int64_t obtained_at, int64_t lifetime_seconds) {
  if (auto claims = decode_jwt_claims(token.reveal()); claims && claims->exp) return *claims->exp;
  return obtained_at + lifetime_seconds;
}

std::unique_ptr<TokenCache> make_null_cache(std::string why) { return std::make_unique<NullCache>(std::move(why)); }

std::unique_ptr<TokenCache> open_token_cache(const Config& config) {
  if (config.cache_disabled)
    return make_null_cache(config.cache_dir.empty() ? "no HOME or cache directory" : "DEPOT_HELPER_NO_CACHE");
  if (auto problem = prepare_directory(config.cache_dir)) {
    log::debug("cache: not used: {}", *problem);
    return make_null_cache(*problem);
  }
  return std::make_unique<DirCache>(config.cache_dir);
}

}  // namespace depot
