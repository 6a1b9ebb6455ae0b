#include "service/context.hpp"

#include <charconv>

#include "common/files.hpp"
#include "common/log.hpp"
#include "common/pg_listener.hpp"
#include "service/schema.hpp"

namespace idv::demo {
namespace {

constexpr const char* kSessionChannel = "idv_sessions";  // schema.cpp, version 2

// "<ref> <version>" from the trigger; another instance committed it.
void on_session_notify(ServiceContext& ctx, std::string_view payload, int sender_pid) {
  if (sender_pid == ctx.db->backend_pid()) return;  // ours: announced in-process already
  const auto space = payload.rfind(' ');
  if (space == std::string_view::npos) return;
  std::int64_t version = 0;
  const auto tail = payload.substr(space + 1);
  if (std::from_chars(tail.data(), tail.data() + tail.size(), version).ec != std::errc{}) return;
  ctx.session_changed(std::string(payload.substr(0, space)), version);
}

}  // namespace

ServiceContext::ServiceContext(ServiceConfig cfg, std::unique_ptr<Db> database)
    : config(std::move(cfg)),
      db(std::move(database)),
      sessions(*db, [this](const std::string& ref, std::int64_t v) { session_changed(ref, v); }),
      events(*db),
      outbox(*db),
      limiter(config.rate_limit_rps, config.rate_limit_burst),
      code_attempts({.per_client = config.code_attempts_per_client,
                     .window_ms = config.code_attempts_window_ms,
                     .global_per_minute = config.code_attempts_global_per_min}),
      wallet_requests(*db) {}

ServiceContext::~ServiceContext() {
  stop_listening();  // its thread calls back into this context
}

void ServiceContext::stop_listening() {
  if (listener) listener->stop();
}

std::unique_ptr<ServiceContext> open_service(const ServiceConfig& config, std::string& error) {
  if (!make_dirs(config.data_dir) || !make_dirs(config.data_dir + "/uploads")) {
    error = "cannot create data folder " + config.data_dir;
    return nullptr;
  }
  auto db = Db::connect(config.database, config.data_dir + "/service.db", error);
  if (!db) return nullptr;
  if (!migrate_schema(*db, error)) {
    error = "cannot create tables: " + error;
    return nullptr;
  }
  auto ctx = std::make_unique<ServiceContext>(config, std::move(db));
  // English first: the fallback. The rest as the widget ships them (web/src/i18n.js).
  if (!ctx->catalogue.load(config.assets_dir + "/i18n",
                           {"en", "ar", "cs", "da", "de", "el", "es", "fi", "fr", "he", "hu",
                            "it", "ja", "lt", "nb", "nl", "pl", "pt", "ro", "sv", "tr", "uk"},
                           error))
    return nullptr;
  if (!config.wallet_trust_dir.empty()) {
    // A trust list that does not load stops the service: running with the wallet path silently
    // off (or trusting less than the operator meant) would be worse than not starting.
    auto trust = wallet::TrustList::load(config.wallet_trust_dir, error);
    if (!trust) {
      error = "--wallet-trust " + config.wallet_trust_dir + ": " + error;
      return nullptr;
    }
    ctx->wallet_trust = std::make_unique<const wallet::TrustList>(std::move(*trust));
  }
  if (ctx->db->engine() == Engine::postgres) {
    ServiceContext* c = ctx.get();
    ctx->listener = std::make_unique<PgListener>(
        config.database, kSessionChannel,
        [c](std::string_view payload, int pid) { on_session_notify(*c, payload, pid); },
        [c] {
          log_line("service", "change notifications reconnected; tracking cache cleared");
          c->tracking_cache.invalidate_all();
        });
    if (!ctx->listener->start(error)) {
      error = "cannot LISTEN for other instances' changes: " + error;
      return nullptr;
    }
  }
  return ctx;
}

}  // namespace idv::demo
