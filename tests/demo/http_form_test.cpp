// Form decoding (demo/common/http/form.hpp): what the portal's text forms and photo uploads
// turn into, and every malformed shape that must be refused instead of half-read.
#include "common/http/form.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace idv::demo::http {

// Readable failure messages (found by ADL, so it lives in FormPart's namespace).
void PrintTo(const FormPart& p, std::ostream* os) {
  *os << "{name=" << ::testing::PrintToString(p.name)
      << " filename=" << ::testing::PrintToString(p.filename)
      << " type=" << ::testing::PrintToString(p.content_type) << " " << p.content.size()
      << " bytes}";
}

namespace {

using namespace std::string_literals;

std::vector<std::pair<std::string, std::string>> fields(const Params& p) {
  return {p.begin(), p.end()};
}
using Fields = std::vector<std::pair<std::string, std::string>>;

// --- percent_decode -------------------------------------------------------------------------

TEST(PercentDecode, PlusIsSpaceAndEscapesAreBytes) {
  EXPECT_EQ(percent_decode("%41+b"), "A b");
  EXPECT_EQ(percent_decode("%2B%2b"), "++");
  EXPECT_EQ(percent_decode("%C5%BDydr%c5%abn%C4%97"), "Žydrūnė");
  EXPECT_EQ(percent_decode("a%00b"), "a\0b"s);
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_EQ(percent_decode("plain-text_~."), "plain-text_~.");
}

TEST(PercentDecode, BrokenEscapesAreRefused) {
  for (const char* s : {"%", "%4", "a%4", "%zz", "%4g", "%g4", "100%", "%%41", "% 41"})
    EXPECT_EQ(percent_decode(s), std::nullopt) << s;
}

// --- parse_urlencoded -----------------------------------------------------------------------

TEST(ParseUrlencoded, FieldsInOrderAppendedToWhatIsThere) {
  Params p{{"lang", "nl"}};
  ASSERT_TRUE(parse_urlencoded("a=1&b=x%20y&c&d=e=f&a=2", p));
  EXPECT_EQ(
      fields(p),
      (Fields{{"a", "1"}, {"a", "2"}, {"b", "x y"}, {"c", ""}, {"d", "e=f"}, {"lang", "nl"}}));
  EXPECT_EQ(p.equal_range("a").first->second, "1") << "repeated names keep their order";
}

TEST(ParseUrlencoded, EmptyPiecesAreSkippedLikeBrowsersDo) {
  Params p;
  ASSERT_TRUE(parse_urlencoded("&a=1&&b=2&", p));
  EXPECT_EQ(fields(p), (Fields{{"a", "1"}, {"b", "2"}}));
  Params none;
  ASSERT_TRUE(parse_urlencoded("", none));
  EXPECT_TRUE(none.empty());
}

TEST(ParseUrlencoded, MalformedAddsNothing) {
  for (const char* text : {"a=1&b=%zz", "a=1&%4=x", "=nameless", "a=1&=2"}) {
    Params p{{"kept", "1"}};
    EXPECT_FALSE(parse_urlencoded(text, p)) << text;
    EXPECT_EQ(fields(p), (Fields{{"kept", "1"}})) << text;
  }
}

TEST(ParseUrlencoded, AtMostMaxFields) {
  Params p;
  EXPECT_TRUE(parse_urlencoded("a=1&b=2&c=3", p, 3));
  EXPECT_EQ(p.size(), 3u);
  Params q;
  EXPECT_FALSE(parse_urlencoded("a=1&b=2&c=3&d=4", q, 3));
  EXPECT_TRUE(q.empty());
  // The default: 256 fields pass, 257 do not.
  std::string many;
  for (int i = 0; i < 256; ++i) many += "f" + std::to_string(i) + "=x&";
  Params r;
  EXPECT_TRUE(parse_urlencoded(many, r));
  EXPECT_EQ(r.size(), 256u);
  Params s;
  EXPECT_FALSE(parse_urlencoded(many + "one=more", s));
}

// --- multipart_boundary ---------------------------------------------------------------------

TEST(MultipartBoundary, WhatBrowsersSend) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundaryx1Yz"),
            "----WebKitFormBoundaryx1Yz");
  // node's fetch (undici); type and parameter names are case-insensitive, OWS is optional.
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----formdata-undici-0123"),
            "----formdata-undici-0123");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=abc"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/form-data; charset=utf-8; boundary=\"a b:c?\""),
            "a b:c?");
}

