#include "common/pg_listener.hpp"

#include <poll.h>

#include <chrono>
#include <memory>

namespace idv::demo {

PgListener::PgListener(std::string conninfo, std::string channel, Handler on_notify,
                       std::function<void()> on_gap)
    : conninfo_(std::move(conninfo)),
      channel_(std::move(channel)),
      on_notify_(std::move(on_notify)),
      on_gap_(std::move(on_gap)) {}

bool PgListener::listen(std::string& error) {
  conn_ = pg_connect(conninfo_, error);
  if (!conn_) return false;
  // The channel is an identifier, not a value: quoted by libpq, never spliced in raw.
  const std::unique_ptr<char, decltype(&PQfreemem)> quoted(
      PQescapeIdentifier(conn_.get(), channel_.c_str(), channel_.size()), &PQfreemem);
  if (!quoted) {
    error = PQerrorMessage(conn_.get());
    return false;
  }
  const std::unique_ptr<PGresult, decltype(&PQclear)> r(
      PQexec(conn_.get(), ("LISTEN " + std::string(quoted.get())).c_str()), &PQclear);
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
    error = PQresultErrorMessage(r.get());
    conn_.reset();
    return false;
  }
  return true;
}

bool PgListener::start(std::string& error) {
  if (!listen(error)) return false;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
  return true;
}

void PgListener::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void PgListener::drain() {
  while (PGnotify* raw = PQnotifies(conn_.get())) {
    const std::unique_ptr<PGnotify, decltype(&PQfreemem)> n(raw, &PQfreemem);
    on_notify_(n->extra ? std::string_view(n->extra) : std::string_view(), n->be_pid);
  }
}

void PgListener::run() {
  while (!stopping_) {
    if (!conn_) {  // lost: try again every second, then tell the owner about the gap
      std::string ignored;
      if (!listen(ignored)) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      if (on_gap_) on_gap_();
    }
    // Wake at least every 200 ms to notice stop().
    pollfd pfd{PQsocket(conn_.get()), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, 200);
    if (ready < 0) continue;  // EINTR
    if (ready > 0 && PQconsumeInput(conn_.get()) == 0) {
      conn_.reset();
      continue;
    }
    drain();
    if (PQstatus(conn_.get()) != CONNECTION_OK) conn_.reset();
  }
}

}  // namespace idv::demo
