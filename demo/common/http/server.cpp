// The HTTP server: Boost.Beast on Boost.Asio, one C++20 coroutine per connection. This is the
// only file that includes Beast (it takes seconds to compile); everything else sees http.hpp.
//
// Why an event loop: a waiting long-poll, an idle keep-alive connection or a peer that trickles
// its headers costs a socket and a timer here, never a thread, so a few thousand of them cannot
// starve the requests that matter. Every limit below is enforced before a handler (and so
// before authentication) runs:
//   request line + headers ≤ header_limit (431) · headers and body within request_deadline
//   (else the connection is closed)
//   · body ≤ the route's limit whatever the framing (413) · Content-Encoding other than
//   identity (415, never inflated) · idle keep-alive idle_timeout · each response within
//   write_deadline · open connections ≤ max_connections (503 beyond).
#include <pthread.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "common/http/form.hpp"
#include "common/http/http.hpp"
#include "common/log.hpp"

namespace idv::demo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

sigset_t termination_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

std::string error_body(std::string_view code, std::string_view message) {
  return nlohmann::json{{"error", code}, {"message", message}}.dump();
}

Response json_error(int status, std::string_view code, std::string_view message) {
  Response res;
  res.status = status;
  res.set_content(error_body(code, message), "application/json");
  return res;
}

// A handler threw: the peer gets a plain 500, the log says where (never the request's body).
Response internal_error(const std::string& server, std::string_view where, const Request& req) {
  log_line(server, "unhandled exception " + std::string(where) + " " + req.method + " " + req.path);
  return json_error(500, "internal_error", "something went wrong on our side");
}

// A parked long-poll: its timer is cancelled (on the connection's strand) to wake it.
struct Waiter {
  explicit Waiter(const asio::any_io_executor& strand) : timer(strand) {}
  asio::steady_timer timer;
};

// Blocking work handed to the pool; its result comes back to the connection's strand.
struct OffloadJob {
  explicit OffloadJob(const asio::any_io_executor& strand) : timer(strand) {}
  asio::steady_timer timer;  // cancelled (on the strand) when the work is done
  Offload work;
  Response result;
  bool done = false;
};

// What the server knows of one open connection, for shutdown: idle ones are closed at once.
struct Connection {
  explicit Connection(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::atomic<bool> idle{true};
};

}  // namespace

struct Server::Impl {
  Impl(Router r, ServerOptions o)
      : router(std::move(r)), options(std::move(o)), acceptor(asio::make_strand(ioc)) {}

  Router router;
  ServerOptions options;
  asio::io_context ioc;
  asio::thread_pool blocking{static_cast<std::size_t>(std::max(1, options.blocking_threads))};
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stop_requested{false};
  std::atomic<std::size_t> open{0};
  std::atomic<std::size_t> held{0};
  int bound_port = 0;

  std::mutex mutex;  // guards waiters and connections
  std::unordered_multimap<std::string, std::shared_ptr<Waiter>> waiters;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<Connection> conn);
  asio::awaitable<void> hold(Request& req, Response& res);
  asio::awaitable<void> offload(Request& req, Response& res);
  void refuse_busy(tcp::socket socket);
  void admit(tcp::socket socket);
  void begin_shutdown();

  void wake(const std::string& key) {
    const std::lock_guard lock(mutex);
    const auto [from, to] = waiters.equal_range(key);
    for (auto it = from; it != to; ++it) cancel(it->second);
  }
  static void cancel(const std::shared_ptr<Waiter>& w) {
    asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
  }
};

Server::Server(Router router, ServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(router), std::move(options))) {}

Server::~Server() {
  stop();
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->blocking.join();  // before the coroutine frames (and their Requests) go
}

namespace {
// Each connection is a file descriptor. Raise the soft limit to the hard one (as nginx's
// worker_rlimit_nofile does) and keep the connection cap below what is left, with room for
// the database, uploads and outgoing webhooks: past the cap a peer gets a clean 503, whereas
// past the descriptor limit accept() would fail and connections would pile up unanswered.
std::size_t fit_connection_cap(std::size_t wanted, const std::string& name) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return wanted;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit raised = lim;
    raised.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) lim = raised;
  }
  constexpr rlim_t kReserve = 256;
  const std::size_t fits = lim.rlim_cur > 2 * kReserve ? lim.rlim_cur - kReserve : lim.rlim_cur / 2;
  if (wanted <= fits) return wanted;
  log_line(name, "connection cap lowered from " + std::to_string(wanted) + " to " +
                     std::to_string(fits) + " (open-file limit " + std::to_string(lim.rlim_cur) +
                     "; raise it with ulimit -n)");
  return fits;
}
}  // namespace

