#pragma once
// Builders for the two seed formats the senders emit besides RISK_ASSESSMENT_UPDATED (whose
// builder is to_json in risk_assessment.hpp). They live next to the parsers so that a sender
// (the demo service) and a receiver (a merchant backend) share one definition of each shape:
// parse(to_json(x)) == x is a tested property.
//
//   to_json(IdentificationCallback)        the seed-003 callback; every documented key is present
//                                          (null when unset), in the seed example's order.
//   thin_webhook_json(id)                  the seed-000 doorbell: {"id":"..."} and nothing else.
//   to_json(IdentificationStatusDocument)  what GET /v1/identifications/{id} answers.
//
// None of them throws: invalid UTF-8 is replaced, never fatal.
#include <string>
#include <string_view>

#include "completion/identification_callback.hpp"
#include "completion/thin_webhook.hpp"

namespace idv::completion {

std::string to_json(const IdentificationCallback& callback);
std::string thin_webhook_json(std::string_view id);
std::string to_json(const IdentificationStatusDocument& document);

}  // namespace idv::completion
