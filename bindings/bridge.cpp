// The C exports of idv-widget.wasm: a thin bridge from plain C calls to the sans-I/O core.
// Contract and JSON shapes: docs/bridge.md. Every returned string lives in one module-owned
// buffer that is valid until the next call, so the JS side decodes it at once.
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "command_json.hpp"
#include "json/flat_object.hpp"
#include "qr/qr_code.hpp"
#include "result_buffer.hpp"
#include "tracking/tracker.hpp"

#define IDV_EXPORT extern "C" __attribute__((used, visibility("default")))

namespace {

using namespace idv;

using bridge::result;

// Handles are slot index + 1; freed slots are reused, so a page that mounts and destroys
// widgets all day holds as many slots as it ever had widgets alive at once.
std::vector<std::unique_ptr<Tracker>> gTrackers;

Tracker* lookup(int handle) {
  if (handle <= 0 || static_cast<std::size_t>(handle) > gTrackers.size()) return nullptr;
  return gTrackers[static_cast<std::size_t>(handle - 1)].get();
}

std::string_view view(const char* s) {
  return s ? std::string_view(s) : std::string_view();
}

std::optional<std::string_view> optionalView(const char* s) {
  return s ? std::optional<std::string_view>(s) : std::nullopt;
}

// Reads the config leniently: a missing or mistyped option keeps its default, and whatever is
// wrong with the reference or URLs is reported by Tracker::start as an error command.
TrackerConfig parseConfig(std::string_view text) {
  TrackerConfig c;
  auto parsed = json::FlatObject::parse(text);
  if (!std::holds_alternative<json::FlatObject>(parsed)) return c;
  const auto& doc = std::get<json::FlatObject>(parsed);
  const auto str = [&](const char* key, std::string& out) {
    if (const auto* v = doc.find(key); v && v->kind == json::Value::Kind::String) out = v->text;
  };
  const auto millis = [&](const char* key, Millis& out, Millis lo, Millis hi) {
    if (const auto* v = doc.find(key); v && v->isNumber()) {
      const double ms = v->asDouble();
      if (ms >= static_cast<double>(lo) && ms <= static_cast<double>(hi))
        out = static_cast<Millis>(ms);
    }
  };
  str("trackingReference", c.trackingReference);
  str("apiBase", c.apiBase);
  str("portalOrigin", c.portalOrigin);
  str("decisionUrl", c.decision.url);
  millis("decisionIntervalMs", c.decision.interval, 500, 10 * kMinute);
  millis("decisionTimeoutMs", c.decision.timeout, kSecond, 24 * 60 * kMinute);
  millis("pollIntervalMs", c.poll.interval, 100, 10 * kMinute);
  millis("hiddenPollIntervalMs", c.poll.hiddenInterval, 100, 60 * kMinute);
  millis("requestTimeoutMs", c.poll.requestTimeout, 100, 5 * kMinute);
  millis("maxBackoffMs", c.poll.maxBackoff, 100, 60 * kMinute);
  if (const auto* v = doc.find("longPoll"); v && v->kind == json::Value::Kind::Boolean)
    c.longPoll = v->boolean;
  if (const auto* v = doc.find("conditionalRequests"); v && v->kind == json::Value::Kind::Boolean)
    c.conditionalRequests = v->boolean;
  if (const auto* v = doc.find("ecc"); v && v->kind == json::Value::Kind::String)
    c.ecc = parseQrEcc(v->text, QrEcc::Medium);
  if (const auto* v = doc.find("randomSeed"); v && v->isNumber())
    c.randomSeed = static_cast<std::uint64_t>(v->asDouble());
  return c;
}

}  // namespace

namespace idv::bridge {
const char* result(std::string text) {
  static std::string buffer;
  buffer = std::move(text);
  return buffer.c_str();
}
}  // namespace idv::bridge

IDV_EXPORT void* idv_alloc(int size) {
  return std::malloc(static_cast<std::size_t>(size > 0 ? size : 1));
}
IDV_EXPORT void idv_free(void* p) {
  std::free(p);
}

IDV_EXPORT int idv_tracker_create(const char* configJson) {
  auto tracker = std::make_unique<Tracker>(parseConfig(view(configJson)));
  for (std::size_t i = 0; i < gTrackers.size(); ++i) {
    if (!gTrackers[i]) {
      gTrackers[i] = std::move(tracker);
      return static_cast<int>(i + 1);
    }
  }
  gTrackers.push_back(std::move(tracker));
  return static_cast<int>(gTrackers.size());
}

IDV_EXPORT void idv_tracker_destroy(int handle) {
  if (lookup(handle)) gTrackers[static_cast<std::size_t>(handle - 1)].reset();
}

IDV_EXPORT const char* idv_tracker_response(int h, double now, int requestId, int httpStatus,
                                            const char* body, const char* retryAfter,
                                            const char* etag) {
  Tracker* t = lookup(h);
  if (!t) return result(R"({"commands":[]})");
  HttpResponse r{httpStatus, view(body), optionalView(retryAfter), optionalView(etag)};
  return result(bridge::commandsToJson(t->onResponse(static_cast<Millis>(now), requestId, r)));
}

IDV_EXPORT const char* idv_tracker_failure(int h, double now, int requestId, int kind) {
  Tracker* t = lookup(h);
  if (!t) return result(R"({"commands":[]})");
  const auto failure = kind == 1 ? FailureKind::Timeout : FailureKind::Network;
  return result(bridge::commandsToJson(t->onFailure(static_cast<Millis>(now), requestId, failure)));
}

#define IDV_SIMPLE_EVENT(name, method)                                          \
  IDV_EXPORT const char* name(int h, double now) {                              \
    Tracker* t = lookup(h);                                                     \
    if (!t) return result(R"({"commands":[]})");                                \
    return result(bridge::commandsToJson(t->method(static_cast<Millis>(now)))); \
  }
#define IDV_FLAG_EVENT(name, method)                                                       \
  IDV_EXPORT const char* name(int h, double now, int flag) {                               \
    Tracker* t = lookup(h);                                                                \
    if (!t) return result(R"({"commands":[]})");                                           \
    return result(bridge::commandsToJson(t->method(static_cast<Millis>(now), flag != 0))); \
  }

IDV_SIMPLE_EVENT(idv_tracker_start, start)
IDV_SIMPLE_EVENT(idv_tracker_timer, onTimer)
IDV_SIMPLE_EVENT(idv_tracker_refresh, refresh)
IDV_FLAG_EVENT(idv_tracker_visibility, onVisibility)
IDV_FLAG_EVENT(idv_tracker_connectivity, onConnectivity)

IDV_EXPORT const char* idv_tracker_view(int h) {
  Tracker* t = lookup(h);
  return result(t ? bridge::viewToJson(t->view()) : "null");
}
