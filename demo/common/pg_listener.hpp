#pragma once
// LISTEN on a PostgreSQL channel from a thread of its own: how one service instance hears of
// a change another instance committed (a session's new version, for its held long-polls).
// The thread sleeps in poll() on the connection's socket, so a notification is handed on
// within a millisecond or two of the writer's COMMIT.
#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "common/postgres.hpp"

namespace idv::demo {

class PgListener {
 public:
  using Handler = std::function<void(std::string_view payload, int sender_pid)>;
  // on_gap: the connection was lost and is back; whatever was notified meanwhile is unknown.
  PgListener(std::string conninfo, std::string channel, Handler on_notify,
             std::function<void()> on_gap);
  PgListener(const PgListener&) = delete;
  PgListener& operator=(const PgListener&) = delete;
  ~PgListener() { stop(); }
  // Connects and LISTENs before returning (so nothing committed afterwards is missed), then
  // starts the thread. False + error when the first connection fails.
  bool start(std::string& error);
  void stop();

 private:
  bool listen(std::string& error);
  void run();
  void drain();

  std::string conninfo_, channel_;
  Handler on_notify_;
  std::function<void()> on_gap_;
  PgConn conn_;  // touched by the thread only once it runs
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace idv::demo
