#pragma once
// Request bodies and query strings as fields: application/x-www-form-urlencoded and
// multipart/form-data (RFC 7578). Strict on purpose — anything odd is an error, never guessed.
// Pure functions over bytes: no I/O, fuzzed in tests/fuzz.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/http/http.hpp"

namespace idv::demo::http {

using Params = std::multimap<std::string, std::string, std::less<>>;

// "%41+b" -> "A b" (plus as space: form semantics). nullopt on a broken escape ("%4", "%zz").
std::optional<std::string> percent_decode(std::string_view s);

// "a=1&b=x%20y&c" -> {a:1, b:"x y", c:""}; appended to out. False on a broken escape or more
// than max_fields fields.
bool parse_urlencoded(std::string_view text, Params& out, std::size_t max_fields = 256);

// The boundary parameter of a multipart/form-data Content-Type, or nullopt when the type is
// not multipart/form-data or the boundary is missing or invalid (1-70 chars, RFC 2046).
std::optional<std::string> multipart_boundary(std::string_view content_type);

// Splits a multipart/form-data body into parts. nullopt when the body is malformed: no
// opening or closing delimiter, a part without Content-Disposition: form-data; name="…",
// headers over 8 KiB per part, or more than max_parts parts.
std::optional<std::vector<FormPart>> parse_multipart(std::string_view body,
                                                     std::string_view boundary,
                                                     std::size_t max_parts = 32);

// Fills req.params (query, then urlencoded body or multipart plain fields) and req.parts from
// req.query, the Content-Type header and req.body. False when any of them is malformed (the
// server answers 400 before routing to the handler).
bool decode_form(Request& req);

}  // namespace idv::demo::http
