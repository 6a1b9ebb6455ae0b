#pragma once
// The core's commands as values, for tests: a CommandSink that records each command in the
// order the core produced it (owning copies: the core passes most strings as views), and can
// replay them into another sink (e.g. the JSON writer). The production module never builds
// these: it writes every command straight into its JSON.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tracking/commands.hpp"

namespace idv::test {

struct AbortCommand {
  RequestId requestId;
};
struct WakeCommand {
  Millis atMs;
};
struct CancelWakeCommand {};
struct RenderCommand {
  ViewModel view;
};

// Owned copies of the commands whose strings the core passes as views (valid only during the
// sink call); same names and fields as in tracking/commands.hpp.
struct StatusChangedEvent {
  Phase1State from;
  Phase1State to;
  std::string status;
  std::int64_t version;
};
struct DataEntrySubmittedEvent {
  std::string trackingReference;
  std::int64_t version;
  std::optional<Millis> submittedAt;
};
struct ErrorEvent {
  ErrorCode code;
  bool fatal;
  int httpStatus;
  std::string detail;
};
struct DecisionRelayedEvent {
  std::string trackingReference;
  std::string outcome;
  std::string riskLevel;
  std::optional<Millis> decidedAt;
};
struct DiagnosticEvent {
  std::string kind;
  std::string value;
};
struct RenewCommand {
  std::string reason;
};
struct WalletCommand {
  std::string protocol;
  std::string requestUrl;
  std::string responseUrl;
};

// The alternatives' order is what Command::index() reports (tests count by index).
using Command =
    std::variant<FetchCommand, AbortCommand, WakeCommand, CancelWakeCommand, RenderCommand,
                 StatusChangedEvent, DataEntrySubmittedEvent, ExpiredEvent, ErrorEvent,
                 DecisionRelayedEvent, DiagnosticEvent, RenewCommand, WalletCommand>;
using Commands = std::vector<Command>;

class CommandRecorder final : public CommandSink {
 public:
  Commands commands;

  void fetch(const FetchCommand& c) override { commands.emplace_back(c); }
  void abort(RequestId requestId) override { commands.emplace_back(AbortCommand{requestId}); }
  void wake(Millis atMs) override { commands.emplace_back(WakeCommand{atMs}); }
  void cancelWake() override { commands.emplace_back(CancelWakeCommand{}); }
  void render(const ViewModel& view) override { commands.emplace_back(RenderCommand{view}); }
  void statusChange(const idv::StatusChangedEvent& e) override {
    commands.emplace_back(StatusChangedEvent{e.from, e.to, std::string(e.status), e.version});
  }
  void success(const idv::DataEntrySubmittedEvent& e) override {
    commands.emplace_back(
        DataEntrySubmittedEvent{std::string(e.trackingReference), e.version, e.submittedAt});
  }
  void expired(const ExpiredEvent& e) override { commands.emplace_back(e); }
  void error(const idv::ErrorEvent& e) override {
    commands.emplace_back(ErrorEvent{e.code, e.fatal, e.httpStatus, std::string(e.detail)});
  }
  void decision(const idv::DecisionRelayedEvent& e) override {
    commands.emplace_back(DecisionRelayedEvent{std::string(e.trackingReference),
                                               std::string(e.outcome), std::string(e.riskLevel),
                                               e.decidedAt});
  }
  void renew(const idv::RenewCommand& c) override {
    commands.emplace_back(RenewCommand{std::string(c.reason)});
  }
  void wallet(const idv::WalletCommand& c) override {
    commands.emplace_back(WalletCommand{std::string(c.protocol), std::string(c.requestUrl),
                                        std::string(c.responseUrl)});
  }
  void event(const idv::DiagnosticEvent& e) override {
    commands.emplace_back(DiagnosticEvent{std::string(e.kind), std::string(e.value)});
  }
};

// Hands recorded commands to a sink, in order, as the core once did.
inline void replay(const Commands& commands, CommandSink& out) {
  struct Replay {
    CommandSink& out;
    void operator()(const FetchCommand& c) { out.fetch(c); }
    void operator()(const AbortCommand& c) { out.abort(c.requestId); }
    void operator()(const WakeCommand& c) { out.wake(c.atMs); }
    void operator()(const CancelWakeCommand&) { out.cancelWake(); }
    void operator()(const RenderCommand& c) { out.render(c.view); }
    void operator()(const StatusChangedEvent& e) {
      out.statusChange({e.from, e.to, e.status, e.version});
    }
    void operator()(const DataEntrySubmittedEvent& e) {
      out.success({e.trackingReference, e.version, e.submittedAt});
    }
    void operator()(const ExpiredEvent& e) { out.expired(e); }
    void operator()(const ErrorEvent& e) { out.error({e.code, e.fatal, e.httpStatus, e.detail}); }
    void operator()(const DecisionRelayedEvent& e) {
      out.decision({e.trackingReference, e.outcome, e.riskLevel, e.decidedAt});
    }
    void operator()(const RenewCommand& c) { out.renew({c.reason}); }
    void operator()(const WalletCommand& c) {
      out.wallet({c.protocol, c.requestUrl, c.responseUrl});
    }
    void operator()(const DiagnosticEvent& e) { out.event({e.kind, e.value}); }
  };
  for (const auto& c : commands) std::visit(Replay{out}, c);
}

}  // namespace idv::test
