#include "route_guard.hpp"

#include <cctype>
#include <chrono>
#include <thread>

#include <sys/socket.h>

#include <fmt/core.h>
#include <openssl/ssl.h>

#include "depot_service.hpp"
#include "registry_service.hpp"
#include "util.hpp"

namespace sandbox {

std::optional<std::string> auth_scheme(const httplib::Request &req) {
  if (!req.has_header("Authorization")) return std::nullopt;
  std::string v = req.get_header_value("Authorization");
  auto sp = v.find(' ');
  if (sp == std::string::npos || sp == 0 || sp > 32)
    return std::string("(malformed)");
  for (std::size_t i = 0; i < sp; ++i)
    if (!std::isalpha(static_cast<unsigned char>(v[i])))
      return std::string("(malformed)");
  return v.substr(0, sp);
}

std::optional<std::string> auth_credentials(const httplib::Request &req,
                                            const std::string &scheme) {
  std::string v = req.get_header_value("Authorization");
  auto sp = v.find(' ');
  if (sp == std::string::npos || !iequals(v.substr(0, sp), scheme))
    return std::nullopt;
  auto start = v.find_first_not_of(' ', sp);
  if (start == std::string::npos) return std::nullopt;
  auto end = v.find_last_not_of(" \t");
  return v.substr(start, end - start + 1);
}

void reset_connection(const httplib::Request &req) {
  int fd = req.ssl ? SSL_get_fd(req.ssl) : -1;
  if (fd < 0) return;
  // Linux aborts a TCP connection with RST when it is "disconnected" with
  // AF_UNSPEC; httplib's later write and close then fail harmlessly (SIGPIPE
  // is ignored process-wide).
  struct linger lg{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
  struct sockaddr sa{};
  sa.sa_family = AF_UNSPEC;
  if (::connect(fd, &sa, sizeof sa) != 0) ::shutdown(fd, SHUT_RDWR);
}

namespace {

LogEntry entry_for(const httplib::Request &req, const std::string &route) {
  LogEntry e;
  e.route = route;
  e.method = req.method;
  e.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos)
    e.query = req.target.substr(q + 1);
  e.content_type = req.get_header_value("Content-Type");
  e.user_agent = req.get_header_value("User-Agent");
  e.auth_scheme = auth_scheme(req);
  e.connect_protocol_version = req.get_header_value("Connect-Protocol-Version");
  return e;
}

// Exactly n bytes; valid JSON once n is large enough to hold the wrapper.
std::string filler(std::size_t n) {
  const std::string open = "{\"filler\":\"", close = "\"}";
  if (n < open.size() + close.size()) return std::string(n, 'x');
  return open + std::string(n - open.size() - close.size(), 'x') + close;
}

// The canned error body in the shape the route's real service uses.
std::string error_body(const std::string &route, int status) {
  if (route == "get_pull_token")
    return fmt::format(R"({{"code":"{}","message":"injected fault"}})",
                       connect_code(status));
  if (route == "github_exchange")
    return R"({"ok":false,"error":"injected fault"})";
  if (route == "registry_token")
    return registry_error_body(status, "injected fault");
  return R"({"message":"injected fault"})";
}

// Answers from the fault alone; false when the route must still run.
bool synthesize(const std::string &route, const Fault &f,
                httplib::Response &res) {
  if (!f.status && !f.body && !f.body_size) return false;
  res.status = f.status ? f.status : 200;
  std::string body = f.body        ? *f.body
                     : f.body_size ? filler(*f.body_size)
                                   : error_body(route, res.status);
  res.set_content(body, "application/json");
  return true;
}

} // namespace

httplib::Server::Handler guarded(Sandbox &sbx, std::string route, RouteFn fn) {
  return [&sbx, route = std::move(route),
          fn = std::move(fn)](const httplib::Request &req,
                              httplib::Response &res) {
    LogEntry entry = entry_for(req, route);
    std::optional<Fault> fault = take_fault(sbx.state, route);
    if (fault) entry.fault = describe_fault(*fault);
    LogTicket ticket = log_begin(sbx.state, std::move(entry));

    if (fault && fault->delay_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
    if (fault && fault->reset) {
      reset_connection(req);
      log_finish(sbx.state, ticket, 0, "connection reset by fault");
      return;
    }
    std::optional<std::string> error;
    if (!fault || !synthesize(route, *fault, res)) error = fn(req, res);
    if (fault && fault->retry_after)
      res.set_header("Retry-After", std::to_string(*fault->retry_after));
    if (fault && fault->content_type) {
      // set_content() stored the type as a header; replace it.
      res.headers.erase("Content-Type");
      res.set_header("Content-Type", *fault->content_type);
    }
    log_finish(sbx.state, ticket, res.status, std::move(error));
  };
}

} // namespace sandbox
