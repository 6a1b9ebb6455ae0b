// idv-demo-service: the reference verification service of the demo (see docs/demo.md).
//   merchant API  POST /v1/user/invite, GET /v1/user/{ref}/events, DELETE /v1/user/{ref}
//   contract 1    GET /v1/tracking/{ref} (+ OPTIONS)
//   portal        /p/{ref}
//   seed formats  GET /v1/identifications/{id}, GET /v1/files/..., test hook (docs/demo.md)
//   workers       Phase 2 assessment + expiry, webhook dispatcher (durable outbox)
#include <cstdio>

#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/server_runner.hpp"
#include "service/dispatcher.hpp"
#include "service/identifications_api.hpp"
#include "service/merchant_api.hpp"
#include "service/phase2_worker.hpp"
#include "service/portal.hpp"
#include "service/tracking_api.hpp"

#ifndef IDV_DEMO_REPO_DIR
#define IDV_DEMO_REPO_DIR "."
#endif

using namespace idv::demo;

int main(int argc, char** argv) {
  block_termination_signals();
  std::string error;
  const auto flags = Flags::parse(argc, argv, service_flag_names(), error);
  if (!flags) {
    std::fprintf(stderr, "idv-demo-service: %s (see docs/demo.md for the flags)\n", error.c_str());
    return 2;
  }
  const auto config = load_service_config(*flags, IDV_DEMO_REPO_DIR "/data",
                                          IDV_DEMO_REPO_DIR "/demo/service", error);
  if (!config) {
    std::fprintf(stderr, "idv-demo-service: %s\n", error.c_str());
    return 2;
  }
  auto ctx = open_service(*config, error);
  if (!ctx) {
    std::fprintf(stderr, "idv-demo-service: %s\n", error.c_str());
    return 1;
  }
  // Secrets are never logged; say only where state lives and how the demo is paced.
  log_line("service", "data " + config->data_dir + ", public base " + config->public_base +
                          ", phase 2 delay " + std::to_string(config->phase2_delay_min_ms) + "-" +
                          std::to_string(config->phase2_delay_max_ms) + " ms, webhook timeout " +
                          std::to_string(config->webhook_timeout_ms) + " ms");

  Dispatcher dispatcher(*ctx, *idv::completion::WebhookSecret::parse(config->webhook_secret));
  ctx->wake_dispatcher = [&dispatcher] { dispatcher.wake(); };
  Phase2Worker worker(*ctx);

  httplib::Server server;
  // Long-polls hold a thread each: size the pool explicitly (the cap in max_long_polls keeps
  // free threads for everything else). httplib's API takes ownership of a raw pointer here.
  const int threads = config->http_threads;
  server.new_task_queue = [threads] {
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };
  server.set_payload_max_length(
      static_cast<std::size_t>(3 * config->max_upload_bytes + 1024 * 1024));
  // Short idle keep-alive: an idle connection holds a pool thread and delays shutdown.
  server.set_keep_alive_timeout(1);
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        log_line("http", "unhandled exception in " + req.method + " " + req.path);
        send_error(res, 500, "internal_error", "something went wrong on our side");
      });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.starts_with("/v1/tracking/") && res.status < 400) return;  // polling noise
    log_line("http", req.method + " " + req.path + " -> " + std::to_string(res.status));
  });
  register_merchant_api(server, *ctx);
  register_tracking_api(server, *ctx);
  register_portal(server, *ctx);
  register_identifications_api(server, *ctx);

  dispatcher.start(config->dispatcher_threads);
  worker.start();
  return serve_until_signal(server, config->host, config->port, "idv-demo-service", [&] {
    ctx->notifier.shutdown();  // release held long-polls first
    worker.stop();
    dispatcher.stop();
  });
}
