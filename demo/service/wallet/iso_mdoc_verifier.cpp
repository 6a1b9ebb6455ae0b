#include "service/wallet/iso_mdoc_verifier.hpp"

#include <string>

#include "service/wallet/base64url.hpp"
#include "service/wallet/cbor_reader.hpp"
#include "service/wallet/hpke.hpp"
#include "service/wallet/iso_mdoc_request.hpp"
#include "service/wallet/mdoc_transcript.hpp"
#include "service/wallet/mdoc_verifier.hpp"

namespace idv::demo::wallet {
namespace {

WalletResult malformed(std::string message) {
  return WalletResult::fail(WalletError::malformed, "org-iso-mdoc: " + std::move(message));
}

}  // namespace

WalletResult verify_iso_mdoc_response(const nlohmann::json& data, std::string_view encryption_info,
                                      std::string_view origin, ByteSpan recipient_key,
                                      std::chrono::system_clock::time_point now,
                                      const TrustList& trust) {
  const auto field = data.is_object() ? data.find("response") : data.end();
  if (!data.is_object() || field == data.end() || !field->is_string()) {
    return malformed("data needs a \"response\" string");
  }
  const auto bytes = base64url_decode(field->get_ref<const std::string&>());
  const auto envelope = bytes ? cbor_decode(*bytes) : std::optional<CborItem>{};
  // EncryptedResponse = ["dcapi", {"enc": bstr, "cipherText": bstr}]
  const bool shaped = envelope && envelope->type == CborType::array &&
                      envelope->items.size() == 2 && envelope->items[0].is_text("dcapi");
  const CborItem* enc = shaped ? envelope->items[1].find("enc") : nullptr;
  const CborItem* cipher_text = shaped ? envelope->items[1].find("cipherText") : nullptr;
  if (enc == nullptr || enc->type != CborType::bytes || cipher_text == nullptr ||
      cipher_text->type != CborType::bytes) {
    return malformed("response is not b64url(CBOR [\"dcapi\", {enc, cipherText}])");
  }
  const PkeyPtr key = recipient_key_from_bytes(recipient_key);
  if (!key) return malformed("the request's recipient key is unusable");

  // The transcript is both the HPKE info and what the device signature covers.
  const Bytes transcript = dcapi_session_transcript(encryption_info, origin);
  const auto plaintext = hpke::open(key.get(), enc->content, transcript, {}, cipher_text->content);
  if (!plaintext) {
    return malformed(
        "the response does not decrypt with this request's key, encryptionInfo and origin");
  }
  return verify_device_response(*plaintext, transcript, now, trust);
}

}  // namespace idv::demo::wallet
