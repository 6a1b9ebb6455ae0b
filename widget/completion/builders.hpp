#pragma once
// Builders for the two seed formats the senders emit besides RISK_ASSESSMENT_UPDATED (whose
// builder is toJson in risk_assessment.hpp). They live next to the parsers so that a sender
// (the demo service) and a receiver (a merchant backend) share one definition of each shape:
// parse(toJson(x)) == x is a tested property.
//
//   toJson(IdentificationCallback)        the seed-003 callback; every documented key is present
//                                          (null when unset), in the seed example's order.
//   thinWebhookJson(id)                  the seed-000 doorbell: {"id":"..."} and nothing else.
//   toJson(IdentificationStatusDocument)  what GET /v1/identifications/{id} answers.
//
// None of them throws: invalid UTF-8 is replaced, never fatal.
#include <string>
#include <string_view>

#include "completion/identification_callback.hpp"
#include "completion/thin_webhook.hpp"

namespace idv::completion {

std::string toJson(const IdentificationCallback& callback);
std::string thinWebhookJson(std::string_view id);
std::string toJson(const IdentificationStatusDocument& document);

}  // namespace idv::completion
