#include "faults.hpp"

#include <stdexcept>

namespace sluice_tools {

std::optional<FaultSpec> FaultQueue::take(std::string_view database, std::string_view table,
                                          bool fe_down, std::string_view step) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if ((it->kind == FaultKind::kFeDown) != fe_down) continue;
    if (!fe_down && it->step != step) continue;
    if (!it->database.empty() && it->database != database) continue;
    if (!it->table.empty() && it->table != table) continue;
    FaultSpec taken = *it;
    if (it->count > 0 && --it->count == 0) faults_.erase(it);
    return taken;
  }
  return std::nullopt;
}

namespace {
struct KindName {
  FaultKind kind;
  std::string_view name;
};
constexpr KindName kKindNames[] = {
    {FaultKind::kFailRetryable, "fail_retryable"},
    {FaultKind::kFailPermanent, "fail_permanent"},
    {FaultKind::kHttp500, "http_500"},
    {FaultKind::kDropMidBody, "drop_mid_body"},
    {FaultKind::kSlow, "slow"},
    {FaultKind::kPublishTimeout, "publish_timeout"},
    {FaultKind::kLabelRunning, "label_running"},
    {FaultKind::kFeDown, "fe_down"},
    {FaultKind::kDropReply, "drop_reply"},
    {FaultKind::kTxnInProcessing, "txn_in_processing"},
};
}  // namespace

std::string_view fault_kind_name(FaultKind kind) {
  for (const auto& k : kKindNames) {
    if (k.kind == kind) return k.name;
  }
  return "?";
}

FaultSpec fault_from_json(const nlohmann::json& spec) {
  if (!spec.is_object()) throw std::runtime_error("a fault is a JSON object");
  FaultSpec fault;
  std::string kind = spec.value("kind", std::string());
  bool known = false;
  for (const auto& k : kKindNames) {
    if (k.name == kind) {
      fault.kind = k.kind;
      known = true;
    }
  }
  if (!known) {
    std::string names;
    for (const auto& k : kKindNames) names += (names.empty() ? "" : ", ") + std::string(k.name);
    throw std::runtime_error("unknown fault kind '" + kind + "'; kinds: " + names);
  }
  try {
    fault.database = spec.value("db", spec.value("database", std::string()));
    fault.table = spec.value("table", std::string());
    fault.count = spec.value("count", 1);
    fault.message = spec.value("message", std::string());
    fault.delay_ms = spec.value("delay_ms", 0);
    fault.running_polls = spec.value("running_polls", 2);
    fault.step = spec.value("step", std::string());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad fault field: ") + e.what());
  }
  if (!fault.step.empty()) {
    bool known_step = false;
    for (const char* step : kTxnSteps) known_step = known_step || fault.step == step;
    if (!known_step) {
      throw std::runtime_error("unknown fault step '" + fault.step +
                               "'; steps: begin, load, prepare, commit, rollback");
    }
  }
  return fault;
}

}  // namespace sluice_tools
