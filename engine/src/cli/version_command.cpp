#include <curl/curl.h>
#include <librdkafka/rdkafka.h>

#include <iostream>

#include <sluice/version.hpp>

#include "cli/commands.hpp"

namespace sluice::engine {

int version_command() {
  std::cout << "sluice " SLUICE_SDK_VERSION
               " (ABI " SLUICE_STRINGIFY(SLUICE_ABI_VERSION) ", " SLUICE_COMPILER_ID
                                                             ", " SLUICE_STDLIB_ID
                                                             ", " SLUICE_JSON_ID ")\n"
            << "librdkafka " << rd_kafka_version_str() << ", " << curl_version() << "\n";
  return exit_ok;
}

}  // namespace sluice::engine
