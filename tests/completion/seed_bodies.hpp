#pragma once
// Bodies from the seeds, verbatim where the seed gives one, shared by the completion tests.
#include <string>

namespace idv::completion::test {

// Seed 003's example callback (the automatic verdict: manual* null).
inline const std::string kSeed003Example = R"({
  "clientId": "123",
  "scanRef": "scan-ref",
  "platform": "MOBILE_APP",
  "startTime": 1554726960,
  "finishTime": 1554727002,
  "status": {
    "overall": "APPROVED",
    "suspicionReasons": [],
    "autoDocument": "DOC_VALIDATED",
    "autoFace": "FACE_MATCH",
    "manualDocument": null,
    "manualFace": null
  },
  "data": {
    "selectedCountry": "LT",
    "docFirstName": "FIRST-NAME-EXAMPLE",
    "docLastName": "LAST-NAME-EXAMPLE",
    "docNumber": "XXXXXXXXX",
    "docPersonalCode": "XXXXXXXXX",
    "docExpiry": "YYYY-MM-DD",
    "docDob": "YYYY-MM-DD",
    "docType": "ID_CARD",
    "docSex": "UNDEFINED",
    "docNationality": "LT",
    "docIssuingCountry": "LT",
    "manuallyDataChanged": false
  },
  "fileUrls": {
    "FRONT": "https://s3.eu-west-1.amazonaws.com/production.users.storage/users_storage/users/<HASH>/FRONT.png?AWSAccessKeyId=<KEY>&Signature=<SIG>&Expires=<STAMP>",
    "BACK": "https://s3.eu-west-1.amazonaws.com/production.users.storage/users_storage/users/<HASH>/BACK.png?AWSAccessKeyId=<KEY>&Signature=<SIG>&Expires=<STAMP>",
    "FACE": "https://s3.eu-west-1.amazonaws.com/production.users.storage/users_storage/users/<HASH>/FACE.png?AWSAccessKeyId=<KEY>&Signature=<SIG>&Expires=<STAMP>"
  },
  "aml": {
    "status": {
      "serviceSuspected": false,
      "checkSuccessful": true,
      "serviceFound": true,
      "serviceUsed": true,
      "overallStatus": "NOT_SUSPECTED"
    },
    "data": [],
    "serviceName": "PilotApiAmlV2",
    "serviceGroupType": "AML",
    "uid": "OHT8GR5ESRF5XROWE5ZGCC123",
    "errorMessage": null
  },
  "lid": {
    "status": {
      "serviceSuspected": false,
      "checkSuccessful": true,
      "serviceFound": true,
      "serviceUsed": true,
      "overallStatus": "NOT_SUSPECTED"
    },
    "data": [],
    "serviceName": "IrdInvalidPapers",
    "serviceGroupType": "LID",
    "uid": "OHT8GR5ESRF5XROWE5ZGCC123",
    "errorMessage": null
  }
})";

}  // namespace idv::completion::test
