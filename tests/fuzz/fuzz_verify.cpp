// Standard Webhooks: arbitrary headers never verify unless they are the real signature; a real
// signature always verifies; one changed body byte never does.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "completion/standard_webhooks.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace cw = idv::completion;
  static const auto key = cw::WebhookSecret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  FuzzedDataProvider in(data, size);
  const std::string secret_text = in.ConsumeRandomLengthString(64);
  const std::string id = in.ConsumeRandomLengthString(64);
  const std::string ts = in.ConsumeRandomLengthString(24);
  const std::string sig = in.ConsumeRandomLengthString(256);
  const std::int64_t now = in.ConsumeIntegralInRange<std::int64_t>(0, 4'000'000'000);
  const std::string body = in.ConsumeRemainingBytesAsString();

  // Any secret text: parse must not crash; arbitrary headers must be judged without crashing.
  (void)cw::verify(secret_text, {id, ts, sig}, body, now);
  const auto r = cw::verify(*key, {id, ts, sig}, body, now);
  if (r == cw::VerifyResult::Ok) {
    // Only possible if one of the fuzzer's signatures is the real one.
    IDV_FUZZ_CHECK(sig.find(key->sign(id, std::stoll(ts), body)) != std::string::npos);
  }

  // Round trip with a valid id and the fuzzer's body and time.
  const std::string good_id = "msg_" + std::to_string(size);
  const std::string good_sig = key->sign(good_id, now, body);
  const std::string now_text = std::to_string(now);
  IDV_FUZZ_CHECK(cw::verify(*key, {good_id, now_text, good_sig}, body, now) ==
                 cw::VerifyResult::Ok);
  IDV_FUZZ_CHECK(cw::verify(*key, {good_id, now_text, sig + " " + good_sig}, body, now) ==
                 cw::VerifyResult::Ok);
  if (!body.empty()) {
    std::string tampered = body;
    tampered[size % tampered.size()] ^= 0x01;
    IDV_FUZZ_CHECK(cw::verify(*key, {good_id, now_text, good_sig}, tampered, now) ==
                   cw::VerifyResult::NoMatchingSignature);
  }
  return 0;
}
