#pragma once
// The status document of GET /v1/identifications/{id} (seed 000, docs/merchant.md): what a thin
// webhook points at. Before Phase 2 has a verdict it follows the tracking status; afterwards
// the latest verdict, remembered in sessions.phase2_doc.
#include <cstdint>
#include <string>

#include "service/phase2_verdicts.hpp"
#include "service/session_store.hpp"

namespace idv::demo {

// sessions.phase2_doc for the state after `v` (seq counts verdicts, so `version` grows).
std::string next_phase2_doc(const Session& s, const Phase2Verdict& v, std::int64_t now_ms);

// The body, built with the completion library's builder. The id is the tracking reference.
std::string status_document_json(const Session& s);

}  // namespace idv::demo
