#pragma once
// Photo uploads from the portal: the type is decided by the file's bytes (magic numbers),
// never by the browser-supplied name or Content-Type; size is capped; files land under
// <data>/uploads/<ref>/ with mode 0600.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace idv::demo {

enum class ImageType { jpeg, png, webp };

std::optional<ImageType> sniff_image(std::string_view bytes);
std::string_view extension(ImageType t);

enum class UploadProblem { none, missing, too_large, wrong_type, storage };

struct StoredUpload {
  UploadProblem problem = UploadProblem::none;
  std::string filename;  // e.g. "front.png" (relative to the session's folder)
};

// name is a fixed slot ("front", "back", "selfie"); ref must be a validated UUID.
StoredUpload store_upload(const std::string& uploads_dir, const std::string& ref,
                          const std::string& name, std::string_view bytes, std::int64_t max_bytes);

// The upload limit for people: "5 MB", "1.5 MB", "512 KB" (1 MB = 1,048,576 bytes here, as the
// limit is set in bytes; never "0 MB" for a limit under a megabyte).
std::string upload_limit_text(std::int64_t max_bytes);

}  // namespace idv::demo
