#include "service/wallet_api.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/clock.hpp"
#include "common/http_util.hpp"
#include "common/log.hpp"
#include "common/random_ids.hpp"
#include "service/data_entry.hpp"
#include "service/wallet/base64url.hpp"
#include "service/wallet/iso_mdoc_request.hpp"
#include "service/wallet/iso_mdoc_verifier.hpp"
#include "service/wallet/jws.hpp"
#include "service/wallet/verify_presentation.hpp"
#include "service/wallet/wallet_request.hpp"

namespace idv::demo {
namespace {

using json = nlohmann::json;
namespace w = wallet;

// {"protocol":"openid4vp-v1-unsigned"} needs a few dozen bytes; a presentation a few KiB
// (docs/wallet.md allows 64 KiB). Larger bodies are 413 before the handler runs.
constexpr std::size_t kRequestBodyLimit = 1024;
constexpr std::size_t kResponseBodyLimit = 64 * 1024;

void cors(http::Response& res) {
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Expose-Headers", "Retry-After");
  res.set_header("Cache-Control", "no-store");
}

void refuse(http::Response& res, std::string_view code, std::string_view message,
            int status = 400) {
  send_error(res, status, code, message);
}

// The KB-JWT's nonce of an SD-JWT presentation ({"vp_token":{"pid":["…~<KB-JWT>"]}}), read
// without any check: only to tell "made for another session's request" from a plain wrong
// nonce, after the verifier has refused the presentation anyway.
std::string sd_jwt_nonce(const json& data) {
  const auto token = data.find("vp_token");
  if (token == data.end() || !token->is_object()) return {};
  const auto pid = token->find("pid");
  if (pid == token->end() || !pid->is_array() || pid->size() != 1 || !(*pid)[0].is_string())
    return {};
  const auto& presentation = (*pid)[0].get_ref<const std::string&>();
  const auto tilde = presentation.rfind('~');
  if (tilde == std::string::npos) return {};
  const auto kb = w::parse_jws(std::string_view(presentation).substr(tilde + 1));
  if (!kb) return {};
  return w::string_member(kb->payload, "nonce").value_or("");
}

// What Phase 2 and the webhooks need of the wallet's claims, under the portal's field names
// (phase2_worker.cpp, webhook_bodies.cpp read them). No photos.
json details_of(const w::WalletClaims& c) {
  json d = {{"firstName", c.given_name},
            {"lastName", c.family_name},
            {"dateOfBirth", c.birthdate},
            {"nationality", c.nationalities.empty() ? "" : c.nationalities.front()},
            {"credentialFormat", c.format},
            {"credentialId", c.credential_id}};
  if (c.document_number) d["documentNumber"] = *c.document_number;
  if (c.age_over_18) d["ageOver18"] = *c.age_over_18;
  // The mDL is a driving licence; the EU PID is no document type of seed 003's list (left null).
  if (c.format == "mso_mdoc") d["documentType"] = "DRIVER_LICENSE";
  return d;
}

// An org-iso-mdoc request: its `data`, and the envelope the response is checked against —
// the EncryptionInfo string exactly as sent and the private key the wallet encrypts to (a raw
// P-256 scalar, base64url), stored with the nonce for its 5 minutes (docs/wallet.md).
struct IsoMdocRequest {
  json data;
  std::string envelope;
};
std::optional<IsoMdocRequest> iso_mdoc_request_for(const std::string& nonce) {
  const auto nonce_bytes = w::base64url_decode(nonce);
  const auto key = w::new_recipient_key();
  if (!nonce_bytes || !key) return std::nullopt;
  auto data = w::iso_mdoc_request(*nonce_bytes, key.get());
  if (!data) return std::nullopt;
  const json envelope = {{"encryptionInfo", (*data)["encryptionInfo"]},
                         {"readerKey", w::base64url_encode(w::recipient_key_bytes(key.get()))}};
  return IsoMdocRequest{std::move(*data), envelope.dump()};
}

// The stored envelope's parts, or nullopt if it is unreadable (then nothing can be decrypted).
std::optional<std::pair<std::string, w::Bytes>> iso_mdoc_envelope(const std::string& text) {
  const json envelope = json::parse(text, nullptr, false);
  if (!envelope.is_object() || !envelope.contains("encryptionInfo") ||
      !envelope.contains("readerKey") || !envelope["encryptionInfo"].is_string() ||
      !envelope["readerKey"].is_string())
    return std::nullopt;
  auto key = w::base64url_decode(envelope["readerKey"].get_ref<const std::string&>());
  if (!key) return std::nullopt;
  return std::pair{envelope["encryptionInfo"].get<std::string>(), std::move(*key)};
}

bool supported(std::string_view protocol) {
  return protocol == w::kUnsignedProtocol || protocol == w::kIsoMdocProtocol;
}

class WalletApi {
 public:
  explicit WalletApi(ServiceContext& ctx) : ctx_(ctx) {}

