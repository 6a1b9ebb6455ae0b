// The demo servers' form decoding (demo/common/http/form.hpp): query strings, urlencoded
// bodies, multipart Content-Types and bodies, decode_form over a whole request.
//
// Input: "<head>\n<rest>". The whole input is also tried as a query string / urlencoded body
// and as a Content-Type. <head> is a Content-Type (its boundary is used) or a bare boundary;
// <rest> is the body.
//
// Properties: nothing crashes or throws; whatever parses has non-empty names and respects the
// limits; a failed parse adds nothing; what parses survives being written out again (every
// byte percent-encoded, every part re-serialised) and parsed back unchanged; decode_form
// agrees with the functions it is built from.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/form.hpp"
#include "fuzz_check.hpp"

namespace http = idv::demo::http;

namespace {

constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;  // form.hpp's documented limit

std::string percent_encode_all(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool same(const http::FormPart& a, const http::FormPart& b) {
  return a.name == b.name && a.filename == b.filename && a.content_type == b.content_type &&
         a.content == b.content;
}

void check_percent_decode(std::string_view input) {
  const auto decoded = http::percent_decode(input);
  if (!decoded) return;
  IDV_FUZZ_CHECK(decoded->size() <= input.size());
  IDV_FUZZ_CHECK(http::percent_decode(percent_encode_all(*decoded)) == decoded);
}

void check_urlencoded(std::string_view input) {
  http::Params params{{"sentinel", "kept"}};
  const bool ok = http::parse_urlencoded(input, params, 16);
  if (!ok) {
    IDV_FUZZ_CHECK(params.size() == 1);  // a failed parse adds nothing
    return;
  }
  IDV_FUZZ_CHECK(params.size() <= 17);
  params.erase(params.find("sentinel"));
  std::string again;
  for (const auto& [name, value] : params) {
    IDV_FUZZ_CHECK(!name.empty());
    again += percent_encode_all(name) + "=" + percent_encode_all(value) + "&";
  }
  http::Params reparsed;
  IDV_FUZZ_CHECK(http::parse_urlencoded(again, reparsed, 16));
  IDV_FUZZ_CHECK(reparsed == params);
}

void check_boundary(std::string_view content_type) {
  const auto b = http::multipart_boundary(content_type);
  if (!b) return;
  IDV_FUZZ_CHECK(!b->empty() && b->size() <= 70 && b->back() != ' ');
  for (const char c : *b) IDV_FUZZ_CHECK(c >= ' ' && c < 0x7F && c != '"' && c != '\\');
  IDV_FUZZ_CHECK(http::multipart_boundary("multipart/form-data; boundary=" + quoted(*b)) == b);
}

// Writes parts as a browser would; false when a part's headers would pass the limit (then the
// round trip is not expected to hold).
bool build_multipart(const std::vector<http::FormPart>& parts, std::string_view boundary,
                     std::string& body) {
  for (const auto& p : parts) {
    std::string headers = "Content-Disposition: form-data; name=" + quoted(p.name);
    if (!p.filename.empty()) headers += "; filename=" + quoted(p.filename);
    if (!p.content_type.empty()) headers += "\r\nContent-Type: " + p.content_type;
    if (headers.size() > kMaxPartHeaderBytes) return false;
    body += "--" + std::string(boundary) + "\r\n" + headers + "\r\n\r\n" + p.content + "\r\n";
  }
  body += "--" + std::string(boundary) + "--\r\n";
  return true;
}

void check_multipart(std::string_view body, std::string_view boundary) {
  constexpr std::size_t kMaxParts = 8;
  const auto parts = http::parse_multipart(body, boundary, kMaxParts);
  if (!parts) return;
  IDV_FUZZ_CHECK(parts->size() <= kMaxParts);
  IDV_FUZZ_CHECK(http::multipart_boundary("multipart/form-data; boundary=" + quoted(boundary)));
  for (const auto& p : *parts) {
    IDV_FUZZ_CHECK(!p.name.empty());
    // Parsed values never carry a line break: they cannot forge a header when echoed.
    for (const auto* s : {&p.name, &p.filename, &p.content_type})
      IDV_FUZZ_CHECK(s->find_first_of("\r\n") == std::string::npos);
    IDV_FUZZ_CHECK(p.content.size() <= body.size());
  }
  std::string again;
  if (!build_multipart(*parts, boundary, again)) return;
  const auto reparsed = http::parse_multipart(again, boundary, kMaxParts);
  IDV_FUZZ_CHECK(reparsed.has_value());
  IDV_FUZZ_CHECK(reparsed->size() == parts->size());
  for (std::size_t i = 0; i < parts->size(); ++i) IDV_FUZZ_CHECK(same((*reparsed)[i], (*parts)[i]));
}

void check_decode_form(std::string_view content_type, std::string_view body) {
  http::Request req;
  req.method = "POST";
  req.headers.emplace("Content-Type", std::string(content_type));
  req.body = std::string(body);
  const bool ok = http::decode_form(req);
  for (const auto& [name, _] : req.params) IDV_FUZZ_CHECK(!name.empty());
  const auto boundary = http::multipart_boundary(content_type);
  if (!boundary) return;
  // A multipart request decodes exactly when its body parses, into the same parts.
  const auto parts = http::parse_multipart(body, *boundary);
  IDV_FUZZ_CHECK(ok == parts.has_value());
  if (!ok) return;
  IDV_FUZZ_CHECK(req.parts.size() == parts->size());
  std::size_t plain = 0;
  for (std::size_t i = 0; i < parts->size(); ++i) {
    IDV_FUZZ_CHECK(same(req.parts[i], (*parts)[i]));
    if ((*parts)[i].filename.empty()) ++plain;
  }
  IDV_FUZZ_CHECK(req.params.size() == plain);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_percent_decode(input);
  check_urlencoded(input);
  check_boundary(input);

  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view head = input.substr(0, newline);
  const std::string_view rest = input.substr(newline + 1);
  const auto boundary = http::multipart_boundary(head);
  check_multipart(rest, boundary ? std::string_view(*boundary) : head);
  check_decode_form(head, rest);
  return 0;
}