bool Server::listen() {
  impl_->options.max_connections =
      fit_connection_cap(impl_->options.max_connections, impl_->options.name);
  auto& acc = impl_->acceptor;
  beast::error_code ec;
  // An address literal, or a name such as "localhost" (its first address).
  tcp::resolver resolver(impl_->ioc);
  const auto found = resolver.resolve(impl_->options.host, std::to_string(impl_->options.port),
                                      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || found.empty()) {
    log_line(impl_->options.name, "cannot listen on " + impl_->options.host + ": " +
                                      (ec ? ec.message() : std::string("no address")));
    return false;
  }
  const tcp::endpoint endpoint = found.begin()->endpoint();
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    log_line(impl_->options.name, "cannot listen on " + impl_->options.host + ":" +
                                      std::to_string(impl_->options.port) + ": " + ec.message());
    return false;
  }
  impl_->bound_port = acc.local_endpoint().port();
  return true;
}

int Server::port() const {
  return impl_->bound_port;
}
std::size_t Server::open_connections() const {
  return impl_->open.load();
}
std::size_t Server::held_requests() const {
  return impl_->held.load();
}
void Server::wake(const std::string& key) {
  impl_->wake(key);
}
void Server::stop() {
  impl_->stop_requested = true;
}

int Server::serve_until_signal(const std::function<void()>& on_stop) {
  Impl& s = *impl_;
  if (!s.acceptor.is_open() && !listen()) return 1;
  asio::co_spawn(s.acceptor.get_executor(), s.accept_loop(), asio::detached);
  const int n = std::max(1, s.options.io_threads);
  for (int i = 0; i < n; ++i) s.threads.emplace_back([&s] { s.ioc.run(); });
  if (s.options.announce) {
    std::printf("%s listening on http://%s:%d\n", s.options.name.c_str(), s.options.host.c_str(),
                s.bound_port);
    std::fflush(stdout);
  }

  // Signals are blocked in every thread (block_termination_signals); take them here, and look
  // at stop() requests ten times a second.
  const sigset_t set = termination_set();
  int sig = 0;
  while (!s.stop_requested) {
    const timespec tick{0, 100'000'000};
    sig = sigtimedwait(&set, nullptr, &tick);
    if (sig > 0) break;
  }
  log_line(s.options.name, sig == SIGINT    ? "stopping (SIGINT)"
                           : sig == SIGTERM ? "stopping (SIGTERM)"
                                            : "stopping");
  s.begin_shutdown();
  // In-flight requests get the grace period; held ones were answered by begin_shutdown.
  const auto deadline = std::chrono::steady_clock::now() + s.options.shutdown_grace;
  while (s.open.load() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (s.open.load() > 0)
    log_line(s.options.name, std::to_string(s.open.load()) + " connections cut at shutdown");
  s.ioc.stop();
  for (auto& t : s.threads) t.join();
  s.threads.clear();
  s.blocking.join();
  if (on_stop) on_stop();
  log_line(s.options.name, "stopped");
  return 0;
}

void Server::Impl::begin_shutdown() {
  stopping = true;
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ignored;
    acceptor.close(ignored);
  });
  const std::lock_guard lock(mutex);
  for (auto& [key, w] : waiters) cancel(w);
  for (auto& [raw, weak] : connections) {
    auto conn = weak.lock();
    if (!conn || !conn->idle) continue;
    // An idle keep-alive connection has nothing in flight: close it now.
    asio::post(conn->stream.get_executor(), [conn] { conn->stream.socket().close(); });
  }
}

void Server::Impl::refuse_busy(tcp::socket socket) {
  // Over the connection cap: one non-blocking write of a canned answer, then close. Nothing
  // here can wait on the peer.
  static constexpr std::string_view kBusy =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
      "Retry-After: 1\r\nConnection: close\r\nContent-Length: 60\r\n\r\n"
      R"({"error":"busy","message":"too many connections; retry soon"})";
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(kBusy.data(), kBusy.size()), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

asio::awaitable<void> Server::Impl::accept_loop() {
  beast::error_code ignored;
  acceptor.non_blocking(true, ignored);
  while (!stopping) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kNoThrow);
    if (stopping) break;
    if (ec) {
      // Out of file descriptors, most likely: back off instead of spinning on accept.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    admit(std::move(socket));
    // Then take every other connection already waiting, without a round trip through the
    // event queue for each: behind a thousand busy connections, one accept per turn of the
    // queue would leave the last newcomers waiting a second for their first byte.
    for (int n = 0; n < 256 && !stopping; ++n) {
      tcp::socket next(asio::make_strand(ioc));
      acceptor.accept(next, ec);
      if (ec) break;  // would_block: the backlog is empty
      admit(std::move(next));
    }
  }
}

