#include "qr/qr_code.hpp"

#include <qrencode.h>

#include <bit>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

// libqrencode's format-information table (qrspec.c; exported by the shared library too).
extern "C" unsigned int QRspec_getFormatInfo(int mask, QRecLevel level);

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

// --- Mask selection ----------------------------------------------------------------------
// libqrencode spends ~85 % of an encode in Mask_mask (mask.c): for each of the 8 masks it writes
// a masked copy of the frame byte by byte and scores it module by module (2×2 blocks, then run
// lengths of every row and column). The same scores come out of bit rows: masking and the 2×2
// rule are a few word operations per row, and runs are read from the transition bits. What
// follows reproduces Mask_mask exactly — same penalties, same tie-break, same output bytes — so
// a QR is identical whichever path made it (tests/native/qr_code_test.cpp checks this against
// the real libqrencode).
//
// The wasm core is built with -Oz, whose inliner leaves even std::array::operator[] as a call:
// the hot helpers are forced inline and rows are plain arrays.
#define IDV_INLINE inline __attribute__((always_inline))

namespace {
namespace mask {

constexpr int kMaxWidth = 177;  // version 40
constexpr int kWords = 3;       // 177 bits
struct Row {
  std::uint64_t w[kWords];
};

// mask.c's predicates: a data module is inverted where the expression is 0.
bool inverts(int mask, int x, int y) {
  switch (mask) {
    case 0: return ((x + y) & 1) == 0;
    case 1: return (y & 1) == 0;
    case 2: return x % 3 == 0;
    case 3: return (x + y) % 3 == 0;
    case 4: return (((y / 2) + (x / 3)) & 1) == 0;
    case 5: return (((x * y) & 1) + (x * y) % 3) == 0;
    case 6: return ((((x * y) & 1) + (x * y) % 3) & 1) == 0;
    default: return ((((x * y) % 3) + ((x + y) & 1)) & 1) == 0;
  }
}

// Every predicate repeats every 12 rows and every 12 columns, so 12 rows of each mask (and 12
// columns, for the transposed frame) describe it at any width: 4.6 KB built once.
constexpr int kPeriod = 12;
struct Patterns {
  Row rows[8][kPeriod];  // rows[m][y % 12]: bit x set where mask m inverts (x, y)
  Row cols[8][kPeriod];  // cols[m][x % 12]: bit y set where mask m inverts (x, y)
};

Patterns buildPatterns() {
  Patterns p{};
  for (int m = 0; m < 8; ++m)
    for (int r = 0; r < kPeriod; ++r)
      for (int i = 0; i < kMaxWidth; ++i) {
        p.rows[m][r].w[i / 64] |= std::uint64_t{inverts(m, i, r)} << (i % 64);
        p.cols[m][r].w[i / 64] |= std::uint64_t{inverts(m, r, i)} << (i % 64);
      }
  return p;
}

const Patterns& patterns() {
  static const Patterns p = buildPatterns();  // thread-safe initialisation in native builds
  return p;
}

IDV_INLINE bool bit(const Row& row, int i) {
  return (row.w[i / 64] >> (i % 64)) & 1;
}

IDV_INLINE void setBit(Row& row, int i, bool on) {
  const auto b = std::uint64_t{1} << (i % 64);
  row.w[i / 64] = on ? row.w[i / 64] | b : row.w[i / 64] & ~b;
}

// Bit i of the result is bit i-1 of `r` (bit 0 gets 0).
IDV_INLINE Row shiftUp(const Row& r) {
  return {{r.w[0] << 1, r.w[1] << 1 | r.w[0] >> 63, r.w[2] << 1 | r.w[1] >> 63}};
}

IDV_INLINE int popcount(const Row& r) {
  return std::popcount(r.w[0]) + std::popcount(r.w[1]) + std::popcount(r.w[2]);
}

// Mask_writeFormatInformation's 30 positions: calls put(x, y, dark) and returns its "blacks".
template <typename Put>
int writeFormat(int width, int mask, QRecLevel level, Put put) {
  unsigned int format = QRspec_getFormatInfo(mask, level);
  int blacks = 0;
  for (int i = 0; i < 8; ++i, format >>= 1) {
    const bool dark = format & 1;
    blacks += dark ? 2 : 0;
    put(width - 1 - i, 8, dark);
    put(8, i < 6 ? i : i + 1, dark);
  }
  for (int i = 0; i < 7; ++i, format >>= 1) {
    const bool dark = format & 1;
    blacks += dark ? 2 : 0;
    put(8, width - 7 + i, dark);
    put(i == 0 ? 7 : 6 - i, 8, dark);
  }
  return blacks;
}

constexpr int N1 = 3, N2 = 3, N3 = 40, N4 = 10;  // mask.c's demerit coefficients

// Mask_calcN1N3's N1 part without runs: a run of n ≥ 5 costs N1 + (n - 5) = (n - 4) + 2. With
// bit x of `same4` set where modules x-4..x are one colour, each such run sets n - 4 bits, and
// its first one is a streak start.
int runDemerit(const Row& line, const Row& inside) {
  const Row up = shiftUp(line);
  Row same;  // bit x (x ≥ 1): module x has the colour of module x-1
  for (int k = 0; k < kWords; ++k) same.w[k] = ~(line.w[k] ^ up.w[k]) & inside.w[k];
  same.w[0] &= ~std::uint64_t{1};
  const Row same1 = shiftUp(same);
  Row same2;
  for (int k = 0; k < kWords; ++k) same2.w[k] = same.w[k] & same1.w[k];
  const Row same2up = shiftUp(shiftUp(same2));
  Row same4, firsts;
  for (int k = 0; k < kWords; ++k) same4.w[k] = same2.w[k] & same2up.w[k];
  const Row same4up = shiftUp(same4);
  for (int k = 0; k < kWords; ++k) firsts.w[k] = same4.w[k] & ~same4up.w[k];
  static_assert(N1 == 3, "N1 + (n - 5) = (n - 4) + 2");
  return popcount(same4) + 2 * popcount(firsts);
}

// Mask_calcN1N3's N3 part for one line of `width` modules: 1:1:3:1:1 runs at any scale, with
// mask.c's own rule for what lies around them. The run list has mask.c's layout — a -1
// placeholder first when the line starts dark — because that rule depends on run indices.
int finderDemerit(const Row& line, int width) {
  int run[kMaxWidth + 1];
  int length = 0;
  if (line.w[0] & 1) run[length++] = -1;
  const Row prev = shiftUp(line);
  int start = 0;
  for (int k = 0; k < kWords && k * 64 < width; ++k) {
    // Transition bits: bit x set where module x differs from module x-1 (x ≥ 1).
    std::uint64_t t = (line.w[k] ^ prev.w[k]) & ~std::uint64_t{k == 0};
    for (; t; t &= t - 1) {
      const int x = k * 64 + std::countr_zero(t);
      if (x >= width) break;
      run[length++] = x - start;
      start = x;
    }
  }
  run[length++] = width - start;
  int demerit = 0;
  for (int i = 3; i < length - 2; i += 2) {  // dark runs sit at odd indices
    const int fact = run[i - 1];
    if (run[i] != 3 * fact || run[i - 2] != fact || run[i + 1] != fact || run[i + 2] != fact)
      continue;
    if (i == 3 || run[i - 3] >= 4 * fact || i + 4 >= length || run[i + 3] >= 4 * fact)
      demerit += N3;
  }
  return demerit;
}

// Mask_calcN2: one N2 per 2×2 block of one colour, over rows y-1 and y.
IDV_INLINE int blockDemerit(const Row& above, const Row& row, const Row& inside) {
  Row both, none;
  for (int k = 0; k < kWords; ++k) {
    both.w[k] = above.w[k] & row.w[k];
    none.w[k] = ~(above.w[k] | row.w[k]) & inside.w[k];
  }
  const Row bothLeft = shiftUp(both), noneLeft = shiftUp(none);
  Row blocks;
  for (int k = 0; k < kWords; ++k)
    blocks.w[k] = (both.w[k] & bothLeft.w[k]) | (none.w[k] & noneLeft.w[k]);
  return popcount(blocks) * N2;
}

// The frame as bit rows and bit columns: dark modules, and function modules (never masked);
// then room for one masked frame. Only the first `width` entries are used.
struct Frame {
  int width;
  Row inside;  // bits 0..width-1
  Row dark[kMaxWidth], fixed[kMaxWidth];
  Row darkT[kMaxWidth], fixedT[kMaxWidth];
  Row rows[kMaxWidth], cols[kMaxWidth];  // score()'s masked rows and columns
};

void load(Frame& f, const unsigned char* frame) {
  const int w = f.width;
  f.inside = {};
  for (int i = 0; i < w; ++i) setBit(f.inside, i, true);
  const auto rows = static_cast<std::size_t>(w) * sizeof(Row);
  std::memset(f.dark, 0, rows);
  std::memset(f.fixed, 0, rows);
  std::memset(f.darkT, 0, rows);
  std::memset(f.fixedT, 0, rows);
  for (int y = 0; y < w; ++y) {
    const unsigned char* line = frame + y * w;
    const int yk = y / 64, ys = y % 64;
    for (int x = 0; x < w; ++x) {
      const std::uint64_t d = line[x] & 1, fn = line[x] >> 7;
      f.dark[y].w[x / 64] |= d << (x % 64);
      f.fixed[y].w[x / 64] |= fn << (x % 64);
      f.darkT[x].w[yk] |= d << ys;
      f.fixedT[x].w[yk] |= fn << ys;
    }
  }
}

// Mask_mask's score for mask m: dark-ratio penalty, 2×2 blocks, long runs and finder-like
// patterns in every row and column. Every term is ≥ 0 and only a score below `beat` can win, so
// the costly finder term is skipped (and `beat` returned) once the rest already reaches it.
int score(Frame& f, int m, QRecLevel level, int beat) {
  const int w = f.width;
  const Patterns& pat = patterns();
  Row* const rows = f.rows;
  Row* const cols = f.cols;
  int blacks = 0;
  for (int i = 0; i < w; ++i) {
    const Row& pr = pat.rows[m][i % kPeriod];
    const Row& pc = pat.cols[m][i % kPeriod];
    for (int k = 0; k < kWords; ++k) {
      rows[i].w[k] = (f.dark[i].w[k] ^ (pr.w[k] & ~f.fixed[i].w[k])) & f.inside.w[k];
      cols[i].w[k] = (f.darkT[i].w[k] ^ (pc.w[k] & ~f.fixedT[i].w[k])) & f.inside.w[k];
    }
    blacks += popcount(rows[i]);
  }
  blacks += writeFormat(w, m, level, [&](int x, int y, bool dark) {
    setBit(rows[y], x, dark);
    setBit(cols[x], y, dark);
  });
  const int w2 = w * w;
  const int bratio = (200 * blacks + w2) / w2 / 2;
  int demerit = (std::abs(bratio - 50) / 5) * N4;
  for (int y = 1; y < w; ++y) demerit += blockDemerit(rows[y - 1], rows[y], f.inside);
  for (int i = 0; i < w; ++i)
    demerit += runDemerit(rows[i], f.inside) + runDemerit(cols[i], f.inside);
  for (int i = 0; i < w && demerit < beat; ++i)
    demerit += finderDemerit(rows[i], w) + finderDemerit(cols[i], w);
  return demerit < beat ? demerit : beat;
}

// The frame with mask m applied and its format information written, as mask.c returns it.
unsigned char* apply(const unsigned char* frame, int w, int m, QRecLevel level) {
  auto* out = static_cast<unsigned char*>(std::malloc(static_cast<std::size_t>(w * w)));
  if (!out) return nullptr;
  const Patterns& pat = patterns();
  for (int y = 0; y < w; ++y) {
    const Row& invert = pat.rows[m][y % kPeriod];
    for (int x = 0; x < w; ++x) {
      const unsigned char b = frame[y * w + x];
      out[y * w + x] = static_cast<unsigned char>(b ^ (!(b & 0x80) && bit(invert, x)));
    }
  }
  writeFormat(w, m, level, [&](int x, int y, bool dark) { out[y * w + x] = dark ? 0x85 : 0x84; });
  return out;
}

}  // namespace mask
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

namespace {

// Appends the decimal digits of 0 <= n < 1000 (a QR with its quiet zone is at most 185 wide).
char* putInt(char* p, int n) {
  if (n >= 100) *p++ = static_cast<char>('0' + n / 100);
  if (n >= 10) *p++ = static_cast<char>('0' + n / 10 % 10);
  *p++ = static_cast<char>('0' + n % 10);
  return p;
}

// "M<x> <y>h<n>v1h-<n>z": at most 1 + 3 + 1 + 3 + 1 + 3 + 4 + 3 + 1 = 20 characters.
constexpr std::size_t kMaxRunChars = 20;

IDV_INLINE char* putRun(char* p, int x, int y, int n) {
  *p++ = 'M';
  p = putInt(p, x);
  *p++ = ' ';
  p = putInt(p, y);
  *p++ = 'h';
  p = putInt(p, n);
  std::memcpy(p, "v1h-", 4);
  p = putInt(p + 4, n);
  *p++ = 'z';
  return p;
}

}  // namespace

// Runs are found on the symbol's own rows (no bounds checks per module) and their digits written
// into a small buffer, appended to one string reserved up front: no temporaries, usually one
// allocation.
std::string QrMatrix::svgPath() const {
  const int n = symbolSize_;
  std::string path;
  path.reserve(static_cast<std::size_t>(n * n) * 4);  // real paths take ~3.5 characters a module
  char buf[32 * kMaxRunChars];
  char* const flushAt = buf + sizeof buf - kMaxRunChars;
  char* p = buf;
  const std::uint8_t* row = modules_.data();
  for (int y = 0; y < n; ++y, row += n) {
    for (int x = 0; x < n;) {
      if (!row[x]) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < n && row[x]) ++x;
      if (p > flushAt) {
        path.append(buf, static_cast<std::size_t>(p - buf));
        p = buf;
      }
      p = putRun(p, start + kQuietZone, y + kQuietZone, x - start);
    }
  }
  path.append(buf, static_cast<std::size_t>(p - buf));
  return path;
}

