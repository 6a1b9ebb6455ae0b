#pragma once
// An HTTP response as the host reports it to the core: only what the core looks at.
#include <optional>
#include <string_view>

namespace idv {

struct HttpResponse {
  int status = 0;
  std::string_view body;
  std::optional<std::string_view> retryAfter;  // raw Retry-After header
  std::optional<std::string_view> etag;        // raw ETag header
};

enum class FailureKind { Network, Timeout };

}  // namespace idv
