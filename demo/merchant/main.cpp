// idv-demo-merchant: the demo shop. Checkout page with the widget, its backend (invite API
// client), the webhook endpoint, its own SQLite. See docs/demo.md.
#include <cstdio>

#include "common/files.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/server_runner.hpp"
#include "merchant/routes.hpp"

#ifndef IDV_DEMO_REPO_DIR
#define IDV_DEMO_REPO_DIR "."
#endif

using namespace idv::demo;

int main(int argc, char** argv) {
  block_termination_signals();
  std::string error;
  const auto flags = Flags::parse(argc, argv, merchant_flag_names(), error);
  if (!flags) {
    std::fprintf(stderr, "idv-demo-merchant: %s (see docs/demo.md for the flags)\n", error.c_str());
    return 2;
  }
  const auto config = load_merchant_config(*flags, IDV_DEMO_REPO_DIR, error);
  if (!config) {
    std::fprintf(stderr, "idv-demo-merchant: %s\n", error.c_str());
    return 2;
  }
  if (!make_dirs(config->data_dir)) {
    std::fprintf(stderr, "idv-demo-merchant: cannot create %s\n", config->data_dir.c_str());
    return 1;
  }
  auto db = Db::open(config->data_dir + "/merchant.db", error);
  if (!db) {
    std::fprintf(stderr, "idv-demo-merchant: %s\n", error.c_str());
    return 1;
  }
  OrderStore orders(*db);
  if (!orders.migrate()) {
    std::fprintf(stderr, "idv-demo-merchant: cannot create tables: %s\n", db->last_error().c_str());
    return 1;
  }
  log_line("merchant", "data " + config->data_dir + ", widget from " + config->dist_dir +
                           ", service " + config->service_base);

  httplib::Server server;
  server.set_payload_max_length(256 * 1024);
  server.set_keep_alive_timeout(1);  // idle connections hold pool threads and delay shutdown
  server.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        log_line("http", "unhandled exception in " + req.method + " " + req.path);
        send_error(res, 500, "internal_error", "something went wrong on our side");
      });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.starts_with("/api/orders/") && res.status == 200) return;  // page polling
    log_line("http", req.method + " " + req.path + " -> " + std::to_string(res.status));
  });
  register_merchant_routes(server, *config, orders);
  return serve_until_signal(server, config->host, config->port, "idv-demo-merchant", nullptr);
}
