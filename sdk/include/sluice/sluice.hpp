// sluice SDK — everything a plugin needs. See README.md in sdk/ for a walk-through.
#pragma once

#include "sluice/converter.hpp"
#include "sluice/formatter.hpp"
#include "sluice/host.hpp"
#include "sluice/options.hpp"
#include "sluice/plugin.hpp"
#include "sluice/record.hpp"
#include "sluice/sink.hpp"
#include "sluice/status.hpp"
#include "sluice/transform.hpp"
#include "sluice/version.hpp"
