#pragma once
// Runs an httplib server until SIGINT/SIGTERM, then stops it and the caller's background
// workers cleanly. Signals are taken with sigwait on the main thread (no async-signal-unsafe
// code in a handler).
#include <httplib.h>

#include <functional>
#include <string>

namespace idv::demo {

// Call first thing in main, before any thread starts, so every thread inherits the mask.
void block_termination_signals();

// Binds host:port (port 0 = any free port), prints "listening on http://host:port" to stdout
// (tests read it), serves until a termination signal, then runs on_stop (release held requests,
// stop workers) and stops the server; returns 0.
int serve_until_signal(httplib::Server& server, const std::string& host, int port,
                       const std::string& name, const std::function<void()>& on_stop);

}  // namespace idv::demo
