#pragma once
// Response helpers shared by both servers: JSON bodies and errors, security headers, files.
#include "common/http/http.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace idv::demo {

void send_json(http::Response& res, int status, const nlohmann::json& body);
// {"error":"<code>","message":"<human sentence>","field":"<name>"} — "field" only when given.
void send_error(http::Response& res, int status, std::string_view code, std::string_view message,
                std::string_view field = {});
// CSP + the usual hardening headers; csp is the full policy string.
void set_security_headers(http::Response& res, const std::string& csp);
// Serves a file read from disk; false (nothing sent) when it cannot be read.
bool send_file(http::Response& res, const std::string& path, const std::string& content_type);
std::string content_type_for(std::string_view filename);
std::string html_escape(std::string_view s);
// Compares secrets without leaking where they differ or how long they are.
bool secrets_equal(std::string_view a, std::string_view b);
// Value of "Authorization: Bearer <token>", or empty.
std::string bearer_token(const http::Request& req);

}  // namespace idv::demo
