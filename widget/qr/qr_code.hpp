#pragma once
// QR codes for the "continue on your phone" step.
//
// libqrencode does the encoding (mode selection, masking, error correction); this file turns
// its output into a plain module matrix with the quiet zone the spec asks for, and that matrix
// into compact SVG path data — one "M x y h n v1 h-n z" rectangle per horizontal run of dark
// modules, which is what the browser renders and what scanners read back.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace idv {

enum class QrEcc { Low, Medium, Quartile, High };  // ~7 %, 15 %, 25 %, 30 % recovery

// "L", "M", "Q", "H" (the letters of the spec and of the widget's `ecc` option); anything
// else gives `fallback`. The one place a letter becomes a level.
QrEcc parseQrEcc(std::string_view letter, QrEcc fallback);

enum class QrError {
  Empty,        // nothing to encode
  TooLong,      // does not fit in version 40 at this ECC level
  EncodeFailed  // libqrencode refused for another reason (e.g. out of memory)
};

std::string_view toString(QrError e);

// A square of modules, quiet zone included; true = dark.
class QrMatrix {
 public:
  static constexpr int kQuietZone = 4;  // ISO/IEC 18004 asks for 4 modules of light margin

  QrMatrix(int symbolSize, std::vector<std::uint8_t> modules)
      : symbolSize_(symbolSize), modules_(std::move(modules)) {}

  int symbolSize() const { return symbolSize_; }             // without the quiet zone
  int size() const { return symbolSize_ + 2 * kQuietZone; }  // with it
  bool dark(int x, int y) const;  // in quiet-zone coordinates (0..size()-1)

  // "M4 4h7v1h-7z…": the dark modules as runs, in quiet-zone coordinates. Use it with
  // viewBox="0 0 size size" and shape-rendering="crispEdges".
  std::string svgPath() const;

 private:
  int symbolSize_;
  std::vector<std::uint8_t> modules_;  // symbolSize_² entries, row-major
};

std::variant<QrMatrix, QrError> encodeQr(std::string_view text, QrEcc ecc = QrEcc::Medium);

}  // namespace idv