// The obvious version: kept as the reference the tests compare svgPath() with.
std::string QrMatrix::svgPathReference() const {
  std::string path;
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
  const auto count = static_cast<std::size_t>(width * width);
  std::vector<std::uint8_t> modules(code->data, code->data + count);
  // Raw pointers: at -Oz, vector::operator[] stays a call per module.
  std::uint8_t* m = modules.data();
  for (std::size_t i = 0; i < count; ++i) m[i] &= 1;  // bit 0 = dark, the rest libqrencode's flags
  return QrMatrix(width, std::move(modules));
}

}  // namespace idv

extern "C" unsigned char* idv_qr_mask_select(int width, unsigned char* frame, int level) {
  using namespace idv::mask;
  if (width < 21 || width > kMaxWidth) {
    errno = EINVAL;
    return nullptr;
  }
  const auto lib = static_cast<QRecLevel>(level);
  // 25 KB: on the heap rather than the wasm stack; load() clears only the rows in use.
  const std::unique_ptr<Frame> f(new Frame);
  f->width = width;
  load(*f, frame);
  int best = 0;
  int bestDemerit = INT_MAX;
  for (int m = 0; m < 8; ++m) {
    const int demerit = score(*f, m, lib, bestDemerit);
    if (demerit < bestDemerit) {  // strict: the first of equals wins, as in mask.c
      bestDemerit = demerit;
      best = m;
    }
  }
  return apply(frame, width, best, lib);
}

extern "C" unsigned char* idv_qr_mask_apply(int width, unsigned char* frame, int mask, int level) {
  if (width < 21 || width > idv::mask::kMaxWidth || mask < 0 || mask > 7) {
    errno = EINVAL;
    return nullptr;
  }
  return idv::mask::apply(frame, width, mask, static_cast<QRecLevel>(level));
}
