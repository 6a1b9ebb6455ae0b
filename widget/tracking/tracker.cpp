#include "tracking/tracker.hpp"

#include <algorithm>

#include "json/decimal.hpp"
#include "time/rfc_time.hpp"
#include "tracking/handoff_codes.hpp"

namespace idv {

std::string_view toString(ErrorCode c) {
  switch (c) {
    case ErrorCode::InvalidConfig: return "invalid_config";
    case ErrorCode::InvalidReference: return "invalid_reference";
    case ErrorCode::NotFound: return "not_found";
    case ErrorCode::Gone: return "gone";
    case ErrorCode::Forbidden: return "forbidden";
    case ErrorCode::HttpError: return "http_error";
    case ErrorCode::RateLimited: return "rate_limited";
    case ErrorCode::ServerError: return "server_error";
    case ErrorCode::NetworkError: return "network_error";
    case ErrorCode::Timeout: return "timeout";
    case ErrorCode::BadResponse: return "bad_response";
    case ErrorCode::PortalUrlRejected: return "portal_url_rejected";
    case ErrorCode::QrFailed: return "qr_failed";
    case ErrorCode::DecisionTimeout: return "decision_timeout";
    case ErrorCode::RestartFailed: return "restart_failed";
    case ErrorCode::WalletRefused: return "wallet_refused";
    case ErrorCode::WalletFailed: return "wallet_failed";
  }
  return "http_error";
}

bool isValidTrackingReference(std::string_view ref) {
  if (ref.size() < 8 || ref.size() > 128) return false;
  const auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (!alnum(ref.front())) return false;
  return std::all_of(ref.begin(), ref.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_'; });
}

namespace {

std::string secondsParam(Millis delay) {
  return json::decimal((delay + kSecond - 1) / kSecond);
}

const char* detailFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::RateLimited: return "detail.rateLimited";
    case ErrorCode::NotFound: return "detail.notFound";
    case ErrorCode::Gone: return "detail.notFound";
    case ErrorCode::InvalidReference: return "detail.invalidReference";
    case ErrorCode::InvalidConfig: return "detail.invalidReference";
    case ErrorCode::PortalUrlRejected: return "detail.portalRejected";
    case ErrorCode::BadResponse: return "detail.badResponse";
    default: return "detail.retrying";
  }
}

Phase1State stateFor(TrackingStatus s, Phase1State current) {
  switch (s) {
    case TrackingStatus::Pending: return Phase1State::AwaitingScan;
    case TrackingStatus::InProgress: return Phase1State::CustomerActive;
    case TrackingStatus::Completed: return Phase1State::Submitted;
    case TrackingStatus::Expired: return Phase1State::Expired;
    case TrackingStatus::Cancelled: return Phase1State::Cancelled;
    case TrackingStatus::Failed: return Phase1State::Failed;
    case TrackingStatus::Unknown: return current;  // tolerated: reported, not acted on
  }
  return current;
}

}  // namespace

Tracker::Tracker(TrackerConfig config, RequestIds& ids)
    : config_(std::move(config)), ids_(ids), scheduler_(config_.poll, config_.randomSeed) {}

// --- events ---------------------------------------------------------------------------------

void Tracker::start(CommandSink& out, Millis now) {
  if (!isValidTrackingReference(config_.trackingReference)) {
    failFatal(out, ErrorCode::InvalidReference, 0, "malformed tracking reference", false);
    return;
  }
  const auto api = parseHttpUrl(config_.apiBase);
  if (!api || !isSecureEnough(api->origin) ||
      api->pathAndQuery.find_first_of("?#") != std::string::npos) {
    refuseConfig(out, "apiBase must be an https URL (http on loopback)");
    return;
  }
  auto policy = PortalUrlPolicy::forOrigin(config_.portalOrigin.empty() ? api->origin.serialize()
                                                                        : config_.portalOrigin);
  if (auto* rejection = std::get_if<UrlRejection>(&policy)) {
    refuseConfig(out, "portalOrigin rejected: " + std::string(toString(*rejection)));
    return;
  }
  portalPolicy_ = std::get<PortalUrlPolicy>(std::move(policy));
  shortCodeAddress_ = shortCodeAddress(portalPolicy_->origin());

  std::string path = api->pathAndQuery;
  while (!path.empty() && path.back() == '/') path.pop_back();
  apiRoot_ = api->origin.serialize() + path;
  trackingUrl_ = apiRoot_ + "/v1/tracking/" + config_.trackingReference;
  sendRequest(out, now);
}

