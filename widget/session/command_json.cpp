#include "session/command_json.hpp"

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
  w.field("portalUrl", v.portalUrl).field("showLink", v.showLink);
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

}  // namespace

CommandJson::CommandJson() {
  w_.beginObject().key("commands").beginArray();
}

std::string CommandJson::take() {
  w_.endArray().endObject();
  return w_.take();
}

JsonWriter& CommandJson::begin(const char* type) {
  return w_.beginObject().field("type", type);
}

void CommandJson::fetch(const FetchCommand& c) {
  begin("fetch")
      .field("requestId", c.requestId)
      .field("url", c.url)
      .field("timeoutMs", c.timeoutMs)
      .field("maxBodyBytes", static_cast<std::int64_t>(c.maxBodyBytes));
  if (c.ifNoneMatch) w_.field("ifNoneMatch", *c.ifNoneMatch);
  w_.field("credentials", c.sameOriginCredentials ? "same-origin" : "omit").endObject();
}
void CommandJson::abort(RequestId requestId) {
  begin("abort").field("requestId", requestId).endObject();
}
void CommandJson::wake(Millis atMs) {
  begin("wake").field("atMs", atMs).endObject();
}
void CommandJson::cancelWake() {
  begin("cancelWake").endObject();
}
void CommandJson::render(const ViewModel& view) {
  begin("render").key("view");
  writeView(w_, view);
  w_.endObject();
}
void CommandJson::statusChange(const StatusChangedEvent& e) {
  begin("statusChange")
      .key("event")
      .beginObject()
      .field("state", toString(e.to))
      .field("previousState", toString(e.from))
      .field("status", e.status)
      .field("version", e.version)
      .endObject()
      .endObject();
}
void CommandJson::success(const DataEntrySubmittedEvent& e) {
  begin("success")
      .key("event")
      .beginObject()
      .field("trackingReference", e.trackingReference)
      .field("version", e.version);
  w_.field("submittedAt", e.submittedAt);
  // Spelled out for every integrator who logs the event: this is Phase 1 only.
  w_.field("phase", "data-entry-complete")
      .field("verificationDecided", false)
      .endObject()
      .endObject();
}
void CommandJson::expired(const ExpiredEvent& e) {
  begin("expired").key("event").beginObject().field("reason", e.reason);
  w_.field("expiresAt", e.expiresAt);
  if (!e.renewalFailure.empty()) w_.field("renewalFailure", e.renewalFailure);
  w_.endObject().endObject();
}
void CommandJson::error(const ErrorEvent& e) {
  begin("error")
      .key("event")
      .beginObject()
      .field("code", toString(e.code))
      .field("message", e.detail)
      .field("fatal", e.fatal);
  if (e.httpStatus) w_.field("httpStatus", e.httpStatus);
  w_.endObject().endObject();
}
void CommandJson::decision(const DecisionRelayedEvent& e) {
  begin("decision")
      .key("event")
      .beginObject()
      .field("trackingReference", e.trackingReference)
      .field("outcome", e.outcome)
      .field("riskLevel", e.riskLevel);
  w_.field("decidedAt", e.decidedAt);
  // Where it came from: the merchant's backend, which verified the signed webhook.
  w_.field("source", "merchant-backend").endObject().endObject();
}
void CommandJson::renew(const RenewCommand& c) {
  begin("renew").field("reason", c.reason).endObject();
}
void CommandJson::wallet(const WalletCommand& c) {
  begin("wallet")
      .field("protocol", c.protocol)
      .field("requestUrl", c.requestUrl)
      .field("responseUrl", c.responseUrl)
      .endObject();
}
void CommandJson::event(const DiagnosticEvent& e) {
  begin("event")
      .key("event")
      .beginObject()
      .field("kind", e.kind)
      .field("value", e.value)
      .endObject()
      .endObject();
}

}  // namespace idv
