#include "qr/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace idv {
namespace {

QRecLevel toLibLevel(QrEcc ecc) {
  switch (ecc) {
    case QrEcc::Low: return QR_ECLEVEL_L;
    case QrEcc::Medium: return QR_ECLEVEL_M;
    case QrEcc::Quartile: return QR_ECLEVEL_Q;
    case QrEcc::High: return QR_ECLEVEL_H;
  }
  return QR_ECLEVEL_M;
}

struct QrCodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

QrEcc parseQrEcc(std::string_view letter, QrEcc fallback) {
  if (letter == "L") return QrEcc::Low;
  if (letter == "M") return QrEcc::Medium;
  if (letter == "Q") return QrEcc::Quartile;
  if (letter == "H") return QrEcc::High;
  return fallback;
}

std::string_view toString(QrError e) {
  switch (e) {
    case QrError::Empty: return "qr_empty";
    case QrError::TooLong: return "qr_too_long";
    case QrError::EncodeFailed: return "qr_failed";
  }
  return "qr_failed";
}

bool QrMatrix::dark(int x, int y) const {
  const int sx = x - kQuietZone;
  const int sy = y - kQuietZone;
  if (sx < 0 || sy < 0 || sx >= symbolSize_ || sy >= symbolSize_) return false;
  return modules_[static_cast<std::size_t>(sy * symbolSize_ + sx)] != 0;
}

std::string QrMatrix::svgPath() const {
  std::string path;
  path.reserve(static_cast<std::size_t>(symbolSize_ * symbolSize_) * 3);
  for (int y = 0; y < size(); ++y) {
    for (int x = 0; x < size();) {
      if (!dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < size() && dark(x, y)) ++x;
      const std::string run = std::to_string(x - start);
      path +=
          'M' + std::to_string(start) + ' ' + std::to_string(y) + 'h' + run + "v1h-" + run + 'z';
    }
  }
  return path;
}

std::variant<QrMatrix, QrError> encodeQr(std::string_view text, QrEcc ecc) {
  if (text.empty()) return QrError::Empty;
  // The C API stops at a NUL: refuse rather than silently encode a prefix.
  if (text.find('\0') != std::string_view::npos) return QrError::EncodeFailed;
  // Byte mode keeps UTF-8 intact (kanji mode would reinterpret bytes); libqrencode still picks
  // numeric/alphanumeric segments where they are shorter.
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  errno = 0;
  const std::unique_ptr<QRcode, QrCodeDeleter> code(
      QRcode_encodeString(copy.c_str(), 0, toLibLevel(ecc), QR_MODE_8, 1));
  if (!code) return errno == ERANGE ? QrError::TooLong : QrError::EncodeFailed;

  const int width = code->width;
  std::vector<std::uint8_t> modules(static_cast<std::size_t>(width * width));
  for (std::size_t i = 0; i < modules.size(); ++i) modules[i] = code->data[i] & 1;  // bit 0 = dark
  return QrMatrix(width, std::move(modules));
}

}  // namespace idv