void Tracker::refuseConfig(CommandSink& out, std::string_view detail) {
  failFatal(out, ErrorCode::InvalidConfig, 0, detail, false);
}

void Tracker::onResponse(CommandSink& out, Millis now, RequestId id, const HttpResponse& response) {
  if (!owns(id)) return;  // aborted or superseded: not ours any more
  inFlight_.reset();

  const int status = response.status;
  const auto retryAfter =
      response.retryAfter ? parseRetryAfter(*response.retryAfter, now) : std::nullopt;

  if (status == 200) {
    auto parsed = parseTrackingResponse(response.body);
    if (auto* err = std::get_if<ParseError>(&parsed)) {
      std::string detail(toString(err->kind));
      if (!err->field.empty()) detail += ": " + err->field;
      failTransient(out, now, ErrorCode::BadResponse, status, detail);
    } else {
      const auto& snap = std::get<TrackingSnapshot>(parsed);
      if (snap.trackingReference != config_.trackingReference) {
        failTransient(out, now, ErrorCode::BadResponse, status, "trackingReference mismatch");
      } else {
        if (response.etag && !response.etag->empty() && response.etag->size() <= 256 &&
            snap.version >= lastVersion_)
          etag_ = std::string(*response.etag);
        applySnapshot(out, now, snap);
      }
    }
  } else if (status == 304) {
    notFoundStreak_ = 0;
    recovered(out);
    scheduleAfterSuccess(out, now, false);
  } else if (status == 404) {
    if (++notFoundStreak_ >= kNotFoundLimit)
      failFatal(out, ErrorCode::NotFound, status, "unknown tracking reference", true);
    else
      failTransient(out, now, ErrorCode::NotFound, status, "unknown tracking reference");
  } else if (status == 410) {
    transition(out, Phase1State::Expired, "");
    expire(out, "gone");
  } else if (status == 429) {
    failTransient(out, now, ErrorCode::RateLimited, status, "rate limited", retryAfter);
  } else if (status == 408) {
    failTransient(out, now, ErrorCode::Timeout, status, "request timeout", retryAfter);
  } else if (status == 401 || status == 403) {
    failFatal(out, ErrorCode::Forbidden, status, "access refused", false);
  } else if (status >= 400 && status < 500) {
    failFatal(out, ErrorCode::HttpError, status, "unexpected client error", false);
  } else if (status >= 500 && status < 600) {
    failTransient(out, now, ErrorCode::ServerError, status, "server error", retryAfter);
  } else {
    failTransient(out, now, ErrorCode::BadResponse, status, "unexpected HTTP status");
  }
}

void Tracker::onFailure(CommandSink& out, Millis now, RequestId id, FailureKind kind) {
  if (!owns(id)) return;
  inFlight_.reset();
  if (!online_) return;  // offline is already on screen; `online` will resume polling
  if (kind == FailureKind::Timeout)
    failTransient(out, now, ErrorCode::Timeout, 0, "no response in time");
  else
    failTransient(out, now, ErrorCode::NetworkError, 0, "request failed");
}

void Tracker::onTimer(CommandSink& out, Millis now) {
  if (!wakeAt_ || now < *wakeAt_) return;
  wakeAt_.reset();
  if (const auto d = deadline(); d && now >= *d && !isTerminal(state_)) {
    transition(out, Phase1State::Expired, "");
    expire(out, "deadline");
  } else {
    pollSoon(out, now);
  }
}

void Tracker::onVisibility(CommandSink& out, Millis now, bool visible) {
  if (visible == visible_) return;
  visible_ = visible;
  if (isTerminal(state_) || !portalPolicy_) return;
  if (visible) {
    pollSoon(out, now);  // the customer is back: tell them where things stand right away
  } else if (wakeAt_) {  // slow down: the next poll no sooner than the hidden cadence
    scheduleAt(std::max(*wakeAt_, lastRequestAt_ + config_.poll.hiddenInterval));
  }
}

void Tracker::onConnectivity(CommandSink& out, Millis now, bool online) {
  if (online == online_) return;
  online_ = online;
  if (isTerminal(state_) || !portalPolicy_) return;
  if (!online) {
    wakeAt_.reset();
    detailKey_ = "detail.offline";
    params_.clear();
  } else {
    if (detailKey_ == "detail.offline") detailKey_.reset();
    pollSoon(out, now);
  }
}

void Tracker::refresh(CommandSink& out, Millis now) {
  if (state_ == Phase1State::Error && retryable_) {
    retryable_ = false;
    notFoundStreak_ = 0;
    activeError_.reset();
    detailKey_.reset();
    params_.clear();
    transition(out, Phase1State::Loading, "");
  }
  if (portalPolicy_) pollSoon(out, now);
}

