// Form decoding for the demo servers (form.hpp). Only the standard library: the fuzz targets
// compile this file on its own, without Boost or the server around it.
//
// Every function here answers "malformed" rather than guessing: a request the servers cannot
// read exactly is refused with 400 before any handler sees half of it.
#include "common/http/form.hpp"

#include <utility>

namespace idv::demo::http {
namespace {

constexpr std::size_t kMaxPartHeaderBytes = 8 * 1024;
constexpr std::size_t kMaxBoundary = 70;

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// RFC 9110 tchar: the characters of a token (header names, parameter names, bare values).
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

// A media type with its parameters: `type/subtype *( OWS ";" OWS name=value )`, the value a
// token or a quoted-string (RFC 9110 §5.6.6). Names are lower-cased; duplicates are kept so
// the caller can refuse them.
struct MediaType {
  std::string type;  // "multipart/form-data", lower case
  std::vector<std::pair<std::string, std::string>> params;
};

// Reads a quoted-string starting at s[i] == '"'; i ends past the closing quote.
std::optional<std::string> read_quoted(std::string_view s, std::size_t& i) {
  std::string out;
  for (++i; i < s.size(); ++i) {
    if (s[i] == '"') {
      ++i;
      return out;
    }
    if (s[i] == '\\' && ++i == s.size()) return std::nullopt;  // quoted-pair: take the next
    // No control characters other than HTAB, escaped or not: a CR or LF in a name or
    // filename would let a sender forge headers wherever the value is echoed.
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7F) return std::nullopt;
    out += s[i];
  }
  return std::nullopt;  // no closing quote
}

// Parameters after the first ';' of a header value such as Content-Type or
// Content-Disposition. `s` starts at that ';' (or is empty).
bool parse_params(std::string_view s, std::vector<std::pair<std::string, std::string>>& out) {
  std::size_t i = 0;
  while (true) {
    while (i < s.size() && is_ows(s[i])) ++i;
    if (i == s.size()) return true;
    if (s[i] != ';') return false;
    ++i;
    while (i < s.size() && is_ows(s[i])) ++i;
    if (i == s.size()) return true;  // a trailing ';' is harmless
    const std::size_t name_start = i;
    while (i < s.size() && is_tchar(s[i])) ++i;
    std::string name(s.substr(name_start, i - name_start));
    if (name.empty() || i == s.size() || s[i] != '=') return false;
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      auto quoted = read_quoted(s, i);
      if (!quoted) return false;
      value = std::move(*quoted);
    } else {
      const std::size_t value_start = i;
      while (i < s.size() && is_tchar(s[i])) ++i;
      value = std::string(s.substr(value_start, i - value_start));
      if (value.empty()) return false;
    }
    for (char& c : name) c = lower(c);
    out.emplace_back(std::move(name), std::move(value));
  }
}

std::optional<MediaType> parse_media_type(std::string_view value) {
  value = trim_ows(value);
  const auto semicolon = value.find(';');
  const std::string_view full = trim_ows(value.substr(0, semicolon));
  const auto slash = full.find('/');
  if (slash == std::string_view::npos || !is_token(full.substr(0, slash)) ||
      !is_token(full.substr(slash + 1)))
    return std::nullopt;
  MediaType m;
  m.type.reserve(full.size());
  for (const char c : full) m.type += lower(c);
  if (semicolon != std::string_view::npos && !parse_params(value.substr(semicolon), m.params))
    return std::nullopt;
  return m;
}

// The one value of a parameter; nullopt when absent, and `duplicate` set when given twice
// (two names or two boundaries: which one did the sender mean? Refuse rather than pick).
std::optional<std::string> single_param(const std::vector<std::pair<std::string, std::string>>& ps,
                                        std::string_view name, bool& duplicate) {
  std::optional<std::string> found;
  for (const auto& [n, v] : ps) {
    if (n != name) continue;
    if (found) duplicate = true;
    found = v;
  }
  return found;
}

// RFC 2046 §5.1.1 bchars: what a boundary may contain; it must not end with a space.
bool is_valid_boundary(std::string_view b) {
  if (b.empty() || b.size() > kMaxBoundary || b.back() == ' ') return false;
  for (const char c : b) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::string_view("'()+_,-./:=? ").find(c) == std::string_view::npos) return false;
  }
  return true;
}

