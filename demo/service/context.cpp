#include "service/context.hpp"

#include "common/files.hpp"

namespace idv::demo {

ServiceContext::ServiceContext(ServiceConfig cfg, std::unique_ptr<Db> database)
    : config(std::move(cfg)),
      db(std::move(database)),
      sessions(*db, [this](const std::string& ref, std::int64_t v) { session_changed(ref, v); }),
      events(*db),
      outbox(*db),
      limiter(config.rate_limit_rps, config.rate_limit_burst) {}

std::unique_ptr<ServiceContext> open_service(const ServiceConfig& config, std::string& error) {
  if (!make_dirs(config.data_dir) || !make_dirs(config.data_dir + "/uploads")) {
    error = "cannot create data folder " + config.data_dir;
    return nullptr;
  }
  auto db = Db::open(config.data_dir + "/service.db", error);
  if (!db) return nullptr;
  auto ctx = std::make_unique<ServiceContext>(config, std::move(db));
  if (!ctx->sessions.migrate() || !ctx->events.migrate() || !ctx->outbox.migrate()) {
    error = "cannot create tables: " + ctx->db->last_error();
    return nullptr;
  }
  if (!ctx->catalogue.load(config.assets_dir + "/i18n", {"en", "nl", "lt"}, error)) return nullptr;
  return ctx;
}

}  // namespace idv::demo
