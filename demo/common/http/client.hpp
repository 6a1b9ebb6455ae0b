#pragma once
// Outgoing HTTP on libcurl: one request with a TOTAL deadline (resolve + connect + send +
// response, CURLOPT_TIMEOUT_MS), a capped response body that is never inflated, no redirects
// (a 3xx is an answer like any other), optionally pinned to addresses the caller has checked.
//
//   fetch()       blocking, one request (the merchant's thin fetch, `idv-webhook send`)
//   MultiFetcher  many requests on one thread with curl's multi interface (the dispatcher)
//
// Self-contained on purpose (libcurl + the standard library only): bindings/cli compiles this
// file into idv-webhook without the rest of demo/common.
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace idv::demo::http {

inline constexpr std::size_t kMaxResponseBody = 64 * 1024;

struct ClientRequest {
  std::string method = "GET";  // GET, POST, or any other token (sent as is)
  std::string url;             // absolute http(s) URL; nothing else is accepted
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // The whole attempt: name resolution, connect, TLS, sending and the complete response.
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_body = kMaxResponseBody;  // more is cut off (and the transfer aborted)
  // Numeric addresses ("203.0.113.7", "2001:db8::1") to connect to instead of resolving the
  // URL's host (CURLOPT_RESOLVE): the caller resolved and checked them, so DNS cannot swap
  // them afterwards. Empty: libcurl resolves (or the host is an IP literal).
  std::vector<std::string> pinned_addresses;
  // Asked for every address libcurl is about to connect to; false refuses the connection
  // (FetchError::refused_address). Defence in depth next to pinning. Empty: all allowed.
  std::function<bool(const sockaddr*, socklen_t)> allow_connect;
};

enum class FetchError {
  none,             // an HTTP answer arrived (maybe with a truncated body, see `truncated`)
  invalid_request,  // not an http(s) URL, or libcurl refused the options
  resolve,          // the host name did not resolve
  refused_address,  // allow_connect said no
  connect,          // connection refused / unreachable
  timeout,          // the total deadline passed
  tls,              // handshake or certificate problem
  transfer,         // the connection broke while sending or receiving
  aborted,          // MultiFetcher::cancel_all
};
const char* to_string(FetchError e);

struct ClientResponse {
  int status = 0;  // the final status code; 0 when no status line arrived
  std::vector<std::pair<std::string, std::string>> headers;  // of the final response
  std::string body;        // at most max_body bytes, exactly as sent (no decoding)
  bool truncated = false;  // the body was longer than max_body
  FetchError error = FetchError::none;
  std::string error_text;  // one line for logs/timelines; empty when error == none
  std::chrono::milliseconds elapsed{0};
  std::string connected_ip;  // the address the request went to, when known

  bool answered() const { return error == FetchError::none && status > 0; }
  std::string header(std::string_view name) const;  // first value (case-insensitive) or ""
};

// Blocking; safe from any thread.
ClientResponse fetch(const ClientRequest& request);

// Many concurrent transfers driven by one thread (the owner's): start() them, then call
// poll() in a loop. Each transfer keeps its own total deadline (libcurl's timers), so a slow
// peer costs one socket and never holds up the others. Not thread-safe except wakeup().
class MultiFetcher {
 public:
  using Id = std::uint64_t;
  struct Finished {
    Id id;
    ClientResponse response;
  };

  MultiFetcher();
  ~MultiFetcher();
  MultiFetcher(const MultiFetcher&) = delete;
  MultiFetcher& operator=(const MultiFetcher&) = delete;

  // Begins a transfer. A request that cannot even start finishes at the next poll() with
  // invalid_request.
  Id start(const ClientRequest& request);
  // Drives the transfers for at most `wait` (less when one finishes or wakeup() is called)
  // and returns the transfers that finished.
  std::vector<Finished> poll(std::chrono::milliseconds wait);
  // Makes a waiting poll() return early; callable from any thread.
  void wakeup();
  // Ends every transfer now; each is reported by the next poll() with FetchError::aborted.
  void cancel_all();
  std::size_t in_flight() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace idv::demo::http
