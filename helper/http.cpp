#include "helper/http.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "helper/json.h"
#include "helper/log.h"
#include "helper/text.h"

namespace depot {

namespace {

struct UrlHandle {
  CURLU* handle = curl_url();
  ~UrlHandle() { curl_url_cleanup(handle); }
  std::string part(CURLUPart which) const {
    char* out = nullptr;
    if (curl_url_get(handle, which, &out, 0) != CURLUE_OK || !out) return {};
    std::string value(out);
    curl_free(out);
    return value;
  }
};

bool is_loopback_host(const std::string& host) {
  std::string h = to_lower(host);
  if (h == "localhost" || h == "[::1]" || h == "::1") return true;
  return h.rfind("127.", 0) == 0 && h.find_first_not_of("0123456789.") == std::string::npos;
}

struct Body {
  std::string data;
  size_t cap = 0;
  bool too_large = false;
};

size_t write_body(char* ptr, size_t size, size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  size_t n = size * count;
  if (body->data.size() + n > body->cap) {
    body->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  body->data.append(ptr, n);
  return n;
}

struct Headers {
  std::string content_type;
  std::optional<std::chrono::seconds> retry_after;
};

size_t read_header(char* ptr, size_t size, size_t count, void* user) {
  auto* headers = static_cast<Headers*>(user);
  std::string_view line(ptr, size * count);
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  auto name = to_lower(trim(line.substr(0, colon)));
  auto value = trim(line.substr(colon + 1));
  if (name == "content-type") {
    headers->content_type = std::string(value);
  } else if (name == "retry-after") {
    long seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0)
      headers->retry_after = std::chrono::seconds(seconds);
  }
  return size * count;
}

bool is_tls_failure(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return true;
    default:
      return false;
  }
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int attempt) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  auto ceiling = policy.base_delay * (1LL << std::min(attempt, 16));
  ceiling = std::min<std::chrono::milliseconds>(ceiling, policy.max_delay);
  std::uniform_int_distribution<long long> pick(0, ceiling.count());
  return std::chrono::milliseconds(pick(rng));  // full jitter
}

std::string describe_status(const HttpResponse& r) { return "HTTP " + std::to_string(r.status); }

// Where distributions keep their CA bundle. A static binary has no compiled-in
// path that fits every distribution, so look, once, on the request path only.
constexpr const char* kCaBundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Arch, Gentoo, Alpine
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // RHEL, Fedora, CentOS
    "/etc/pki/tls/certs/ca-bundle.crt",                   // older RHEL, Amazon Linux
    "/etc/ssl/ca-bundle.pem",                             // openSUSE, SLES
    "/var/lib/ca-certificates/ca-bundle.pem",             // openSUSE
    "/etc/ssl/cert.pem",                                  // Alpine, BSDs
};

const std::string& discovered_ca_bundle() {
  static const std::string found = [] {
    for (const char* path : kCaBundles)
      if (access(path, R_OK) == 0) return std::string(path);
    return std::string();
  }();
  return found;
}

}  // namespace

