// Request, Response and Router: the parts of our HTTP layer that know nothing of sockets.
#include "common/http/http.hpp"

#include <algorithm>
#include <cctype>

namespace idv::demo::http {
namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

template <typename Map>
std::string first_value(const Map& m, std::string_view key) {
  const auto it = m.find(key);
  return it == m.end() ? std::string{} : it->second;
}

// The literal start of a route pattern, up to its first regex metacharacter: a cheap
// string compare rejects most routes before std::regex (slow) is asked.
std::string literal_prefix(const std::string& pattern) {
  int depth = 0;  // a top-level alternative ("/a|/b") has no common literal start
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\')
      ++i;
    else if (pattern[i] == '(')
      ++depth;
    else if (pattern[i] == ')')
      --depth;
    else if (pattern[i] == '|' && depth == 0)
      return {};
  }
  auto end = pattern.find_first_of(R"(\^$.|?*+()[]{})");
  if (end == std::string::npos) return pattern;
  // A quantifier makes the character before it optional: it is not part of the literal.
  if (end > 0 && std::string_view("?*+{").find(pattern[end]) != std::string_view::npos) --end;
  return pattern.substr(0, end);
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return lower(x) < lower(y); });
}

std::string Request::get_header_value(std::string_view name) const {
  return first_value(headers, name);
}
bool Request::has_header(std::string_view name) const {
  return headers.contains(name);
}
bool Request::has_param(std::string_view name) const {
  return params.contains(name);
}
std::string Request::get_param_value(std::string_view name) const {
  return first_value(params, name);
}
const FormPart* Request::file(std::string_view name) const {
  const auto it =
      std::find_if(parts.begin(), parts.end(), [&](const FormPart& p) { return p.name == name; });
  return it == parts.end() ? nullptr : &*it;
}

void Response::set_header(std::string name, std::string value) {
  headers.erase(name);
  headers.emplace(std::move(name), std::move(value));
}
bool Response::has_header(std::string_view name) const {
  return headers.contains(name);
}
std::string Response::get_header_value(std::string_view name) const {
  return first_value(headers, name);
}
void Response::set_content(std::string content, std::string content_type) {
  body = std::move(content);
  set_header("Content-Type", std::move(content_type));
}

Router& Router::get(const std::string& pattern, Handler h) {
  return add("GET", pattern, std::move(h), 0);
}
Router& Router::post(const std::string& pattern, Handler h, std::size_t body_limit) {
  return add("POST", pattern, std::move(h), body_limit);
}
Router& Router::put(const std::string& pattern, Handler h, std::size_t body_limit) {
  return add("PUT", pattern, std::move(h), body_limit);
}
Router& Router::del(const std::string& pattern, Handler h) {
  return add("DELETE", pattern, std::move(h), 0);
}
Router& Router::options(const std::string& pattern, Handler h) {
  return add("OPTIONS", pattern, std::move(h), 0);
}
Router& Router::add(std::string method, const std::string& pattern, Handler h,
                    std::size_t body_limit) {
  routes_.push_back({std::move(method), literal_prefix(pattern),
                     std::regex(pattern, std::regex::ECMAScript | std::regex::optimize),
                     std::move(h), body_limit});
  return *this;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  // HEAD is answered by the GET route (the server sends the headers only).
  const std::string_view wanted = method == "HEAD" ? std::string_view("GET") : method;
  for (const Route& r : routes_) {
    if (!path.starts_with(r.prefix)) continue;
    std::match_results<std::string_view::const_iterator> groups;
    if (!std::regex_match(path.begin(), path.end(), groups, r.pattern)) continue;
    if (r.method != wanted) {
      m.path_known = true;
      continue;
    }
    m.handler = &r.handler;
    m.body_limit = r.body_limit;
    for (const auto& g : groups) m.groups.emplace_back(g.first, g.second);
    return m;
  }
  return m;
}

}  // namespace idv::demo::http