// One part's header block (without the blank line that ends it) into name, filename and
// content type. False when a header line is malformed or Content-Disposition is missing,
// repeated, not form-data, or has no (or an empty, or a repeated) name.
bool parse_part_headers(std::string_view block, FormPart& part) {
  bool have_disposition = false;
  bool have_type = false;
  while (!block.empty()) {
    const auto eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view{} : block.substr(eol + 2);
    // No obsolete line folding and no bare CR or LF inside a line (RFC 9112 §5.2).
    if (line.find_first_of("\r\n") != std::string_view::npos) return false;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon))) return false;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (iequals(name, "Content-Disposition")) {
      if (have_disposition) return false;
      have_disposition = true;
      const auto semicolon = value.find(';');
      if (!iequals(trim_ows(value.substr(0, semicolon)), "form-data")) return false;
      std::vector<std::pair<std::string, std::string>> params;
      if (semicolon == std::string_view::npos || !parse_params(value.substr(semicolon), params))
        return false;
      bool duplicate = false;
      auto field_name = single_param(params, "name", duplicate);
      auto filename = single_param(params, "filename", duplicate);
      if (duplicate || !field_name || field_name->empty()) return false;
      part.name = std::move(*field_name);
      part.filename = filename ? std::move(*filename) : std::string{};
    } else if (iequals(name, "Content-Type")) {
      if (have_type) return false;
      have_type = true;
      part.content_type = std::string(value);
    }
    // Other headers (Content-Transfer-Encoding and the like) are ignored, as RFC 7578 asks.
  }
  return have_disposition;
}

// After a delimiter: "--" closes the body; otherwise optional transport padding and CRLF
// start the next part. Anything else means the "boundary" was only a prefix of content,
// which RFC 2046 forbids the sender to produce.
enum class AfterDelimiter { next_part, close, malformed };
AfterDelimiter after_delimiter(std::string_view body, std::size_t& i) {
  if (body.compare(i, 2, "--") == 0) {
    i += 2;
    return AfterDelimiter::close;
  }
  while (i < body.size() && is_ows(body[i])) ++i;
  if (body.compare(i, 2, "\r\n") != 0) return AfterDelimiter::malformed;
  i += 2;
  return AfterDelimiter::next_part;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool parse_urlencoded(std::string_view text, Params& out, std::size_t max_fields) {
  // Collected first and appended at the end: a malformed text adds nothing to `out`.
  std::vector<std::pair<std::string, std::string>> fields;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty())
      continue;  // "a=1&&b=2", a trailing '&': browsers and URLSearchParams skip them
    if (fields.size() == max_fields) return false;
    const auto eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value || name->empty()) return false;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  for (auto& [name, value] : fields) out.emplace(std::move(name), std::move(value));
  return true;
}

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto media = parse_media_type(content_type);
  if (!media || media->type != "multipart/form-data") return std::nullopt;
  bool duplicate = false;
  auto boundary = single_param(media->params, "boundary", duplicate);
  if (duplicate || !boundary || !is_valid_boundary(*boundary)) return std::nullopt;
  return boundary;
}

std::optional<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                     std::string_view boundary,
                                                     std::size_t max_parts) {
  if (!is_valid_boundary(boundary)) return std::nullopt;
  const std::string dash_boundary = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash_boundary;

  // The first delimiter opens the body; a preamble before it (RFC 2046) is skipped.
  std::size_t i = 0;
  if (body.compare(0, dash_boundary.size(), dash_boundary) == 0) {
    i = dash_boundary.size();
  } else {
    const auto first = body.find(delimiter);
    if (first == std::string_view::npos) return std::nullopt;
    i = first + delimiter.size();
  }

  std::vector<FormPart> parts;
  for (;;) {
    switch (after_delimiter(body, i)) {
      case AfterDelimiter::close: return parts;  // the epilogue after it is ignored
      case AfterDelimiter::malformed: return std::nullopt;
      case AfterDelimiter::next_part: break;
    }
    if (parts.size() == max_parts) return std::nullopt;
    const auto end = body.find(delimiter, i);
    if (end == std::string_view::npos) return std::nullopt;  // no closing delimiter
    const std::string_view part = body.substr(i, end - i);
    // Headers end at the first blank line; a part without one has no Content-Disposition.
    const auto blank = part.find("\r\n\r\n");
    if (blank == std::string_view::npos || blank > kMaxPartHeaderBytes) return std::nullopt;
    FormPart p;
    if (!parse_part_headers(part.substr(0, blank), p)) return std::nullopt;
    p.content = std::string(part.substr(blank + 4));
    parts.push_back(std::move(p));
    i = end + delimiter.size();
  }
}

bool decode_form(Request& req) {
  if (!parse_urlencoded(req.query, req.params)) return false;
  const std::string content_type = req.get_header_value("Content-Type");
  // Only the type decides which decoder runs; the parameters are read by the decoder that
  // needs them (a urlencoded body's charset is UTF-8 whatever it says). A body of any other
  // type (JSON for the APIs) is the handler's business, including an odd Content-Type.
  std::string type(trim_ows(std::string_view(content_type).substr(0, content_type.find(';'))));
  for (char& c : type) c = lower(c);
  if (type == "application/x-www-form-urlencoded") return parse_urlencoded(req.body, req.params);
  if (type != "multipart/form-data") return true;
  const auto boundary = multipart_boundary(content_type);
  if (!boundary) return false;
  auto parts = parse_multipart(req.body, *boundary);
  if (!parts) return false;
  // Plain fields are readable as params too, so a handler need not care how the form came.
  for (const auto& part : *parts)
    if (part.filename.empty()) req.params.emplace(part.name, part.content);
  req.parts = std::move(*parts);
  return true;
}

}  // namespace idv::demo::http