std::optional<std::string> url_policy_violation(const std::string& url) {
  UrlHandle u;
  if (curl_url_set(u.handle, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return "not a valid URL";
  auto scheme = to_lower(u.part(CURLUPART_SCHEME));
  if (scheme == "https") return std::nullopt;
  if (scheme == "http" && is_loopback_host(u.part(CURLUPART_HOST))) return std::nullopt;
  return "only https:// URLs are allowed (plain http only to loopback)";
}

std::optional<std::string> add_query_parameter(const std::string& url, std::string_view name, std::string_view value) {
  UrlHandle u;
  if (curl_url_set(u.handle, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return std::nullopt;
  // Spliced by hand rather than through curl_url_set: curl would rewrite the
  // escapes in lowercase, and the runner's URL should stay byte-for-byte as given.
  std::string base = url.substr(0, url.find('#'));
  std::string fragment = url.size() > base.size() ? url.substr(base.size()) : "";
  char joiner = base.find('?') == std::string::npos ? '?' : (base.back() == '?' || base.back() == '&' ? '\0' : '&');
  if (joiner) base.push_back(joiner);
  return base + percent_encode(name) + "=" + percent_encode(value) + fragment;
}

std::string url_host(const std::string& url) {
  UrlHandle u;
  if (curl_url_set(u.handle, CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  auto host = u.part(CURLUPART_HOST);
  auto port = u.part(CURLUPART_PORT);
  return port.empty() ? host : host + ":" + port;
}

Result<std::map<std::string, std::string>> json_answer(const HttpResponse& response, const std::string& step) {
  auto type = to_lower(trim(response.content_type.substr(0, response.content_type.find(';'))));
  if (type != "application/json" && !(type.rfind("application/", 0) == 0 && type.ends_with("+json"))) {
    std::string shown = type.substr(0, 60);
    for (auto& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
    return Error{step, "the answer is not JSON (content type \"" + shown + "\")", ""};
  }
  auto members = json::string_members(response.body);
  if (!members) return Error{step, "the answer is not a JSON object", ""};
  return std::move(*members);
}

HttpClient::HttpClient(HttpSettings settings, Clock::time_point deadline)
    : settings_(std::move(settings)), deadline_(deadline) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::chrono::milliseconds HttpClient::remaining() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request) {
  const std::string where = url_host(request.url);
  if (auto violation = url_policy_violation(request.url))
    return Error{"refusing to contact " + (where.empty() ? std::string("the configured URL") : where), *violation,
                 "use an https:// URL"};
  auto left = remaining();
  if (left.count() <= 0) return Error{"contacting " + where, "the time budget ran out", "", false};
  ++attempts_;

  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return Error{"contacting " + where, "libcurl could not start", ""};
  CURL* c = curl.get();
  char error_buffer[CURL_ERROR_SIZE] = {};
  Body body;
  body.cap = settings_.max_body;
  Headers headers;
  curl_slist* header_list = nullptr;
  for (const auto& [name, value] : request.headers)
    header_list = curl_slist_append(header_list, (name + ": " + value).c_str());
  header_list = curl_slist_append(header_list, "Expect:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_guard(header_list, &curl_slist_free_all);

  auto attempt = std::min(settings_.attempt_timeout, left);
  auto connect = std::min(settings_.connect_timeout, attempt);
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.ca_dir.empty()) curl_easy_setopt(c, CURLOPT_CAPATH, settings_.ca_dir.c_str());
  if (settings_.ca_file.empty() && settings_.ca_dir.empty()) {
    const std::string& bundle = discovered_ca_bundle();
    if (bundle.empty())
      return Error{"contacting " + where, "no CA certificates found in the usual places",
                   "set SSL_CERT_FILE to a PEM bundle or SSL_CERT_DIR to a hashed certificate directory", false};
    curl_easy_setopt(c, CURLOPT_CAINFO, bundle.c_str());
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::max<long long>(connect.count(), 1)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<long long>(attempt.count(), 1)));
  curl_easy_setopt(c, CURLOPT_USERAGENT, settings_.user_agent.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &headers);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);

  CURLcode code = curl_easy_perform(c);
  if (body.too_large)
    return Error{"reading the answer of " + where,
                 "response larger than " + std::to_string(settings_.max_body / 1024) + " KiB", "", false};
  if (code != CURLE_OK) {
    std::string why = error_buffer[0] ? error_buffer : curl_easy_strerror(code);
    std::string fix;
    if (is_tls_failure(code))
      fix = "check the server's certificate; set SSL_CERT_FILE or SSL_CERT_DIR for a private CA";
    return Error{"contacting " + where, why, fix, !is_tls_failure(code)};
  }
  HttpResponse response;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(body.data);
  response.content_type = std::move(headers.content_type);
  response.retry_after = headers.retry_after;
  return response;
}

Result<HttpResponse> HttpClient::send_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                                   const std::string& what) {
  for (int attempt = 0;; ++attempt) {
    auto result = send(request);
    std::optional<std::chrono::milliseconds> hint;
    std::string why;
    if (!result) {
      if (!result.error().retryable) {
        Error e = result.error();
        e.what = what + ": " + e.what;
        return e;
      }
      why = result.error().why;
    } else if (policy.retry_statuses.count(result.value().status)) {
      why = describe_status(result.value());
      hint = result.value().retry_after;
    } else {
      return result;
    }
    log::debug("{}: attempt {} failed ({})", what, attempt + 1, why);
    auto delay = hint ? std::chrono::duration_cast<std::chrono::milliseconds>(*hint) : backoff_delay(policy, attempt);
    bool out_of_attempts = attempt + 1 >= policy.max_attempts;
    bool out_of_time = delay + std::chrono::milliseconds(50) >= remaining();
    if (out_of_attempts || out_of_time) {
      std::string summary = why + " after " + std::to_string(attempt + 1) + " attempt" + (attempt ? "s" : "");
      if (out_of_time && !out_of_attempts) summary += " within the " + std::string("time budget");
      return Error{what, summary, "retry later; raise DEPOT_HELPER_TIMEOUT if the service is slow", true};
    }
    std::this_thread::sleep_for(delay);
  }
}

}  // namespace depot
