#include "command_json.hpp"

#include <nlohmann/json.hpp>

namespace idv::bridge {
namespace {

using nlohmann::json;

json optionalMillis(const std::optional<Millis>& ms) {
  return ms ? json(static_cast<double>(*ms)) : json(nullptr);
}

json toJson(const ViewModel& v) {
  json params = json::object();
  for (const auto& [key, value] : v.params) params[key] = value;
  json qr = nullptr;
  if (v.qr) qr = {{"size", v.qr->size}, {"quietZone", v.qr->quietZone}, {"path", v.qr->path}};
  json out = {{"state", toString(v.state)},
              {"messageKey", v.messageKey},
              {"params", std::move(params)},
              {"busy", v.busy},
              {"terminal", v.terminal},
              {"qr", std::move(qr)},
              {"portalUrl", v.portalUrl ? json(*v.portalUrl) : json(nullptr)},
              {"showRetry", v.showRetry}};
  if (v.detailKey) out["detailKey"] = *v.detailKey;
  return out;
}

// One overload per command type; std::visit picks it.
json toJson(const FetchCommand& c) {
  json out = {{"type", "fetch"}, {"requestId", c.requestId}, {"url", c.url},
              {"timeoutMs", static_cast<double>(c.timeoutMs)}};
  if (c.ifNoneMatch) out["ifNoneMatch"] = *c.ifNoneMatch;
  return out;
}
json toJson(const AbortCommand& c) { return {{"type", "abort"}, {"requestId", c.requestId}}; }
json toJson(const WakeCommand& c) { return {{"type", "wake"}, {"atMs", static_cast<double>(c.atMs)}}; }
json toJson(const CancelWakeCommand&) { return {{"type", "cancelWake"}}; }
json toJson(const RenderCommand& c) { return {{"type", "render"}, {"view", toJson(c.view)}}; }
json toJson(const StatusChangedEvent& e) {
  return {{"type", "statusChange"},
          {"event", {{"state", toString(e.to)}, {"previousState", toString(e.from)},
                     {"status", e.status}, {"version", static_cast<double>(e.version)}}}};
}
json toJson(const DataEntrySubmittedEvent& e) {
  return {{"type", "success"},
          {"event", {{"trackingReference", e.trackingReference},
                     {"version", static_cast<double>(e.version)},
                     {"submittedAt", optionalMillis(e.submittedAt)},
                     // Spelled out for every integrator who logs the event: Phase 1 only.
                     {"phase", "data-entry-complete"},
                     {"verificationDecided", false}}}};
}
json toJson(const ExpiredEvent& e) {
  return {{"type", "expired"},
          {"event", {{"reason", e.reason}, {"expiresAt", optionalMillis(e.expiresAt)}}}};
}
json toJson(const ErrorEvent& e) {
  json event = {{"code", toString(e.code)}, {"message", e.detail}, {"fatal", e.fatal}};
  if (e.httpStatus) event["httpStatus"] = e.httpStatus;
  return {{"type", "error"}, {"event", std::move(event)}};
}
json toJson(const DiagnosticEvent& e) {
  return {{"type", "event"}, {"event", {{"kind", e.kind}, {"value", e.value}}}};
}

}  // namespace

std::string commandsToJson(const Commands& commands) {
  json list = json::array();
  for (const auto& c : commands) list.push_back(std::visit([](const auto& x) { return toJson(x); }, c));
  // Replace invalid UTF-8 (a hostile body's bytes may reach a message) instead of aborting.
  return json{{"commands", std::move(list)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string viewToJson(const ViewModel& view) {
  return toJson(view).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace idv::bridge
