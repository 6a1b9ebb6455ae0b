// QR codes: encoded by libqrencode through our matrix/SVG layer, decoded by a real decoder
// (zbarimg from zbar-tools) that nobody on this project wrote. The decoded text must equal
// the input, at every ECC level, for short, long and non-ASCII inputs.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <regex>
#include <set>

#include <qrencode.h>

#include "qr/qr_code.hpp"

// libqrencode's own mask selection and fixed-mask encoder (exported by the system library,
// declared in its private mask.h / qrencode_inner.h): the reference for idv_qr_mask_select.
extern "C" unsigned char* Mask_mask(int width, unsigned char* frame, QRecLevel level);
extern "C" unsigned char* Mask_makeMask(int width, unsigned char* frame, int mask, QRecLevel level);
extern "C" QRcode* QRcode_encodeMask(QRinput* input, int mask);

namespace idv {
namespace {

namespace fs = std::filesystem;

// The matrix as a binary PGM, `scale` pixels per module (quiet zone included).
void writePgm(const QrMatrix& m, const fs::path& path, int scale = 4) {
  const int px = m.size() * scale;
  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << px << " " << px << "\n255\n";
  for (int y = 0; y < px; ++y)
    for (int x = 0; x < px; ++x) out.put(m.dark(x / scale, y / scale) ? '\0' : '\xff');
}

// The same picture drawn from the SVG path data, to prove the path says what the matrix says.
QrMatrix matrixFromSvgPath(const std::string& path, int size) {
  std::vector<std::uint8_t> modules(static_cast<std::size_t>(size * size));
  const std::regex run(R"(M(\d+) (\d+)h(\d+)v1h-(\d+)z)");
  for (auto it = std::sregex_iterator(path.begin(), path.end(), run); it != std::sregex_iterator();
       ++it) {
    const int x = std::stoi((*it)[1]), y = std::stoi((*it)[2]), n = std::stoi((*it)[3]);
    EXPECT_EQ(n, std::stoi((*it)[4]));
    for (int i = 0; i < n; ++i) modules[static_cast<std::size_t>(y * size + x + i)] = 1;
  }
  // QrMatrix adds its own quiet zone; strip ours so coordinates line up.
  const int inner = size - 2 * QrMatrix::kQuietZone;
  std::vector<std::uint8_t> symbol(static_cast<std::size_t>(inner * inner));
  for (int y = 0; y < inner; ++y)
    for (int x = 0; x < inner; ++x)
      symbol[static_cast<std::size_t>(y * inner + x)] = modules[static_cast<std::size_t>(
          (y + QrMatrix::kQuietZone) * size + x + QrMatrix::kQuietZone)];
  return QrMatrix(inner, std::move(symbol));
}

std::string zbarDecode(const fs::path& image) {
  // -Sbinary: the bytes as encoded, with no charset guessing; --raw: no "QR-Code:" prefix.
  const std::string cmd = "zbarimg --quiet --raw -Sbinary '" + image.string() + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return "<popen failed>";
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) out.append(buf, n);
  if (!out.empty() && out.back() == '\n') out.pop_back();  // zbarimg ends each symbol with \n
  return out;
}

class QrRoundTrip : public ::testing::TestWithParam<QrEcc> {};

TEST_P(QrRoundTrip, ZbarDecodesWhatWeEncoded) {
  const std::string ascii300 = "https://verify.example.com/p/" + std::string(271, 'a');
  std::string mixed1000 = "https://verify.example.com/p/3f0c9a52?";
  while (mixed1000.size() < 1000) mixed1000 += "k" + std::to_string(mixed1000.size()) + "=v&";
  mixed1000.resize(1000);
  const std::vector<std::string> inputs = {
      "https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10",
      ascii300,
      mixed1000,
      "https://verify.example.com/p/žąsų-ūkis?naam=Ĳsselmeer&名前=テスト",
  };
  const fs::path dir = fs::temp_directory_path() / ("idv-qr-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto encoded = encodeQr(inputs[i], GetParam());
    ASSERT_TRUE(std::holds_alternative<QrMatrix>(encoded)) << inputs[i].size();
    const auto& matrix = std::get<QrMatrix>(encoded);
    EXPECT_EQ((matrix.symbolSize() - 17) % 4, 0) << "a QR symbol is 17 + 4·version modules";

    const auto viaSvg = matrixFromSvgPath(matrix.svgPath(), matrix.size());
    const fs::path image = dir / ("qr-" + std::to_string(i) + ".pgm");
    writePgm(viaSvg, image);
    EXPECT_EQ(zbarDecode(image), inputs[i])
        << "input " << i << " (" << inputs[i].size() << " bytes)";
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(EveryEccLevel, QrRoundTrip,
                         ::testing::Values(QrEcc::Low, QrEcc::Medium, QrEcc::Quartile,
                                           QrEcc::High));

TEST(QrCode, HigherEccNeedsMoreModules) {
  const std::string url = "https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10";
  int previous = 0;
  for (auto ecc : {QrEcc::Low, QrEcc::Medium, QrEcc::Quartile, QrEcc::High}) {
    const int size = std::get<QrMatrix>(encodeQr(url, ecc)).size();
    EXPECT_GE(size, previous);
    previous = size;
  }
  EXPECT_GT(previous, std::get<QrMatrix>(encodeQr(url, QrEcc::Low)).size());
}

TEST(QrCode, TooLongAndEmptyAreErrorValues) {
  EXPECT_EQ(std::get<QrError>(encodeQr(std::string(3000, 'x'), QrEcc::Low)), QrError::TooLong);
  EXPECT_EQ(std::get<QrError>(encodeQr(std::string(1300, 'x'), QrEcc::High)), QrError::TooLong);
  EXPECT_TRUE(std::holds_alternative<QrMatrix>(encodeQr(std::string(1200, 'x'), QrEcc::High)));
  EXPECT_EQ(std::get<QrError>(encodeQr("", QrEcc::Medium)), QrError::Empty);
  EXPECT_EQ(std::get<QrError>(encodeQr(std::string_view("a\0b", 3), QrEcc::Medium)),
            QrError::EncodeFailed);
}

TEST(QrCode, SvgPathHasQuietZoneAndOnlyRuns) {
  const auto m = std::get<QrMatrix>(encodeQr("https://verify.example.com/p/x", QrEcc::Medium));
  const std::string path = m.svgPath();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.rfind("M4 4h7v1h-7z", 0), 0u)
      << "the top-left finder pattern starts inside the quiet zone";
  EXPECT_TRUE(std::regex_match(path, std::regex(R"((M\d+ \d+h\d+v1h-\d+z)+)")));
  for (int i = 0; i < m.size(); ++i) {
    EXPECT_FALSE(m.dark(i, 0));
    EXPECT_FALSE(m.dark(0, i));
    EXPECT_FALSE(m.dark(i, m.size() - 1));
  }
}

TEST(QrCode, SvgPathOfAKnownMatrix) {
  // 3×3 symbol: a full row, a lone module, two runs.
  const QrMatrix m(3, {1, 1, 1,  //
                       0, 1, 0,  //
                       1, 0, 1});
  EXPECT_EQ(m.svgPath(), "M4 4h3v1h-3zM5 5h1v1h-1zM4 6h1v1h-1zM6 6h1v1h-1z");
  EXPECT_EQ(QrMatrix(2, {0, 0, 0, 0}).svgPath(), "");
}

TEST(QrCode, SvgPathEqualsTheObviousBuilderOnRandomMatrices) {
  std::mt19937 rng(12345);
  for (int n : {1, 2, 21, 33, 57, 99, 121, 177}) {  // 177 + 8 = 185: three-digit coordinates
    for (int density : {0, 1, 2, 3, 4}) {           // all light … all dark
      std::vector<std::uint8_t> modules(static_cast<std::size_t>(n * n));
      for (auto& v : modules) v = static_cast<std::uint8_t>(rng() % 4 < unsigned(density));
      const QrMatrix m(n, modules);
      ASSERT_EQ(m.svgPath(), m.svgPathReference()) << "n=" << n << " density=" << density;
    }
  }
}

void expectSameSelection(unsigned char* frame, int width, QRecLevel level,
                         const std::string& what) {
  std::vector<unsigned char> a(frame, frame + width * width), b = a;
  std::unique_ptr<unsigned char, decltype(&std::free)> lib(Mask_mask(width, a.data(), level),
                                                           &std::free);
  std::unique_ptr<unsigned char, decltype(&std::free)> ours(
      idv_qr_mask_select(width, b.data(), level), &std::free);
  ASSERT_TRUE(lib && ours) << what;
  ASSERT_EQ(0, std::memcmp(lib.get(), ours.get(), static_cast<std::size_t>(width * width))) << what;
}

// Real frames: QRcode_encodeMask's "mask -2" (a debugging mode of libqrencode) returns the
// frame exactly as it would reach Mask_mask — finder, timing, data and ECC bits, unmasked.
TEST(QrMaskSelect, MatchesLibqrencodeOnRealFrames) {
  std::mt19937 rng(2024);
  const std::string alphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%";
  std::set<int> masksChosen;
  int checked = 0;
  for (int len : {1, 10, 60, 61, 150, 300, 500, 1000, 1500, 2300}) {
    for (int rep = 0; rep < 8; ++rep) {
      std::string text;
      for (int i = 0; i < len; ++i) text += alphabet[rng() % alphabet.size()];
      const auto level = static_cast<QRecLevel>(rng() % 4);
      std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, level),
                                                              &QRinput_free);
      ASSERT_EQ(0, QRinput_append(input.get(), QR_MODE_8, len,
                                  reinterpret_cast<const unsigned char*>(text.data())));
      std::unique_ptr<QRcode, decltype(&QRcode_free)> raw(QRcode_encodeMask(input.get(), -2),
                                                          &QRcode_free);
      if (!raw) continue;  // too long at this level
      const int w = raw->width;
      expectSameSelection(raw->data, w, level,
                          std::to_string(len) + " bytes, level " + std::to_string(level));
      // Which mask won: the one whose fixed-mask encode it equals. And each fixed mask applied by
      // idv_qr_mask_apply equals libqrencode's Mask_makeMask.
      std::unique_ptr<unsigned char, decltype(&std::free)> ours(
          idv_qr_mask_select(w, raw->data, level), &std::free);
      for (int m = 0; m < 8; ++m) {
        std::unique_ptr<unsigned char, decltype(&std::free)> libM(
            Mask_makeMask(w, raw->data, m, level), &std::free);
        std::unique_ptr<unsigned char, decltype(&std::free)> ourM(
            idv_qr_mask_apply(w, raw->data, m, level), &std::free);
        ASSERT_EQ(0, std::memcmp(libM.get(), ourM.get(), static_cast<std::size_t>(w * w)))
            << "mask " << m;
        std::unique_ptr<QRcode, decltype(&QRcode_free)> fixed(QRcode_encodeMask(input.get(), m),
                                                              &QRcode_free);
        if (std::memcmp(fixed->data, ours.get(), static_cast<std::size_t>(w * w)) == 0)
          masksChosen.insert(m);
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 70);  // 80 inputs; a few 2,300-byte ones do not fit at Q and H
  EXPECT_EQ(masksChosen.size(), 8u) << "the inputs should make every mask win somewhere";
}

TEST(QrMaskSelect, MatchesLibqrencodeOnRandomFrames) {
  std::mt19937 rng(7);
  for (int version : {1, 2, 4, 7, 13, 26, 27, 40}) {
    const int w = 17 + 4 * version;
    for (int rep = 0; rep < 4; ++rep) {
      // Random modules, a random tenth of them "function" (0x80: never masked); the format area
      // holds random bits too, which both selections count and then overwrite.
      std::vector<unsigned char> frame(static_cast<std::size_t>(w * w));
      for (auto& b : frame) {
        b = static_cast<unsigned char>(0x02 | (rng() & 1));
        if (rng() % 10 == 0) b |= 0x80;
      }
      const auto level = static_cast<QRecLevel>(rep);
      expectSameSelection(frame.data(), w, level, "version " + std::to_string(version));
    }
  }
  // Widths no QR has are refused, as are masks outside 0..7.
  std::vector<unsigned char> frame(200 * 200);
  EXPECT_EQ(idv_qr_mask_select(20, frame.data(), QR_ECLEVEL_M), nullptr);
  EXPECT_EQ(idv_qr_mask_select(178, frame.data(), QR_ECLEVEL_M), nullptr);
  EXPECT_EQ(idv_qr_mask_apply(21, frame.data(), 8, QR_ECLEVEL_M), nullptr);
}

}  // namespace
}  // namespace idv
