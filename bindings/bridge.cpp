// The C exports of idv-widget.wasm: plain C calls onto WidgetSession, the sans-I/O core.
// Contract and JSON shapes: docs/bridge.md. Strings come in NUL-terminated (the response body
// as pointer + length: it is bytes, and may hold anything); everything returned lives in the
// one result buffer (result_buffer.hpp).
#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "result_buffer.hpp"
#include "session/command_json.hpp"
#include "session/widget_session.hpp"

#define IDV_EXPORT extern "C" __attribute__((used, visibility("default")))

using namespace idv;

namespace {

// Handles are slot index + 1; freed slots are reused, so a page that mounts and destroys
// widgets all day holds as many slots as it ever had widgets alive at once.
std::vector<std::unique_ptr<WidgetSession>> gSessions;

WidgetSession* lookup(int handle) {
  if (handle <= 0 || static_cast<std::size_t>(handle) > gSessions.size()) return nullptr;
  return gSessions[static_cast<std::size_t>(handle - 1)].get();
}

std::optional<std::string_view> optionalView(const char* s) {
  return s ? std::optional<std::string_view>(s) : std::nullopt;
}

// Runs one event on a live session, its commands written straight into the JSON returned; an
// unknown handle gets no commands. One out-of-line body for every export (the JSON document's
// start and end, the result buffer): each export adds only its own call.
using Event = void (*)(WidgetSession&, CommandSink&, void* context);
[[gnu::noinline]] const char* run(int handle, Event event, void* context) {
  CommandJson out;
  if (WidgetSession* s = lookup(handle)) event(*s, out, context);
  return bridge::result(out.take());
}

template <typename Call>
const char* dispatch(int handle, Call&& call) {
  return run(
      handle,
      [](WidgetSession& s, CommandSink& out, void* context) {
        (*static_cast<std::remove_reference_t<Call>*>(context))(s, out);
      },
      &call);
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

IDV_EXPORT int idv_session_create(const char* configJson) {
  auto session = std::make_unique<WidgetSession>(parseWidgetConfig(configJson ? configJson : ""));
  for (std::size_t i = 0; i < gSessions.size(); ++i) {
    if (!gSessions[i]) {
      gSessions[i] = std::move(session);
      return static_cast<int>(i + 1);
    }
  }
  gSessions.push_back(std::move(session));
  return static_cast<int>(gSessions.size());
}

IDV_EXPORT void idv_session_destroy(int handle) {
  if (lookup(handle)) gSessions[static_cast<std::size_t>(handle - 1)].reset();
}

IDV_EXPORT const char* idv_session_start(int h, double now) {
  return dispatch(
      h, [&](WidgetSession& s, CommandSink& out) { s.start(out, static_cast<Millis>(now)); });
}

IDV_EXPORT const char* idv_session_response(int h, double now, int requestId, int httpStatus,
                                            const char* body, int bodyLength,
                                            const char* retryAfter, const char* etag) {
  const std::string_view bodyView(body ? body : "", body && bodyLength > 0 ? bodyLength : 0);
  const HttpResponse r{httpStatus, bodyView, optionalView(retryAfter), optionalView(etag)};
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onResponse(out, static_cast<Millis>(now), requestId, r);
  });
}

IDV_EXPORT const char* idv_session_failure(int h, double now, int requestId, int kind) {
  const auto failure = kind == 1 ? FailureKind::Timeout : FailureKind::Network;
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onFailure(out, static_cast<Millis>(now), requestId, failure);
  });
}

IDV_EXPORT const char* idv_session_timer(int h, double now) {
  return dispatch(
      h, [&](WidgetSession& s, CommandSink& out) { s.onTimer(out, static_cast<Millis>(now)); });
}

IDV_EXPORT const char* idv_session_refresh(int h, double now) {
  return dispatch(
      h, [&](WidgetSession& s, CommandSink& out) { s.refresh(out, static_cast<Millis>(now)); });
}

IDV_EXPORT const char* idv_session_visibility(int h, double now, int visible) {
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onVisibility(out, static_cast<Millis>(now), visible != 0);
  });
}

IDV_EXPORT const char* idv_session_connectivity(int h, double now, int online) {
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onConnectivity(out, static_cast<Millis>(now), online != 0);
  });
}

// "Not you? Start again" (view.showRestart).
IDV_EXPORT const char* idv_session_restart(int h, double now) {
  return dispatch(
      h, [&](WidgetSession& s, CommandSink& out) { s.restart(out, static_cast<Millis>(now)); });
}

// "Use your digital ID" (view.showWallet), and the host's report on the exchange it ran:
// stage 0 request, 1 wallet, 2 response; the HTTP status (0 if none) and the service's error
// code or the wallet's DOMException name.
IDV_EXPORT const char* idv_session_wallet(int h, double now) {
  return dispatch(
      h, [&](WidgetSession& s, CommandSink& out) { s.useWallet(out, static_cast<Millis>(now)); });
}
IDV_EXPORT const char* idv_session_wallet_report(int h, double now, int stage, int httpStatus,
                                                 const char* code) {
  const auto where = stage == 1   ? WalletStage::Get
                     : stage == 2 ? WalletStage::Response
                                  : WalletStage::Request;
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onWalletReport(out, static_cast<Millis>(now),
                     WalletReport{where, httpStatus, code ? code : ""});
  });
}

// The page's renewReference() answered a RenewCommand: the new reference, or 0 and why not.
IDV_EXPORT const char* idv_session_renewed(int h, double now, const char* newReference,
                                           const char* failure) {
  return dispatch(h, [&](WidgetSession& s, CommandSink& out) {
    s.onRenewed(out, static_cast<Millis>(now), optionalView(newReference), failure ? failure : "");
  });
}
