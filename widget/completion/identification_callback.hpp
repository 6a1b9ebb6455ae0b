#pragma once
// The identification result callback of seed 003: a rich document sent twice per
// identification, first with the automatic verdict, then with the manual one.
//
// Every field, enumeration, length limit and null rule of the seed's tables is checked. The rules
// for what the tables leave open (docs/merchant.md, "Identification callback"):
//   errors   - not JSON / not an object / over kMaxWebhookBodyBytes; `status` missing or not an
//              object; `status.overall` missing or null; `scanRef` missing, empty or over 36;
//              `clientId` over 100 (identifiers: a truncated or padded key could match another
//              record); any documented field with another JSON type than its table says;
//              negative times.
//   warnings - an enumeration value not in the table (kept as sent); free text or a URL over its
//              documented length (kept whole: the merchant decides whether to store it); null in
//              a field whose table does not allow null (platform, clientId, times,
//              suspicionReasons). Data fields, file URLs and the four verdict fields may be null.
//   ignored  - unknown keys (the sender may add fields).
// Warnings never carry document data (names, numbers, URLs); enumeration values are quoted.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "completion/decision.hpp"
#include "completion/parse_issue.hpp"

namespace idv::completion {

// status.overall, the one field a decision is derived from.
enum class OverallStatus {
  Approved,
  Denied,
  Suspected,
  Reviewing,
  Active,
  Expired,
  Deleted,
  Archived,
  Unknown
};
OverallStatus parseOverallStatus(std::string_view text);

struct IdentificationStatus {
  std::string overall;  // as sent (max 30)
  OverallStatus overallStatus = OverallStatus::Unknown;
  std::vector<std::string> suspicionReasons;
  std::optional<std::string> autoFace, manualFace, autoDocument, manualDocument;

  bool operator==(const IdentificationStatus&) const = default;
};

// The data table: every field may be null (nullopt).
struct IdentificationData {
  std::optional<std::string> docFirstName, docLastName, docNumber, docPersonalCode, docExpiry,
      docDob, docDateOfIssue, docType, docSex, docNationality, docIssuingCountry, selectedCountry,
      birthPlace, authority, address, driverLicenseCategory;
  std::optional<bool> manuallyDataChanged;

  bool operator==(const IdentificationData&) const = default;
};

struct FileUrls {
  std::optional<std::string> front, back, face, frontVideo, backVideo, faceVideo;
  bool operator==(const FileUrls&) const = default;
};

// aml / lid: their schema lives in other documents of the sender, so only the common envelope
// is read (leniently: a surprise there is a warning) and the whole object is kept as JSON.
struct FraudCheck {
  std::string rawJson;  // the object as received, re-serialised compactly
  std::optional<std::string> serviceName, serviceGroupType, overallStatus;
  std::optional<bool> serviceSuspected, checkSuccessful;
  bool operator==(const FraudCheck&) const = default;
};

struct IdentificationCallback {
  std::string scanRef;                  // required, max 36: the sender's id, the ledger key
  std::optional<std::string> clientId;  // max 100: the merchant's own id
  std::optional<std::string> platform;  // PC, MOBILE, TABLET, MOBILE_APP, MOBILE_SDK, OTHER
  IdentificationStatus status;
  IdentificationData data;
  FileUrls fileUrls;
  std::optional<FraudCheck> aml, lid;
  std::optional<std::int64_t> startTime, finishTime;  // unix seconds

  // Manual when a human left a trace: a manual verdict field or manuallyDataChanged == true.
  Reviewer reviewer() const;
  bool operator==(const IdentificationCallback&) const = default;
};

struct IdentificationParse {
  std::optional<IdentificationCallback> callback;  // set iff no error
  std::optional<ParseIssue> error;
  std::vector<ParseIssue> warnings;
  bool ok() const { return !error.has_value(); }
};

IdentificationParse parseIdentificationCallback(std::string_view body);

// The seed's enumeration tables, for receivers that want to show or check them.
std::span<const std::string_view> knownPlatforms();
std::span<const std::string_view> knownOverallStatuses();
std::span<const std::string_view> knownSuspicionReasons();
std::span<const std::string_view> knownFaceResults();
std::span<const std::string_view> knownDocumentResults();
std::span<const std::string_view> knownDocumentTypes();
std::span<const std::string_view> knownSexes();

}  // namespace idv::completion
