#include "service/uploads.hpp"

#include <algorithm>

#include "common/files.hpp"

namespace idv::demo {

std::optional<ImageType> sniff_image(std::string_view b) {
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF)
    return ImageType::jpeg;
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8))
    return ImageType::png;
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP")
    return ImageType::webp;
  return std::nullopt;
}

std::string_view extension(ImageType t) {
  switch (t) {
    case ImageType::jpeg: return "jpg";
    case ImageType::png: return "png";
    case ImageType::webp: return "webp";
  }
  return "bin";
}

StoredUpload store_upload(const std::string& uploads_dir, const std::string& ref,
                          const std::string& name, std::string_view bytes, std::int64_t max_bytes) {
  if (bytes.empty()) return {UploadProblem::missing, ""};
  if (static_cast<std::int64_t>(bytes.size()) > max_bytes) return {UploadProblem::too_large, ""};
  const auto type = sniff_image(bytes);
  if (!type) return {UploadProblem::wrong_type, ""};
  const std::string dir = uploads_dir + "/" + ref;
  const std::string filename = name + "." + std::string(extension(*type));
  if (!make_dirs(dir) || !write_file_atomic(dir + "/" + filename, bytes))
    return {UploadProblem::storage, ""};
  return {UploadProblem::none, filename};
}

std::string upload_limit_text(std::int64_t max_bytes) {
  constexpr std::int64_t kKiB = 1024, kMiB = 1024 * 1024;
  if (max_bytes < kMiB) return std::to_string(std::max<std::int64_t>(1, max_bytes / kKiB)) + " KB";
  // Tenths of a megabyte, rounded down so the text never promises more than the limit.
  const std::int64_t tenths = max_bytes * 10 / kMiB;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") +
         " MB";
}

}  // namespace idv::demo