  void request(const http::Request& req, http::Response& res) {
    std::string origin;
    json body;
    const auto session = open(req, res, origin, body);
    if (!session) return;
    std::string nonce;
    try {
      nonce = w::new_wallet_nonce();
    } catch (const std::runtime_error&) {  // never a weaker source: refuse instead
      return refuse(res, "random_unavailable", "could not make a nonce; retry shortly", 503);
    }
    const std::string protocol = body["protocol"].get<std::string>();
    json data;
    std::string envelope;
    if (protocol == w::kIsoMdocProtocol) {
      auto iso = iso_mdoc_request_for(nonce);
      if (!iso)
        return refuse(res, "random_unavailable", "could not make a key; retry shortly", 503);
      data = std::move(iso->data);
      envelope = std::move(iso->envelope);
    } else {
      data = w::wallet_request_data(nonce);
    }
    const std::int64_t now = now_ms();
    if (!ctx_.wallet_requests.put(session->ref, nonce, origin, now, protocol, envelope))
      return refuse(res, "storage_unavailable", "could not store the request; retry shortly", 503);
    ctx_.events.add(session->ref, now, "wallet.requested",
                    "digital-ID wallet request (" + protocol + ") issued for " + origin);
    json answer = {{"protocol", protocol},
                   {"data", std::move(data)},
                   {"expiresAt", rfc3339(now + kWalletRequestTtlMs)}};
    send_json(res, 200, answer);
  }

  void response(const http::Request& req, http::Response& res) {
    std::string origin;
    json body;
    const auto session = open(req, res, origin, body);
    if (!session) return;
    const auto data = body.find("data");
    if (data == body.end() || !data->is_object())
      return refuse(res, "wallet_malformed", "data must be the DigitalCredential's data object");

    const std::int64_t now = now_ms();
    const auto open_request = ctx_.wallet_requests.find(session->ref);
    if (!open_request || open_request->created_ms <= now - kWalletRequestTtlMs)
      return refuse(res, "wallet_no_request",
                    "no open wallet request for this session (ask for one first; they last 5 "
                    "minutes)");
    if (open_request->used)
      return refuse(res, "wallet_replayed", "this request was answered already");
    if (body["protocol"].get_ref<const std::string&>() != open_request->protocol)
      return refuse(
          res, "wallet_unsupported_protocol",
          "the response's protocol is not the request's (" + open_request->protocol + ")");
    // The presentation is bound to the origin the request was made for; another page may not
    // post it (and the verifier checks the same origin inside the presentation).
    if (origin != open_request->origin)
      return refuse(res, "wallet_origin_not_allowed",
                    "the response must come from the origin that asked for the request", 403);
    // Used up before the (slower) verification: two posts of one response cannot both pass.
    if (!ctx_.wallet_requests.consume(session->ref, open_request->nonce, now))
      return refuse(res, "wallet_replayed", "this request was answered already");

    const auto result = verify(*open_request, *data, origin);
    if (!result.ok()) {
      std::string code(w::error_code(result.failure.error));
      std::string message = result.failure.message;
      if (result.failure.error == w::WalletError::nonce_mismatch) {
        // Only an SD-JWT shows its nonce outside the signature (an mdoc's is inside the signed
        // transcript, so there it is a bad device signature): one that belongs to another
        // session's open request was made for that session.
        const std::string presented = sd_jwt_nonce(*data);
        if (ctx_.wallet_requests.open_request_of_other(presented, session->ref, now)) {
          code = "wallet_wrong_session";
          message = "this presentation was made for another verification session";
        }
      }
      // The code only: nothing of a refused presentation is stored or logged (its claims may
      // be someone else's, or forged).
      ctx_.events.add(session->ref, now, "wallet.refused",
                      "digital-ID wallet presentation refused: " + code);
      log_line("wallet", short_ref(session->ref) + " presentation refused: " + code);
      return refuse(res, code, message);
    }
    const auto& claims = *result.claims;
    if (!complete_data_entry(ctx_, session->ref, details_of(claims).dump(),
                             req.get_header_value("User-Agent"), VerificationMethod::wallet,
                             claims.format))
      return refuse(res, "wallet_session_closed",
                    "the verification session was finished or closed meanwhile", 409);
    send_json(res, 200, {{"status", "COMPLETED"}});
  }

