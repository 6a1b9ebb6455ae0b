// Exports for tests and benchmarks only: linked into idv-widget-test.wasm, never into the
// module a checkout page downloads (there the QR is encoded inside the session and the
// response is parsed by it). They let node tests reach the core's QR encoder and tracking
// parser directly, through the same loader and result buffer as production.
#include "json/json_writer.hpp"
#include "qr/qr_code.hpp"
#include "result_buffer.hpp"
#include "tracking/tracking_response.hpp"

#define IDV_EXPORT extern "C" __attribute__((used, visibility("default")))

using namespace idv;
using bridge::result;
using json::JsonWriter;

// ecc: "L", "M", "Q" or "H" (anything else: M), as in the widget's `ecc` option.
IDV_EXPORT const char* idv_qr_svg(const char* text, const char* ecc) {
  auto encoded = encodeQr(text ? text : "", parseQrEcc(ecc ? ecc : "", QrEcc::Medium));
  JsonWriter w;
  w.beginObject();
  if (auto* err = std::get_if<QrError>(&encoded)) {
    w.field("ok", false).field("error", toString(*err));
    return result(w.endObject().take());
  }
  const auto& m = std::get<QrMatrix>(encoded);
  w.field("ok", true).field("size", m.size()).field("quietZone", QrMatrix::kQuietZone);
  // The path is appended as it is: its characters (digits, "Mhvz", space, minus) never need
  // escaping, and the writer's escape loop over its ~3.5 characters a module took ~30 % of a
  // call. The object is still open, so ",\"path\":…}" completes it.
  std::string json = w.take();
  const std::string path = m.svgPath();
  json.reserve(json.size() + path.size() + 12);
  json += ",\"path\":\"";
  json += path;
  json += "\"}";
  return result(std::move(json));
}

IDV_EXPORT const char* idv_parse_tracking(const char* body) {
  auto parsed = parseTrackingResponse(body ? body : "");
  JsonWriter w;
  w.beginObject();
  if (auto* err = std::get_if<ParseError>(&parsed)) {
    w.field("ok", false).field("error", toString(err->kind)).field("field", err->field);
    return result(w.endObject().take());
  }
  const auto& s = std::get<TrackingSnapshot>(parsed);
  w.field("ok", true)
      .field("trackingReference", s.trackingReference)
      .field("status", toString(s.status))
      .field("rawStatus", s.rawStatus)
      .field("version", s.version)
      .field("portalUrl", s.portalUrl)
      .field("expiresAt", s.expiresAt)
      .field("updatedAt", s.updatedAt)
      .field("longPollMaxWaitSeconds", s.longPollMaxWait / kSecond);
  return result(w.endObject().take());
}
