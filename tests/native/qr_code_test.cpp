// QR codes: encoded by libqrencode through our matrix/SVG layer, decoded by a real decoder
// (zbarimg from zbar-tools) that nobody on this project wrote. The decoded text must equal
// the input, at every ECC level, for short, long and non-ASCII inputs.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>

#include "qr/qr_code.hpp"

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

}  // namespace
}  // namespace idv