 private:
  // The checks both endpoints share, in order: rate limit, the path configured, the origin, the
  // session (known, PENDING, unexpired), the body's JSON and protocol. The session when the
  // request may go on; otherwise the answer is in `res`.
  std::optional<Session> open(const http::Request& req, http::Response& res, std::string& origin,
                              json& body) {
    cors(res);
    const std::string ref = req.matches[1];
    // Consistent with the tracking endpoint: one bucket per widget (client address +
    // reference), same rate and burst; its own bucket, so polls do not use up the wallet's.
    if (const auto wait = ctx_.limiter.acquire("wallet " + req.remote_addr + " " + ref, now_ms())) {
      res.set_header("Retry-After", std::to_string(wait));
      refuse(res, "rate_limited", "too many requests; retry after the given seconds", 429);
      return std::nullopt;
    }
    if (!ctx_.wallet_trust) {
      refuse(res, "wallet_not_configured", "this service does not accept digital-ID wallets", 503);
      return std::nullopt;
    }
    // Set by the browser, not by page script: the page the customer is on. Only the pages
    // allowed to run the widget may ask (docs/wallet.md); a missing header is a non-browser.
    origin = req.get_header_value("Origin");
    if (!ctx_.config.wallet_origin_allowed(origin)) {
      refuse(res, "wallet_origin_not_allowed", "this origin may not ask for a wallet presentation",
             403);
      return std::nullopt;
    }
    const auto session = is_uuid(ref) ? ctx_.sessions.find(ref) : std::nullopt;
    if (!session) {
      refuse(res, "not_found", "no such tracking reference", 404);
      return std::nullopt;
    }
    if (session->deleted) {
      refuse(res, "gone", "this tracking reference was deleted", 410);
      return std::nullopt;
    }
    // Only before anyone started: once the portal is open (IN_PROGRESS) the customer is on
    // their phone, and a finished or expired session takes nothing new.
    if (session->status != "PENDING" || session->expires_ms <= now_ms()) {
      refuse(res, "wallet_session_closed", "this verification session is not waiting any more",
             409);
      return std::nullopt;
    }
    body = json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("protocol") || !body["protocol"].is_string()) {
      refuse(res, "wallet_malformed", "the body must be a JSON object with a protocol");
      return std::nullopt;
    }
    if (!supported(body["protocol"].get_ref<const std::string&>())) {
      refuse(res, "wallet_unsupported_protocol",
             "supported protocols: " + std::string(w::kUnsignedProtocol) + ", " +
                 std::string(w::kIsoMdocProtocol));
      return std::nullopt;
    }
    return session;
  }

  // The presentation against this request: OpenID4VP carries it in clear, Annex C encrypted to
  // the request's key (and a request whose envelope cannot be read answers nothing).
  w::WalletResult verify(const WalletRequest& request, const json& data,
                         const std::string& origin) {
    const auto now = std::chrono::system_clock::now();
    if (request.protocol != w::kIsoMdocProtocol)
      return w::verify_presentation(data, origin, request.nonce, now, *ctx_.wallet_trust);
    const auto envelope = iso_mdoc_envelope(request.envelope);
    if (!envelope)
      return w::WalletResult::fail(w::WalletError::malformed,
                                   "the request's stored envelope is unreadable");
    return w::verify_iso_mdoc_response(data, envelope->first, origin, envelope->second, now,
                                       *ctx_.wallet_trust);
  }

  ServiceContext& ctx_;
};

void preflight(const http::Request&, http::Response& res) {
  res.set_header("Access-Control-Allow-Origin", "*");
  res.set_header("Access-Control-Allow-Methods", "POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Content-Type");
  res.set_header("Access-Control-Max-Age", "600");
  res.status = 204;
}

}  // namespace

void register_wallet_api(http::Router& router, ServiceContext& ctx) {
  auto api = std::make_shared<WalletApi>(ctx);
  // Both write to the database (and the response verifies signatures): on the blocking threads.
  router.post(R"(/v1/wallet/([^/]+)/request)",
              [api](const http::Request& q, http::Response& r) {
                r.offload = [api, &q](http::Response& out) { api->request(q, out); };
              },
              kRequestBodyLimit);
  router.post(R"(/v1/wallet/([^/]+)/response)",
              [api](const http::Request& q, http::Response& r) {
                r.offload = [api, &q](http::Response& out) { api->response(q, out); };
              },
              kResponseBodyLimit);
  router.options(R"(/v1/wallet/([^/]+)/(request|response))", preflight);
}

}  // namespace idv::demo