void Server::Impl::admit(tcp::socket socket) {
  if (open.load() >= options.max_connections) return refuse_busy(std::move(socket));
  ++open;
  auto conn = std::make_shared<Connection>(std::move(socket));
  {
    const std::lock_guard lock(mutex);
    connections.emplace(conn.get(), conn);
  }
  auto executor = conn->stream.get_executor();
  asio::co_spawn(executor, serve(std::move(conn)), asio::detached);
}

asio::awaitable<void> Server::Impl::hold(Request& req, Response& res) {
  Hold h = std::move(*res.hold);
  res.hold.reset();
  auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
  {
    const std::lock_guard lock(mutex);
    waiters.emplace(h.key, waiter);
  }
  ++held;
  // Registered first, asked second: a change published in between has already bumped what
  // ready() reads, and a change after this point cancels the timer.
  if (!stopping && !(h.ready && h.ready())) {
    waiter->timer.expires_after(h.max_wait);
    co_await waiter->timer.async_wait(kNoThrow);
  }
  --held;
  {
    const std::lock_guard lock(mutex);
    const auto [from, to] = waiters.equal_range(h.key);
    for (auto it = from; it != to; ++it)
      if (it->second == waiter) {
        waiters.erase(it);
        break;
      }
  }
  try {
    if (h.finish) h.finish(res);
  } catch (...) {
    res = internal_error(options.name, "finishing", req);
  }
}

asio::awaitable<void> Server::Impl::offload(Request& req, Response& res) {
  auto job = std::make_shared<OffloadJob>(co_await asio::this_coro::executor);
  job->work = std::move(res.offload);
  res.offload = nullptr;
  job->result = std::move(res);  // the work goes on filling it (headers set so far stay)
  job->timer.expires_at(asio::steady_timer::time_point::max());
  asio::post(blocking, [job, &req, name = options.name] {
    try {
      job->work(job->result);
    } catch (...) {
      job->result = internal_error(name, "in", req);
    }
    job->done = true;
    asio::post(job->timer.get_executor(), [job] { job->timer.cancel(); });
  });
  // Nothing runs on this strand between the post above and this wait, so the cancel posted
  // by the worker cannot come first.
  co_await job->timer.async_wait(kNoThrow);
  if (job->done) {
    res = std::move(job->result);
  } else {  // the server is going away
    res = json_error(503, "shutting_down", "the server is stopping; retry");
  }
}

