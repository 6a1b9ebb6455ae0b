#pragma once
// QR codes for the "continue on your phone" step.
//
// libqrencode does the encoding (mode selection, error correction, placement); this file turns
// its output into a plain module matrix with the quiet zone the spec asks for, and that matrix
// into compact SVG path data — one "M x y h n v1 h-n z" rectangle per horizontal run of dark
// modules, which is what the browser renders and what scanners read back. In the wasm build,
// libqrencode's mask selection runs here too (idv_qr_mask_select below: same result, ~5× faster).
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
  // viewBox="0 0 size size" and shape-rendering="crispEdges". For sizes up to a QR's 177
  // (three-digit coordinates).
  std::string svgPath() const;
  // The same string built the obvious way (std::to_string per number): tests compare the two.
  std::string svgPathReference() const;

 private:
  int symbolSize_;
  std::vector<std::uint8_t> modules_;  // symbolSize_² entries, row-major
};

std::variant<QrMatrix, QrError> encodeQr(std::string_view text, QrEcc ecc = QrEcc::Medium);

}  // namespace idv

// libqrencode's mask selection (Mask_mask in its mask.c) computed on bit rows: the same scores,
// the same choice and the same malloc'd bytes, several times faster. `frame` is width² modules
// in libqrencode's layout (bit 0 dark, 0x80 function module); `level` a QRecLevel. The wasm
// build routes libqrencode's own call here (bindings/CMakeLists.txt); native builds keep the
// system library's, and the tests check that both agree.
extern "C" unsigned char* idv_qr_mask_select(int width, unsigned char* frame, int level);
// Mask_makeMask's twin: `frame` with mask 0..7 applied and its format information written.
extern "C" unsigned char* idv_qr_mask_apply(int width, unsigned char* frame, int mask, int level);
