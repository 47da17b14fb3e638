// The on-disk token cache. A token is keyed by (API URL, project id, provider,
// a hash of the credential that authorized getting it), so it is only ever
// returned to a caller holding the same credential. Directory 0700, files
// 0600, atomic replace, and flock so that concurrent cold `get`s make one
// exchange. Turning it off gives a cache that stores nothing, not an `if` in
// every caller.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "helper/config.h"
#include "helper/http.h"
#include "helper/secret.h"

namespace depot {

struct CacheKey {
  std::string api_url;
  std::string project_id;
  std::string provider;
  std::string credential_hash;  // sha256 hex of the authorizing credential

  // A file name that reveals nothing: a hash over all four parts.
  std::string file_stem() const;
};

struct CachedToken {
  Secret token;
  int64_t obtained_at = 0;  // unix seconds
  int64_t expires_at = 0;   // unix seconds
};

// The token's own JWT exp when it has one, else obtained_at + the known lifetime.
int64_t token_expiry(const Secret& token, int64_t obtained_at, int64_t lifetime_seconds);

class CacheLock {
 public:
  virtual ~CacheLock() = default;
};

class TokenCache {
 public:
  virtual ~TokenCache() = default;
  // A token with at least `margin` seconds left at `now`, else nullopt.
  virtual std::optional<CachedToken> load(const CacheKey& key, int64_t now, int64_t margin) = 0;
  virtual void store(const CacheKey& key, const CachedToken& token) = 0;
  // Serializes refreshes of one key across processes; nullptr when the lock
  // could not be had before the deadline (the caller then refreshes unlocked).
  virtual std::unique_ptr<CacheLock> lock(const CacheKey& key, Clock::time_point deadline) = 0;
  virtual void erase_all() = 0;
  virtual std::string describe() const = 0;
};

// The directory cache, or the null cache when turned off or the directory is
// unsafe (symlinked, foreign-owned, group/world-writable); why goes to the debug log.
std::unique_ptr<TokenCache> open_token_cache(const Config& config);
std::unique_ptr<TokenCache> make_null_cache(std::string why);

}  // namespace depot