asio::awaitable<void> Server::Impl::serve(std::shared_ptr<Connection> conn) {
  struct Closing {  // every exit path: unregister and count the connection out
    Impl& s;
    Connection* c;
    ~Closing() {
      {
        const std::lock_guard lock(s.mutex);
        s.connections.erase(c);
      }
      --s.open;
    }
  } closing{*this, conn.get()};

  beast::tcp_stream& stream = conn->stream;
  beast::error_code ignored;
  stream.socket().set_option(tcp::no_delay(true), ignored);  // small JSON answers, no Nagle
  std::string remote;
  if (auto ep = stream.socket().remote_endpoint(ignored); !ignored)
    remote = ep.address().to_string();
  beast::flat_buffer buffer;
  bool first = true;
  bool linger = false;  // an error was answered while the peer may still be sending

  // Writes a response and reports whether the connection may carry another request.
  auto write = [&](bhttp::response<bhttp::string_body>& out) -> asio::awaitable<bool> {
    stream.expires_after(options.write_deadline);
    auto [ec, n] = co_await bhttp::async_write(stream, out, kNoThrow);
    co_return !ec && out.keep_alive() && !stopping;
  };
  auto fail = [&](bhttp::status status, std::string_view code,
                  std::string_view message) -> asio::awaitable<void> {
    bhttp::response<bhttp::string_body> out{status, 11};
    out.set(bhttp::field::content_type, "application/json");
    out.set(bhttp::field::cache_control, "no-store");
    out.body() = error_body(code, message);
    out.keep_alive(false);
    out.prepare_payload();
    co_await write(out);
    linger = true;
  };

  for (;;) {
    // Wait for the first byte of the next request: a new connection gets the request
    // deadline, a kept-alive one the idle timeout.
    conn->idle = true;
    if (stopping) break;
    if (buffer.size() == 0) {
      stream.expires_after(first ? options.request_deadline : options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kNoThrow);
      if (ec) break;  // closed, idle too long, or shut down
      buffer.commit(n);
    }
    conn->idle = false;
    first = false;

    stream.expires_after(options.request_deadline);  // headers + body from here
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    // The body limit depends on the route, known only once the headers are in; until then
    // no limit (a Content-Length is compared with the route's limit below, before reading).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    {
      auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser, kNoThrow);
      if (ec == bhttp::error::header_limit) {
        co_await fail(bhttp::status::request_header_fields_too_large, "headers_too_large",
                      "request line and headers must fit in 16 KiB");
        break;
      }
      // A deadline that passed has closed the socket already (tcp_stream's rule): nothing
      // can be answered, the connection simply ends.
      if (ec == beast::error::timeout) break;
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
          ec == asio::error::connection_reset || ec == asio::error::operation_aborted)
        break;
      if (ec) {
        co_await fail(bhttp::status::bad_request, "bad_request", "malformed HTTP request");
        break;
      }
    }
    auto& head = parser.get();
    Request req;
    req.method = std::string(head.method_string());
    req.target = std::string(head.target());
    const auto q = req.target.find('?');
    req.path = req.target.substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    req.remote_addr = remote;

    const auto encoding = head[bhttp::field::content_encoding];
    if (!encoding.empty() && !beast::iequals(encoding, "identity")) {
      co_await fail(bhttp::status::unsupported_media_type, "unsupported_encoding",
                    "request bodies must not be compressed (Content-Encoding: identity only)");
      break;
    }
    Router::Match route = router.match(req.method, req.path);
    const bool has_body = parser.chunked() || parser.content_length().value_or(0) > 0;
    if (has_body && parser.content_length().value_or(0) > route.body_limit) {
      co_await fail(bhttp::status::payload_too_large, "body_too_large",
                    "the request body is larger than this endpoint accepts");
      break;
    }
    if (has_body && !route.handler) {
      // No route: do not read a body nobody wants; answer and close.
      co_await fail(route.path_known ? bhttp::status::method_not_allowed : bhttp::status::not_found,
                    route.path_known ? "method_not_allowed" : "not_found",
                    route.path_known ? "method not allowed here" : "no such endpoint");
      break;
    }
    if (has_body) {
      parser.body_limit(route.body_limit);
      if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
        stream.expires_after(options.write_deadline);
        auto [wec, wn] = co_await bhttp::async_write(stream, cont, kNoThrow);
        if (wec) break;
        stream.expires_after(options.request_deadline);
      }
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      if (ec == bhttp::error::body_limit) {
        co_await fail(bhttp::status::payload_too_large, "body_too_large",
                      "the request body is larger than this endpoint accepts");
        break;
      }
      if (ec == beast::error::timeout) break;  // socket closed by the deadline
      if (ec) {
        if (ec != asio::error::eof && ec != bhttp::error::end_of_stream &&
            ec != asio::error::connection_reset && ec != asio::error::operation_aborted)
          co_await fail(bhttp::status::bad_request, "bad_request", "malformed request body");
        break;
      }
    }
    auto message = parser.release();
    for (const auto& f : message) req.headers.emplace(f.name_string(), f.value());
    req.body = std::move(message.body());
    const bool keep_alive = message.keep_alive();
    const bool head_only = message.method() == bhttp::verb::head;

    Response res;
    if (!decode_form(req)) {
      res = json_error(400, "malformed_form", "the query string or form body is malformed");
    } else if (!route.handler) {
      res = route.path_known ? json_error(405, "method_not_allowed", "method not allowed here")
                             : json_error(404, "not_found", "no such endpoint");
    } else {
      req.matches = std::move(route.groups);
      try {
        (*route.handler)(req, res);
      } catch (...) {
        res = internal_error(options.name, "in", req);
      }
      if (res.offload) {
        stream.expires_never();  // the work bounds its own time
        co_await offload(req, res);
      }
      if (res.hold) {
        stream.expires_never();  // the hold's own timer bounds the wait
        co_await hold(req, res);
      }
    }
    if (options.access_log) options.access_log(req, res.status);

    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    for (const auto& [name, value] : res.headers) out.insert(name, value);
    out.keep_alive(keep_alive && !stopping);
    if (head_only) {
      out.content_length(res.body.size());
    } else {
      out.body() = std::move(res.body);
      if (res.status != 204 && res.status != 304) out.prepare_payload();
    }
    if (!co_await write(out)) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  if (linger && stream.socket().is_open()) {
    // Closing with unread input makes the kernel send a reset, which can destroy our error
    // answer before the peer reads it. So read and discard until the peer stops (a client
    // stops sending once it sees the answer): at most one second and 64 MiB, whatever it does.
    stream.expires_after(std::chrono::seconds(1));
    std::array<char, 16 * 1024> sink;
    for (std::size_t drained = 0; drained < 64 * 1024 * 1024;) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
      if (ec) break;
      drained += n;
    }
  }
  stream.close();
}

void block_termination_signals() {
  const sigset_t set = termination_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a peer closing early must not kill the process
}

}  // namespace idv::demo::http
