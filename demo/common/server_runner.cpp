#include "common/server_runner.hpp"

#include <csignal>
#include <cstdio>
#include <thread>

#include "common/log.hpp"

namespace idv::demo {
namespace {
sigset_t termination_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}
}  // namespace

void block_termination_signals() {
  const sigset_t set = termination_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // a receiver closing early must not kill the process
}

int serve_until_signal(httplib::Server& server, const std::string& host, int port,
                       const std::string& name, const std::function<void()>& on_stop) {
  // Small JSON answers written as headers + body in two sends would wait ~40 ms each for
  // Nagle's algorithm to meet the client's delayed ACK (measured in bench/: every 200 took
  // 43 ms, every 304 0.2 ms). And a keep-alive connection may serve more than httplib's
  // default of 5 requests, so a polling widget keeps its connection.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000);
  int bound = port;
  if (port == 0) {
    bound = server.bind_to_any_port(host);
  } else if (!server.bind_to_port(host, port)) {
    bound = -1;
  }
  if (bound <= 0) {
    log_line(name, "cannot listen on " + host + ":" + std::to_string(port));
    return 1;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  std::printf("%s listening on http://%s:%d\n", name.c_str(), host.c_str(), bound);
  std::fflush(stdout);

  const sigset_t set = termination_set();
  int sig = 0;
  sigwait(&set, &sig);
  log_line(name, std::string("stopping (") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ")");
  if (on_stop) on_stop();  // first: wakes held requests so stop() need not wait for them
  server.stop();
  listener.join();
  log_line(name, "stopped");
  return 0;
}

}  // namespace idv::demo
