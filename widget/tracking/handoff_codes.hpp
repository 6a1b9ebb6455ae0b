#pragma once
// The two codes that make the hand-off to the phone safer (docs/demo.md, contract 1):
//
//   * the short code — 8 Crockford base32 characters (40 bits) that a customer whose camera
//     cannot scan types at "{portal origin}/code" on any phone;
//   * the match code — 2 digits that the portal's first page shows beside the merchant's name
//     and the widget shows too, so a customer notices a QR relayed by a phishing page.
//
// Both arrive from the network: the widget shows them only in their exact formats. The address
// to type is never taken from the network: it is the configured portal origin.
#include <string>
#include <string_view>

#include "url/url_origin.hpp"

namespace idv {

// Exactly 8 characters of Crockford's alphabet (0-9, A-Z without I, L, O, U), upper case.
bool isValidShortCode(std::string_view code);
// Exactly 2 ASCII digits.
bool isValidMatchCode(std::string_view code);

// "K7QM3XPA" → "K7QM-3XPA": two groups of four are easier to read aloud and to type.
std::string displayShortCode(std::string_view code);

// Where to type the short code, as a customer would type it: "verify.example.com/code" for
// https (phones assume it), the whole "http://127.0.0.1:8080/code" otherwise.
std::string shortCodeAddress(const UrlOrigin& portalOrigin);

}  // namespace idv