TEST(MultipartBoundary, RefusesWhatIsNotAUsableBoundary) {
  const std::string b70(70, 'b');
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + b70), b70);
  for (const std::string& ct : std::vector<std::string>{
           "multipart/form-data; boundary=" + b70 + "b",  // 71 characters
           "multipart/form-data",                         // none
           "multipart/form-data; boundary=",              // empty
           "multipart/form-data; boundary=\"\"",          // empty, quoted
           "multipart/form-data; boundary=\"ends in space \"",
           "multipart/form-data; boundary=\"a@b\"",         // '@' is not a bchar
           "multipart/form-data; boundary=a; boundary=b",   // which one?
           "multipart/form-data; boundary",                 // no value
           "multipart/form-data; boundary=\"unterminated",  // no closing quote
           "multipart/form-data; boundary=\"a\r\nX: y\"",   // header injection
           "multipart/mixed; boundary=abc",                 // not a form
           "text/plain; boundary=abc",                      // not multipart at all
           "multipart/form-data boundary=abc",              // no ';'
           "",
       })
    EXPECT_EQ(multipart_boundary(ct), std::nullopt) << ct;
}

// --- parse_multipart ------------------------------------------------------------------------

constexpr std::string_view kB = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string part(std::string_view headers, std::string_view content) {
  return "--"s + std::string(kB) + "\r\n" + std::string(headers) + "\r\n\r\n" +
         std::string(content) + "\r\n";
}
std::string field_part(std::string_view name, std::string_view content) {
  return part("Content-Disposition: form-data; name=\""s + std::string(name) + "\"", content);
}
std::string closing() {
  return "--"s + std::string(kB) + "--\r\n";
}

TEST(ParseMultipart, ABrowserUpload) {
  const std::string png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR--not-a-boundary\r\n--"s;
  const std::string body =
      field_part("documentType", "PASSPORT") + field_part("documentNumber", "AB12345") +
      part(
          "Content-Disposition: form-data; name=\"front\"; filename=\"front.png\"\r\n"
          "Content-Type: image/png",
          png) +
      closing();
  const auto parts = parse_multipart(body, kB);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 3u);
  EXPECT_EQ((*parts)[0].name, "documentType");
  EXPECT_EQ((*parts)[0].content, "PASSPORT");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].content_type, "");
  EXPECT_EQ((*parts)[1].content, "AB12345");
  EXPECT_EQ((*parts)[2].name, "front");
  EXPECT_EQ((*parts)[2].filename, "front.png");
  EXPECT_EQ((*parts)[2].content_type, "image/png");
  EXPECT_EQ((*parts)[2].content, png) << "binary content, CR LF and dashes included, intact";
}

TEST(ParseMultipart, PreambleEpiloguePaddingAndEmptyContent) {
  const std::string body = "a preamble nobody reads\r\n--"s + std::string(kB) + "  \t\r\n" +
                           "content-disposition: FORM-DATA; NAME=empty\r\n\r\n\r\n" + closing() +
                           "an epilogue, also ignored";
  const auto parts = parse_multipart(body, kB);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "empty");
  EXPECT_EQ((*parts)[0].content, "");
}

TEST(ParseMultipart, QuotedNamesAndAnEmptyForm) {
  const auto parts = parse_multipart(
      part(R"(Content-Disposition: form-data; name="a\"b"; filename="x; y.png")", "1") + closing(),
      kB);
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].name, "a\"b");
  EXPECT_EQ((*parts)[0].filename, "x; y.png");
  const auto none = parse_multipart(closing(), kB);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

TEST(ParseMultipart, MalformedBodiesAreRefused) {
  const std::string ok = field_part("a", "1");
  const std::string dash = "--"s + std::string(kB);
  const std::vector<std::pair<const char*, std::string>> cases = {
      {"no opening delimiter", "just text"},
      {"no closing delimiter", ok},
      {"closing delimiter without its CRLF", ok.substr(0, ok.size() - 2) + closing()},
      {"boundary only a prefix", ok + dash + "X\r\n" + closing()},
      {"garbage after the delimiter", dash + "junk\r\n" + ok.substr(dash.size() + 2) + closing()},
      {"no Content-Disposition", part("Content-Type: text/plain", "1") + closing()},
      {"no blank line", dash + "\r\nContent-Disposition: form-data; name=\"a\"\r\n" + closing()},
      {"not form-data", part("Content-Disposition: attachment; name=\"a\"", "1") + closing()},
      {"no name", part("Content-Disposition: form-data; filename=\"f\"", "1") + closing()},
      {"empty name", part("Content-Disposition: form-data; name=\"\"", "1") + closing()},
      {"two names", part("Content-Disposition: form-data; name=a; name=b", "1") + closing()},
      {"two dispositions",
       part("Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b",
            "1") +
           closing()},
      {"folded header", part("Content-Disposition: form-data;\r\n name=\"a\"", "1") + closing()},
      {"header without colon", part("Content-Disposition form-data; name=a", "1") + closing()},
      {"bare LF in a header",
       part("Content-Disposition: form-data; name=a\nX-Injected: 1", "1") + closing()},
      {"CR in a quoted name",
       part("Content-Disposition: form-data; name=\"a\rb\"", "1") + closing()},
      {"unterminated quote", part("Content-Disposition: form-data; name=\"a", "1") + closing()},
  };
  for (const auto& [what, body] : cases) EXPECT_EQ(parse_multipart(body, kB), std::nullopt) << what;
  EXPECT_EQ(parse_multipart(ok + closing(), "bad@boundary"), std::nullopt) << "invalid boundary";
}

