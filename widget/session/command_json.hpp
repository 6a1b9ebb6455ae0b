#pragma once
// Commands (and the view models inside them) as the JSON that web/ reads (docs/bridge.md):
// {"commands":[ … ]}, each command written the moment the core produces it.
#include <string>

#include "json/json_writer.hpp"
#include "tracking/commands.hpp"

namespace idv {

class CommandJson final : public CommandSink {
 public:
  CommandJson();
  // The finished document; the sink is spent afterwards.
  std::string take();

  void fetch(const FetchCommand& c) override;
  void abort(RequestId requestId) override;
  void wake(Millis atMs) override;
  void cancelWake() override;
  void render(const ViewModel& view) override;
  void statusChange(const StatusChangedEvent& e) override;
  void success(const DataEntrySubmittedEvent& e) override;
  void expired(const ExpiredEvent& e) override;
  void error(const ErrorEvent& e) override;
  void decision(const DecisionRelayedEvent& e) override;
  void renew(const RenewCommand& c) override;
  void wallet(const WalletCommand& c) override;
  void event(const DiagnosticEvent& e) override;

 private:
  // Opens the command's object with its "type"; the caller adds the fields and closes it.
  json::JsonWriter& begin(const char* type);

  json::JsonWriter w_;
};

}  // namespace idv
