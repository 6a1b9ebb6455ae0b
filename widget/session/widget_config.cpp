#include "session/widget_config.hpp"

#include "json/flat_object.hpp"
#include "url/url_origin.hpp"

namespace idv {
namespace {

class OptionReader {
 public:
  explicit OptionReader(const json::FlatObject& doc) : doc_(doc) {}

  void text(const char* key, std::string& out) const {
    if (const auto* v = find(key, json::Value::Kind::String)) out = v->text;
  }
  void flag(const char* key, bool& out) const {
    if (const auto* v = find(key, json::Value::Kind::Boolean)) out = v->boolean;
  }
  // A duration in ms, kept only inside [lo, hi]: a typo must not make a widget poll in a
  // hot loop or go silent for a day.
  void millis(const char* key, Millis& out, Millis lo, Millis hi) const {
    const auto* v = doc_.find(key);
    if (!v || !v->isNumber()) return;
    const double ms = v->asDouble();
    if (ms >= static_cast<double>(lo) && ms <= static_cast<double>(hi))
      out = static_cast<Millis>(ms);
  }
  const json::Value* find(const char* key, json::Value::Kind kind) const {
    const auto* v = doc_.find(key);
    return v && v->kind == kind ? v : nullptr;
  }

 private:
  const json::FlatObject& doc_;
};

bool sameOrigin(std::string_view pageOrigin, std::string_view apiBase) {
  const auto api = parseHttpUrl(apiBase);
  return api && api->origin.serialize() == pageOrigin;
}

}  // namespace

WidgetConfig parseWidgetConfig(std::string_view json) {
  WidgetConfig c;
  auto parsed = json::FlatObject::parse(json);
  const auto* doc = std::get_if<json::FlatObject>(&parsed);
  if (!doc) return c;
  const OptionReader in(*doc);
  TrackerConfig& t = c.tracker;

  in.text("trackingReference", t.trackingReference);
  in.text("apiBase", t.apiBase);
  in.text("portalOrigin", t.portalOrigin);
  in.millis("pollIntervalMs", t.poll.interval, 100, 10 * kMinute);
  in.millis("hiddenPollIntervalMs", t.poll.hiddenInterval, 100, 60 * kMinute);
  in.millis("requestTimeoutMs", t.poll.requestTimeout, 100, 5 * kMinute);
  in.millis("maxBackoffMs", t.poll.maxBackoff, 100, 60 * kMinute);
  in.flag("longPoll", t.longPoll);
  if (const auto* ecc = in.find("ecc", json::Value::Kind::String))
    t.ecc = parseQrEcc(ecc->text, QrEcc::Medium);
  // A non-negative integer (a negative or fractional double cast to uint64 is undefined).
  if (const auto* seed = in.find("randomSeed", json::Value::Kind::Unsigned))
    t.randomSeed = seed->unsignedInteger;

  if (const auto* page = in.find("pageOrigin", json::Value::Kind::String))
    t.conditionalRequests = sameOrigin(page->text, t.apiBase);
  in.flag("conditionalRequests", t.conditionalRequests);

  in.flag("renewal", c.renewal);
  in.text("walletProtocols", c.wallet.browserProtocols);
  in.flag("wallet", c.wallet.enabled);
  in.text("decisionUrl", c.decision.url);
  in.millis("decisionIntervalMs", c.decision.interval, 500, 10 * kMinute);
  in.millis("decisionTimeoutMs", c.decision.timeout, kSecond, 24 * 60 * kMinute);
  return c;
}

}  // namespace idv