TEST(ParseMultipart, PartHeadersUpToEightKiB) {
  const std::string disposition = "Content-Disposition: form-data; name=\"a\"\r\nX-Pad: ";
  const std::string at_limit = disposition + std::string(8192 - disposition.size(), 'p');
  ASSERT_EQ(at_limit.size(), 8192u);
  EXPECT_TRUE(parse_multipart(part(at_limit, "1") + closing(), kB).has_value());
  EXPECT_EQ(parse_multipart(part(at_limit + "p", "1") + closing(), kB), std::nullopt);
}

TEST(ParseMultipart, AtMostMaxParts) {
  std::string body;
  for (int i = 0; i < 3; ++i) body += field_part("f" + std::to_string(i), "x");
  EXPECT_EQ(parse_multipart(body + closing(), kB, 3)->size(), 3u);
  EXPECT_EQ(parse_multipart(body + field_part("f3", "x") + closing(), kB, 3), std::nullopt);
}

// --- decode_form ----------------------------------------------------------------------------

Request request(std::string query, std::string content_type, std::string body) {
  Request r;
  r.method = "POST";
  r.query = std::move(query);
  if (!content_type.empty()) r.headers.emplace("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(DecodeForm, QueryThenUrlencodedBody) {
  // What fetch(url, {body: new URLSearchParams(...)}) sends.
  auto r = request("lang=nl&x=%C3%AB", "application/x-www-form-urlencoded;charset=UTF-8",
                   "firstName=Zo%C3%AB&lang=en");
  ASSERT_TRUE(decode_form(r));
  EXPECT_EQ(fields(r.params),
            (Fields{{"firstName", "Zoë"}, {"lang", "nl"}, {"lang", "en"}, {"x", "ë"}}));
  EXPECT_EQ(r.get_param_value("lang"), "nl") << "the query comes first";
  EXPECT_TRUE(r.parts.empty());
}

TEST(DecodeForm, MultipartFieldsAreParamsAndEveryPartIsAPart) {
  const std::string body =
      field_part("documentNumber", "AB12345") +
      part("Content-Disposition: form-data; name=\"front\"; filename=\"f.png\"", "PNG") + closing();
  auto r = request("", "multipart/form-data; boundary=" + std::string(kB), body);
  ASSERT_TRUE(decode_form(r));
  EXPECT_EQ(fields(r.params), (Fields{{"documentNumber", "AB12345"}}))
      << "file contents never land in params";
  ASSERT_EQ(r.parts.size(), 2u);
  ASSERT_NE(r.file("front"), nullptr);
  EXPECT_EQ(r.file("front")->content, "PNG");
}

TEST(DecodeForm, OtherBodiesAreLeftToTheHandler) {
  auto json = request("", "application/json", "{\"a\":\"%zz\"}");
  EXPECT_TRUE(decode_form(json));
  EXPECT_TRUE(json.params.empty());
  auto none = request("a=1", "", "whatever");
  EXPECT_TRUE(decode_form(none));
  EXPECT_EQ(none.get_param_value("a"), "1");
}

TEST(DecodeForm, MalformedIsRefused) {
  auto query = request("a=%zz", "", "");
  EXPECT_FALSE(decode_form(query));
  auto body = request("", "application/x-www-form-urlencoded", "a=%4");
  EXPECT_FALSE(decode_form(body));
  auto no_boundary = request("", "multipart/form-data", field_part("a", "1") + closing());
  EXPECT_FALSE(decode_form(no_boundary));
  auto wrong_boundary =
      request("", "multipart/form-data; boundary=other", field_part("a", "1") + closing());
  EXPECT_FALSE(decode_form(wrong_boundary));
}

}  // namespace
}  // namespace idv::demo::http
