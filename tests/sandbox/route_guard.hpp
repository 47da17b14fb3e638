// Wraps every non-admin route: applies injected faults and writes the log.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// A route's real behaviour. Returns why the request was refused (for the
// log's "error" field) or std::nullopt. Must never return a credential.
using RouteFn = std::function<std::optional<std::string>(
    const httplib::Request &, httplib::Response &)>;

httplib::Server::Handler guarded(Sandbox &sbx, std::string route, RouteFn fn);

// The scheme word of an Authorization header, or "(malformed)" when the
// header has no "scheme credentials" shape (so a bare token is never logged);
// std::nullopt without the header.
std::optional<std::string> auth_scheme(const httplib::Request &req);

// The credentials part of "Authorization: <scheme> <credentials>" when the
// scheme matches case-insensitively; std::nullopt otherwise.
std::optional<std::string> auth_credentials(const httplib::Request &req,
                                            const std::string &scheme);

// Aborts the TCP connection (RST) so the client gets no HTTP answer at all.
void reset_connection(const httplib::Request &req);

} // namespace sandbox
