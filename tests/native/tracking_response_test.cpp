// The tracking body parser against the design's example, a corpus of malformed bodies
// (tests/native/corpus/, also the fuzzers' seeds), and limits.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tracking/tracking_response.hpp"

namespace idv {
namespace {

namespace fs = std::filesystem;

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> corpus(const char* sub) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(IDV_TEST_CORPUS_DIR) / sub))
    files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(TrackingResponse, ParsesTheDesignExample) {
  auto r =
      parseTrackingResponse(readFile(fs::path(IDV_TEST_CORPUS_DIR) / "valid/design_example.json"));
  ASSERT_TRUE(std::holds_alternative<TrackingSnapshot>(r));
  const auto& s = std::get<TrackingSnapshot>(r);
  EXPECT_EQ(s.trackingReference, "3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(s.status, TrackingStatus::Pending);
  EXPECT_EQ(s.version, 3);
  EXPECT_EQ(s.portalUrl, "https://verify.example.com/p/3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10");
  EXPECT_EQ(s.expiresAt, 1795341600000);
  EXPECT_EQ(s.updatedAt, 1795339867000);
  EXPECT_EQ(s.longPollMaxWait, 0);
}

TEST(TrackingResponse, OptionalFieldsAndUnknownExtras) {
  auto r = parseTrackingResponse(
      readFile(fs::path(IDV_TEST_CORPUS_DIR) / "valid/completed_no_portal.json"));
  ASSERT_TRUE(std::holds_alternative<TrackingSnapshot>(r));
  const auto& s = std::get<TrackingSnapshot>(r);
  EXPECT_EQ(s.status, TrackingStatus::Completed);
  EXPECT_TRUE(s.portalUrl.empty());
  EXPECT_FALSE(s.expiresAt.has_value());
  EXPECT_EQ(s.updatedAt, 1795339867123 - 2 * 3600 * 1000);
  EXPECT_EQ(s.longPollMaxWait, 30 * kSecond);
}

TEST(TrackingResponse, UnknownStatusIsKeptRaw) {
  auto r =
      parseTrackingResponse(readFile(fs::path(IDV_TEST_CORPUS_DIR) / "valid/unknown_status.json"));
  ASSERT_TRUE(std::holds_alternative<TrackingSnapshot>(r));
  EXPECT_EQ(std::get<TrackingSnapshot>(r).status, TrackingStatus::Unknown);
  EXPECT_EQ(std::get<TrackingSnapshot>(r).rawStatus, "SOMETHING_NEW");
}

TEST(TrackingResponse, EveryMalformedBodyIsATypedError) {
  const auto files = corpus("malformed");
  ASSERT_GE(files.size(), 30u);
  for (const auto& f : files) {
    auto r = parseTrackingResponse(readFile(f));
    EXPECT_TRUE(std::holds_alternative<ParseError>(r)) << f.filename() << " was accepted";
  }
}

TEST(TrackingResponse, SpecificErrorKinds) {
  const std::string ref = R"("trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10")";
  // "kind field", or "accepted": no default ParseError{} stands in for a body that parsed
  // (its kind would be TooLarge, the value one of the expectations below wants).
  auto error = [](std::string_view body) -> std::string {
    auto r = parseTrackingResponse(body);
    if (!std::holds_alternative<ParseError>(r)) return "accepted";
    const auto& e = std::get<ParseError>(r);
    return std::string(toString(e.kind)) + (e.field.empty() ? "" : " " + e.field);
  };
  EXPECT_EQ(error("{"), "malformed_json");
  EXPECT_EQ(error("[1]"), "not_an_object");
  EXPECT_EQ(error("{" + ref + R"(,"version":1})"), "missing_field status");
  EXPECT_EQ(error("{" + ref + R"(,"status":"PENDING","version":"1"})"), "wrong_type version");
  EXPECT_EQ(error("{" + ref + R"(,"status":"PENDING","version":-3})"), "invalid_value version");
  EXPECT_EQ(error(std::string(kMaxTrackingBodyBytes + 1, ' ')), "too_large");
  // A body that would parse, one byte over the limit: refused for its size alone.
  std::string over = "{" + ref + R"(,"status":"PENDING","version":1,"pad":")";
  over += std::string(kMaxTrackingBodyBytes + 1 - over.size() - 2, 'x') + "\"}";
  ASSERT_EQ(over.size(), kMaxTrackingBodyBytes + 1);
  EXPECT_EQ(error(over), "too_large");
  EXPECT_EQ(error("{" + ref + R"(,"status":"PENDING","version":1})"), "accepted")
      << "the helper tells a parsed body apart from every error kind";
}

TEST(TrackingResponse, BodyJustUnderTheLimitIsAccepted) {
  std::string body =
      R"({"trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10","status":"PENDING","version":1,"pad":")";
  body += std::string(kMaxTrackingBodyBytes - body.size() - 2, 'x') + "\"}";
  ASSERT_EQ(body.size(), kMaxTrackingBodyBytes);
  EXPECT_TRUE(std::holds_alternative<TrackingSnapshot>(parseTrackingResponse(body)));
}

TEST(TrackingResponse, LongPollWaitIsClamped) {
  const std::string base =
      R"({"trackingReference":"3f0c9a52-4d7e-4a51-9a43-8c3b1f1e2d10","status":"PENDING","version":1,"longPollMaxWaitSeconds":)";
  EXPECT_EQ(std::get<TrackingSnapshot>(parseTrackingResponse(base + "3600}")).longPollMaxWait,
            30 * kSecond);
  EXPECT_EQ(std::get<TrackingSnapshot>(parseTrackingResponse(base + "-5}")).longPollMaxWait, 0);
}

}  // namespace
}  // namespace idv
