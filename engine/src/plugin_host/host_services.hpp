// The host services table handed to every plugin: logging into the engine's log, metrics into
// the engine's registry.
#pragma once

#include <sluice/host.hpp>

#include "metrics/metrics.hpp"

namespace sluice::engine {

class HostServices {
 public:
  explicit HostServices(Metrics& metrics);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;
  const sluice_host_services* table() const noexcept { return &table_; }

 private:
  Metrics& metrics_;
  sluice_host_services table_{};
};

}  // namespace sluice::engine
