#pragma once
// The end of Phase 1, whichever way the customer got there: the portal's last step (documents
// and a selfie) or a verified digital-ID wallet presentation (wallet_api.cpp). Both go through
// complete_data_entry, so the status change, the version bump, the wake-up of held long-polls
// (the session store's change listener), the timeline and the Phase 2 schedule are one code
// path; only the entered data and the words of the timeline differ.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/context.hpp"

namespace idv::demo {

// How the customer proved who they are. Stored in the session's details as
// "verificationMethod" and sent in every webhook format (docs/demo.md).
enum class VerificationMethod { document, wallet };

std::string_view to_string(VerificationMethod m);  // "document" / "wallet"

// details: the JSON object of what was entered (the portal's form fields, or the wallet's
// claims); its "verificationMethod" is set here. For the wallet, `credential_format` is the
// presentation's format ("dc+sd-jwt" / "mso_mdoc"), for the timeline. The new version, or
// nullopt when the session was no longer open (finished meanwhile, expired, deleted).
std::optional<std::int64_t> complete_data_entry(ServiceContext& ctx, const std::string& ref,
                                                std::string details_json,
                                                const std::string& user_agent,
                                                VerificationMethod method,
                                                std::string_view credential_format = {});

// The method of a session whose data entry finished (COMPLETED); nullopt before that, or when it
// ended without data entry (EXPIRED, FAILED). Sessions from before the wallet path have no
// "verificationMethod" in their details: they came through the portal.
std::optional<VerificationMethod> verification_method_of(std::string_view status,
                                                         std::string_view details_json);

}  // namespace idv::demo