// --- requests and timers --------------------------------------------------------------------

// The one gate every request of the tracking endpoint passes: the timer, the tab becoming
// visible, the browser coming back online and refresh() all land here. Inside a Retry-After
// or a backoff the request waits for its floor, whatever asked for it; outside, it goes now.
void Tracker::pollSoon(CommandSink& out, Millis now) {
  if (!canPoll()) return;
  if (now < notBefore_) {
    scheduleAt(notBefore_);
    return;
  }
  wakeAt_.reset();
  sendRequest(out, now);
}

void Tracker::sendRequest(CommandSink& out, Millis now) {
  const bool longPoll =
      config_.longPoll && longPollMaxWait_ > 0 && visible_ && lastVersion_ >= 0 && !activeError_;
  std::string url = trackingUrl_;
  Millis timeout = config_.poll.requestTimeout;
  if (longPoll) {
    const Millis wait = std::min(longPollMaxWait_, config_.poll.maxLongPoll);
    url += "?waitSeconds=";
    json::appendDecimal(url, wait / kSecond);
    url += "&sinceVersion=";
    json::appendDecimal(url, lastVersion_);
    timeout += wait;
  }
  const RequestId id = ids_.take();
  inFlight_ = id;
  inFlightSince_ = now;
  inFlightLongPoll_ = longPoll;
  lastRequestAt_ = now;
  const bool conditional = config_.conditionalRequests && !etag_.empty();
  out.fetch(FetchCommand{id, std::move(url),
                         conditional ? std::optional<std::string>(etag_) : std::nullopt, timeout,
                         /*sameOriginCredentials=*/false, kMaxTrackingBodyBytes});
}

std::optional<Millis> Tracker::deadline() const {
  if (!expiresAt_) return std::nullopt;
  return *expiresAt_ + kExpiryGrace;
}

void Tracker::scheduleAt(Millis at) {
  if (const auto d = deadline()) at = std::min(at, *d);
  wakeAt_ = at;
}

void Tracker::scheduleAfterSuccess(CommandSink& out, Millis now, bool versionChanged) {
  if (isTerminal(state_)) return;
  const bool longPollReady = config_.longPoll && longPollMaxWait_ > 0 && visible_ && online_;
  const bool heldLongEnough = inFlightLongPoll_ && now - inFlightSince_ >= kMinLongPollHold;
  const Millis delay = scheduler_.delayAfterSuccess(visible_);
  if (longPollReady && (versionChanged || heldLongEnough)) {
    // The server holds the next request until something changes: ask again at once.
    if (online_) sendRequest(out, now);
    return;
  }
  if (online_) scheduleAt(now + delay);
}

// --- applying what the service said ----------------------------------------------------------

void Tracker::applySnapshot(CommandSink& out, Millis now, const TrackingSnapshot& snap) {
  notFoundStreak_ = 0;
  recovered(out);
  longPollMaxWait_ = snap.longPollMaxWait;

  if (snap.version < lastVersion_) {
    // From a lagging cache or replica: true once, but no longer. Never go backwards.
    out.event(DiagnosticEvent{"stale_response", json::decimal(snap.version)});
    scheduleAfterSuccess(out, now, false);
    return;
  }
  if (snap.version == lastVersion_) {  // duplicate: nothing new
    scheduleAfterSuccess(out, now, false);
    return;
  }
  lastVersion_ = snap.version;
  expiresAt_ = snap.expiresAt;
  if (!snap.portalUrl.empty()) acceptPortalUrl(out, snap.portalUrl);
  shortCode_ = acceptCode(out, snap.shortCode, "shortCode", isValidShortCode);
  matchCode_ = acceptCode(out, snap.matchCode, "matchCode", isValidMatchCode);
  walletProtocols_ = snap.walletProtocols.value_or("");

  if (snap.status == TrackingStatus::Unknown)
    out.event(DiagnosticEvent{"unknown_status", snap.rawStatus});

  const Phase1State target = stateFor(snap.status, state_);
  if (target != state_) {
    transition(out, target, snap.rawStatus);
    if (target == Phase1State::Submitted) {
      out.success(DataEntrySubmittedEvent{config_.trackingReference, snap.version, snap.updatedAt});
    }
    if (target == Phase1State::Expired) expire(out, "status");
  }
  scheduleAfterSuccess(out, now, true);
}

