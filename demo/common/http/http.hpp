#pragma once
// The demo servers' own view of HTTP: a request, a response and a router. Handlers see only
// these types; the library that speaks the protocol (Boost.Beast) lives behind server.cpp.
//
// Handlers run synchronously on one of the server's I/O threads and must not block for long
// (SQLite calls of a millisecond are fine). A handler that wants to *wait* — a long-poll —
// does not block: it fills Response::hold, and the server parks the connection on a timer
// until the hold's key is woken (WakeHub::wake) or the wait ends, then calls hold.finish.
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace idv::demo::http {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;

// One part of a multipart/form-data body (form.hpp parses them).
struct FormPart {
  std::string name;
  std::string filename;      // empty for plain fields
  std::string content_type;  // of the part; empty when not given
  std::string content;
};

struct Request {
  std::string method;  // upper case, "GET"
  std::string target;  // as received: "/p/abc?lang=nl"
  std::string path;    // the target without its query: "/p/abc"
  std::string query;   // after '?', not decoded
  Headers headers;
  std::string body;                  // already limited by the route's body limit
  std::string remote_addr;           // "127.0.0.1"
  std::vector<std::string> matches;  // the route's regex groups; [0] is the whole path
  // Query parameters, then application/x-www-form-urlencoded body fields (percent-decoded);
  // multipart/form-data bodies land in parts (plain fields are also in params).
  std::multimap<std::string, std::string, std::less<>> params;
  std::vector<FormPart> parts;

  std::string get_header_value(std::string_view name) const;  // first value or ""
  bool has_header(std::string_view name) const;
  bool has_param(std::string_view name) const;
  std::string get_param_value(std::string_view name) const;  // first value or ""
  const FormPart* file(std::string_view name) const;         // multipart part or nullptr
};

struct Response;

// A response that is not ready yet. The server keeps the connection open (a socket and a
// timer, no thread) until wake(key) is called, max_wait passes or the server shuts down; then
// it calls finish() on an I/O thread to fill the response. ready() is asked once right after
// the hold is registered, so a change that lands between the handler's read and the
// registration is never missed. The Request stays alive until finish() has run.
struct Hold {
  std::string key;
  std::chrono::milliseconds max_wait{0};
  std::function<bool()> ready;
  std::function<void(Response&)> finish;
};

// Work that blocks (an outgoing HTTP call, an fsync): the server runs it on one of its
// blocking_threads instead of an I/O thread, then sends the Response it filled. The Request
// stays alive until it has run. The work must bound its own time (libcurl's total deadline).
using Offload = std::function<void(Response&)>;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<Hold> hold;
  Offload offload;  // set by a handler that must block; it gets this Response to go on filling

  void set_header(std::string name, std::string value);  // replaces any earlier value
  bool has_header(std::string_view name) const;
  std::string get_header_value(std::string_view name) const;
  void set_content(std::string content, std::string content_type);
};

using Handler = std::function<void(const Request&, Response&)>;

// Routes are full-match regexes over the path, tried in the order they were added.
class Router {
 public:
  static constexpr std::size_t kDefaultBodyLimit = 64 * 1024;

  Router& get(const std::string& pattern, Handler h);
  Router& post(const std::string& pattern, Handler h, std::size_t body_limit = kDefaultBodyLimit);
  Router& put(const std::string& pattern, Handler h, std::size_t body_limit = kDefaultBodyLimit);
  Router& del(const std::string& pattern, Handler h);
  Router& options(const std::string& pattern, Handler h);
  Router& add(std::string method, const std::string& pattern, Handler h, std::size_t body_limit);

  struct Match {
    const Handler* handler = nullptr;  // nullptr: no route
    bool path_known = false;           // some route matches the path with another method (405)
    std::size_t body_limit = 0;        // 0 for routes without a body (GET, DELETE, …)
    std::vector<std::string> groups;
  };
  Match match(std::string_view method, std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::string prefix;  // literal start of the pattern, checked before the regex
    std::regex pattern;
    Handler handler;
    std::size_t body_limit;
  };
  std::vector<Route> routes_;
};

// Wakes held requests by key; safe from any thread (workers, other handlers).
class WakeHub {
 public:
  virtual ~WakeHub() = default;
  virtual void wake(const std::string& key) = 0;
};

struct ServerOptions {
  std::string name = "server";  // for log lines and the "listening on" line
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int io_threads = 2;
  std::size_t header_limit = 16 * 1024;                // request line + headers → 431
  std::chrono::milliseconds request_deadline{10'000};  // headers + body → 408
  std::chrono::milliseconds idle_timeout{30'000};      // keep-alive between requests
  std::chrono::milliseconds write_deadline{10'000};    // one response
  std::size_t max_connections = 20'000;                // beyond: 503 and close
  std::chrono::milliseconds shutdown_grace{5'000};     // in-flight requests on SIGTERM
  int blocking_threads = 4;                            // for Response::offload work
  bool announce = true;  // print \"<name> listening on http://…\" to stdout once serving
  // Called once per answered request (status, method, path); never with headers or bodies.
  std::function<void(const Request&, int status)> access_log;
};

class Server : public WakeHub {
 public:
  Server(Router router, ServerOptions options);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds; false (and a log line) when the address is taken.
  bool listen();
  int port() const;  // the bound port, after listen()
  // Prints "<name> listening on http://host:port" to stdout, serves until SIGINT/SIGTERM (or
  // stop()), then: stops accepting, finishes held requests at once, gives in-flight requests
  // shutdown_grace, runs on_stop. Returns 0.
  int serve_until_signal(const std::function<void()>& on_stop = {});
  void stop();  // from any thread

  void wake(const std::string& key) override;
  std::size_t open_connections() const;
  std::size_t held_requests() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Call first thing in main, before any thread starts: blocks SIGINT/SIGTERM in every thread
// (serve_until_signal takes them with sigwait) and ignores SIGPIPE.
void block_termination_signals();

}  // namespace idv::demo::http
