// HTTPS through libcurl: certificate verification always on, the CA from
// SSL_CERT_FILE/SSL_CERT_DIR when set, plain HTTP only to loopback, connect /
// attempt / whole-operation timeouts, a cap on response bodies, and retries
// with exponential backoff and full jitter.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "helper/result.h"

namespace depot {

using Clock = std::chrono::steady_clock;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // may carry credentials: never logged
  std::string body;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::string content_type;
  std::optional<std::chrono::seconds> retry_after;
};

struct HttpSettings {
  std::string ca_file;
  std::string ca_dir;
  std::string user_agent;
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds attempt_timeout{10000};
  size_t max_body = 64 * 1024;
};

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{4000};
  std::set<long> retry_statuses = {429, 502, 503, 504};
};

// Why a URL may not be used, or nullopt when it may: https anywhere, http only
// to 127.0.0.0/8, ::1 or localhost.
std::optional<std::string> url_policy_violation(const std::string& url);
// Appends name=value (value percent-encoded) to the URL's query, keeping what is there.
std::optional<std::string> add_query_parameter(const std::string& url, std::string_view name, std::string_view value);
// "host:port" of a URL, for messages; "" when it does not parse.
std::string url_host(const std::string& url);

// The string members of a JSON object answer, checking that it says it is
// JSON; the Error names `step`.
Result<std::map<std::string, std::string>> json_answer(const HttpResponse& response, const std::string& step);

class HttpClient {
 public:
  HttpClient(HttpSettings settings, Clock::time_point deadline);

  // One attempt. A transport failure is an Error (retryable unless it is a TLS
  // or policy failure); any HTTP status is a response.
  Result<HttpResponse> send(const HttpRequest& request);
  // Attempts until a non-retryable outcome, the policy's attempt limit, or the
  // deadline. `what` names the call in errors ("GitHub Actions: requesting the OIDC token").
  Result<HttpResponse> send_with_retries(const HttpRequest& request, const RetryPolicy& policy,
                                         const std::string& what);

  std::chrono::milliseconds remaining() const;
  int attempts_made() const { return attempts_; }

 private:
  HttpSettings settings_;
  Clock::time_point deadline_;
  int attempts_ = 0;
};

}  // namespace depot