void Tracker::acceptPortalUrl(CommandSink& out, const std::string& url) {
  if (portalUrl_ && *portalUrl_ == url) return;
  auto checked = portalPolicy_->check(url);
  if (auto* rejection = std::get_if<UrlRejection>(&checked)) {
    // A tampered or misconfigured response: show no QR and no link rather than a wrong one.
    portalUrl_.reset();
    qr_.reset();
    if (rejectedUrl_ != url) {
      rejectedUrl_ = url;
      out.error(ErrorEvent{ErrorCode::PortalUrlRejected, false, 200, toString(*rejection)});
      out.event(DiagnosticEvent{"portal_url_rejected", toString(*rejection)});
    }
    detailKey_ = "detail.portalRejected";
    return;
  }
  auto approved = std::get<std::string>(std::move(checked));
  auto encoded = encodeQr(approved, config_.ecc);
  if (auto* qrError = std::get_if<QrError>(&encoded)) {
    out.error(ErrorEvent{ErrorCode::QrFailed, false, 0, toString(*qrError)});
    qr_.reset();
  } else {
    const auto& matrix = std::get<QrMatrix>(encoded);
    qr_ = QrView{matrix.size(), QrMatrix::kQuietZone, matrix.svgPath()};
  }
  if (detailKey_ == "detail.portalRejected") detailKey_.reset();
  rejectedUrl_.reset();
  portalUrl_ = std::move(approved);
}

std::optional<std::string> Tracker::acceptCode(CommandSink& out,
                                               const std::optional<std::string>& code,
                                               const char* field, bool (*valid)(std::string_view)) {
  if (!code) return std::nullopt;  // the session is no longer open: the code is gone
  if (!valid(*code)) {
    // Shown beside the QR only in its exact format; the rest of the response still counts.
    out.event(DiagnosticEvent{"handoff_code_rejected", field});
    return std::nullopt;
  }
  return code;
}

void Tracker::expire(CommandSink& out, const char* reason) {
  expiry_ = ExpiredEvent{reason, expiresAt_, {}};
  if (config_.reportExpiry) out.expired(*expiry_);
}

void Tracker::transition(CommandSink& out, Phase1State to, std::string_view rawStatus) {
  if (to == state_) return;
  const Phase1State from = state_;
  state_ = to;
  out.statusChange(StatusChangedEvent{from, to, rawStatus, lastVersion_});
  if (isTerminal(to)) stop(out);
}

void Tracker::stop(CommandSink& out) {
  wakeAt_.reset();
  if (inFlight_) {
    out.abort(*inFlight_);
    inFlight_.reset();
  }
  if (state_ != Phase1State::Error) {
    detailKey_.reset();
    params_.clear();
  }
}

// --- errors ---------------------------------------------------------------------------------

void Tracker::failTransient(CommandSink& out, Millis now, ErrorCode code, int httpStatus,
                            std::string_view detail, std::optional<Millis> retryAfter) {
  const Millis delay = scheduler_.delayAfterFailure(visible_, retryAfter);
  notBefore_ = now + delay;
  if (activeError_ != code) {  // report a problem when it starts, not on every retry
    activeError_ = code;
    out.error(ErrorEvent{code, false, httpStatus, detail});
  }
  detailKey_ = detailFor(code);
  params_ = {{"seconds", secondsParam(delay)}};
  scheduleAt(now + delay);
}

void Tracker::failFatal(CommandSink& out, ErrorCode code, int httpStatus, std::string_view detail,
                        bool retryable) {
  notBefore_ = 0;  // polling stops; a retry is the customer's explicit wish, no server floor
  activeError_ = code;
  retryable_ = retryable;
  detailKey_ = detailFor(code);
  params_.clear();
  transition(out, Phase1State::Error, "");
  out.error(ErrorEvent{code, true, httpStatus, detail});
}

void Tracker::recovered(CommandSink& out) {
  notBefore_ = 0;
  if (!activeError_) return;
  out.event(DiagnosticEvent{"recovered", toString(*activeError_)});
  activeError_.reset();
  if (detailKey_ != "detail.portalRejected") {
    detailKey_.reset();
    params_.clear();
  }
}

ViewInputs Tracker::viewInputs() const {
  ViewInputs in{state_,
                portalUrl_ ? &*portalUrl_ : nullptr,
                qr_ ? &*qr_ : nullptr,
                detailKey_,
                params_,
                retryable_,
                DecisionPhase::Off};
  if (shortCode_) {
    in.shortCode = &*shortCode_;
    in.shortCodeAddress = &shortCodeAddress_;
  }
  if (matchCode_) in.matchCode = &*matchCode_;
  return in;
}

}  // namespace idv
