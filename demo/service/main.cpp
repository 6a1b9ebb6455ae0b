// idv-demo-service: the reference verification service of the demo (see docs/demo.md).
//   merchant API  POST /v1/user/invite, GET /v1/user/{ref}/events, DELETE /v1/user/{ref}
//   contract 1    GET /v1/tracking/{ref} (+ OPTIONS)
//   wallet        POST /v1/wallet/{ref}/request, /response (+ OPTIONS): docs/wallet.md
//   portal        /p/{ref}, and /code (the hand-off by short code)
//   seed formats  GET /v1/identifications/{id}, GET /v1/files/..., test hook (docs/demo.md)
//   workers       Phase 2 assessment + expiry, webhook dispatcher (durable outbox)
#include <cstdio>

#include "common/http/http.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "service/code_entry.hpp"
#include "service/dispatcher.hpp"
#include "service/frame_page.hpp"
#include "service/identifications_api.hpp"
#include "service/merchant_api.hpp"
#include "service/phase2_worker.hpp"
#include "service/portal.hpp"
#include "service/tracking_api.hpp"
#include "service/wallet_api.hpp"
#include "service/webhooks_api.hpp"

#ifndef IDV_DEMO_REPO_DIR
#define IDV_DEMO_REPO_DIR "."
#endif

using namespace idv::demo;

int main(int argc, char** argv) {
  http::block_termination_signals();
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
  if (ctx->wallet_trust) {
    std::string origins = config->public_base;
    for (const auto& o : config->wallet_origins) origins += ", " + o;
    log_line("service",
             "wallet path on: trust list " + config->wallet_trust_dir + ", origins " + origins);
  } else {
    log_line("service", "wallet path off (no --wallet-trust)");
  }

  Dispatcher dispatcher(*ctx, *idv::completion::WebhookSecret::parse(config->webhook_secret));
  ctx->wake_dispatcher = [&dispatcher] { dispatcher.wake(); };
  Phase2Worker worker(*ctx);

  http::Router router;
  register_merchant_api(router, *ctx);
  register_tracking_api(router, *ctx);
  register_wallet_api(router, *ctx);
  register_portal(router, *ctx);
  register_code_entry(router, *ctx);
  register_identifications_api(router, *ctx);
  register_webhooks_api(router, *ctx);
  register_frame_page(router, flags->str("dist-dir", IDV_DEMO_REPO_DIR "/dist"));  // IDV_DIST_DIR

  http::ServerOptions options;
  options.name = "idv-demo-service";
  options.host = config->host;
  options.port = config->port;
  options.io_threads = config->http_threads;
  options.max_connections = static_cast<std::size_t>(config->max_connections);
  options.access_log = [](const http::Request& req, int status) {
    if (req.path.starts_with("/v1/tracking/") && status < 400) return;  // polling noise
    log_line("http",
             req.method + " " + redact_capabilities(req.path) + " -> " + std::to_string(status));
  };
  http::Server server(std::move(router), options);
  if (!server.listen()) return 1;
  ctx->notifier.attach(&server);
  ctx->server = &server;

  dispatcher.start(config->dispatcher_threads);
  worker.start();
  // On SIGTERM/SIGINT the server stops accepting, answers held long-polls with the current
  // status and gives in-flight requests 5 s; then the workers stop.
  const int rc = server.serve_until_signal([&] {
    worker.stop();
    dispatcher.stop();
  });
  ctx->stop_listening();  // no wake-up from another instance may reach the server from here on
  ctx->notifier.attach(nullptr);
  ctx->server = nullptr;
  return rc;
}
