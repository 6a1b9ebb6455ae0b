#include "session/command_json.hpp"

#include "json/json_writer.hpp"

namespace idv {
namespace {

using json::JsonWriter;

void writeView(JsonWriter& w, const ViewModel& v) {
  w.beginObject();
  w.field("state", toString(v.state)).field("messageKey", v.messageKey);
  if (v.detailKey) w.field("detailKey", *v.detailKey);
  w.key("params").beginObject();
  for (const auto& [key, value] : v.params) w.field(key, value);
  w.endObject();
  w.field("busy", v.busy).field("terminal", v.terminal);
  w.key("qr");
  if (v.qr) {
    w.beginObject()
        .field("size", v.qr->size)
        .field("quietZone", v.qr->quietZone)
        .field("path", v.qr->path)
        .endObject();
  } else {
    w.null();
  }
  w.field("portalUrl", v.portalUrl);
  w.field("shortCode", v.shortCode)
      .field("shortCodeAddress", v.shortCodeAddress)
      .field("matchCode", v.matchCode)
      .field("showWallet", v.showWallet)
      .field("walletBusy", v.walletBusy);
  w.field("showRetry", v.showRetry)
      .field("showRestart", v.showRestart)
      .field("decision", toString(v.decision))
      .endObject();
}

// One overload per command type; std::visit picks it.
void write(JsonWriter& w, const FetchCommand& c) {
  w.field("type", "fetch")
      .field("requestId", c.requestId)
      .field("url", c.url)
      .field("timeoutMs", c.timeoutMs)
      .field("maxBodyBytes", static_cast<std::int64_t>(c.maxBodyBytes));
  if (c.ifNoneMatch) w.field("ifNoneMatch", *c.ifNoneMatch);
  w.field("credentials", c.sameOriginCredentials ? "same-origin" : "omit");
}
void write(JsonWriter& w, const AbortCommand& c) {
  w.field("type", "abort").field("requestId", c.requestId);
}
void write(JsonWriter& w, const WakeCommand& c) {
  w.field("type", "wake").field("atMs", c.atMs);
}
void write(JsonWriter& w, const CancelWakeCommand&) {
  w.field("type", "cancelWake");
}
void write(JsonWriter& w, const RenderCommand& c) {
  w.field("type", "render").key("view");
  writeView(w, c.view);
}
void write(JsonWriter& w, const StatusChangedEvent& e) {
  w.field("type", "statusChange")
      .key("event")
      .beginObject()
      .field("state", toString(e.to))
      .field("previousState", toString(e.from))
      .field("status", e.status)
      .field("version", e.version)
      .endObject();
}
void write(JsonWriter& w, const DataEntrySubmittedEvent& e) {
  w.field("type", "success")
      .key("event")
      .beginObject()
      .field("trackingReference", e.trackingReference)
      .field("version", e.version);
  w.field("submittedAt", e.submittedAt);
  // Spelled out for every integrator who logs the event: this is Phase 1 only.
  w.field("phase", "data-entry-complete").field("verificationDecided", false).endObject();
}
void write(JsonWriter& w, const ExpiredEvent& e) {
  w.field("type", "expired").key("event").beginObject().field("reason", e.reason);
  w.field("expiresAt", e.expiresAt);
  if (!e.renewalFailure.empty()) w.field("renewalFailure", e.renewalFailure);
  w.endObject();
}
void write(JsonWriter& w, const ErrorEvent& e) {
  w.field("type", "error")
      .key("event")
      .beginObject()
      .field("code", toString(e.code))
      .field("message", e.detail)
      .field("fatal", e.fatal);
  if (e.httpStatus) w.field("httpStatus", e.httpStatus);
  w.endObject();
}
void write(JsonWriter& w, const DecisionRelayedEvent& e) {
  w.field("type", "decision")
      .key("event")
      .beginObject()
      .field("trackingReference", e.trackingReference)
      .field("outcome", e.outcome)
      .field("riskLevel", e.riskLevel);
  w.field("decidedAt", e.decidedAt);
  // Where it came from: the merchant's backend, which verified the signed webhook.
  w.field("source", "merchant-backend").endObject();
}
void write(JsonWriter& w, const RenewCommand& c) {
  w.field("type", "renew").field("reason", c.reason);
}
void write(JsonWriter& w, const WalletCommand& c) {
  w.field("type", "wallet")
      .field("protocol", c.protocol)
      .field("requestUrl", c.requestUrl)
      .field("responseUrl", c.responseUrl);
}
void write(JsonWriter& w, const DiagnosticEvent& e) {
  w.field("type", "event")
      .key("event")
      .beginObject()
      .field("kind", e.kind)
      .field("value", e.value)
      .endObject();
}

}  // namespace

std::string commandsToJson(const Commands& commands) {
  JsonWriter w;
  w.beginObject().key("commands").beginArray();
  for (const auto& c : commands) {
    w.beginObject();
    std::visit([&w](const auto& x) { write(w, x); }, c);
    w.endObject();
  }
  w.endArray().endObject();
  return w.take();
}

}  // namespace idv
