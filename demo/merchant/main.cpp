// idv-demo-merchant: the demo shop. Checkout page with the widget, its backend (invite API
// client), the webhook endpoint, its own SQLite. See docs/demo.md.
#include <cstdio>

#include "common/files.hpp"
#include "common/http/http.hpp"
#include "common/log.hpp"
#include "merchant/reason_fetcher.hpp"
#include "merchant/routes.hpp"

#ifndef IDV_DEMO_REPO_DIR
#define IDV_DEMO_REPO_DIR "."
#endif

using namespace idv::demo;

int main(int argc, char** argv) {
  http::block_termination_signals();
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
  log_line("merchant",
           "data " + config->data_dir + ", widget from " + config->dist_dir + ", service " +
               config->service_base +
               (config->admin_password.empty() ? ", back office disabled (no IDV_ADMIN_PASSWORD)"
                                               : ", back office at /admin"));

  ReasonFetcher reasons(*config, orders);
  http::Router router;
  register_merchant_routes(router, *config, orders, reasons);
  http::ServerOptions options;
  options.name = "idv-demo-merchant";
  options.host = config->host;
  options.port = config->port;
  options.io_threads = 2;
  // One line per answered request, order ids shortened (they are capabilities); unhandled
  // exceptions become the server's own 500.
  options.access_log = log_merchant_request;
  http::Server server(std::move(router), options);
  if (!server.listen()) return 1;
  reasons.start();
  return server.serve_until_signal([&reasons] { reasons.stop(); });
}
