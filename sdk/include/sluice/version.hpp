// sluice SDK — versions that decide whether a plugin and a host can work together.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

/// Version of the SDK source (informational; compatibility is decided by the ABI version).
#define SLUICE_SDK_VERSION "0.1.0"

/// Bumped on any change to a type or virtual interface that crosses the plugin boundary.
/// A host refuses a plugin whose ABI version differs from its own.
#define SLUICE_ABI_VERSION 3

#define SLUICE_STRINGIFY_IMPL(x) #x
#define SLUICE_STRINGIFY(x) SLUICE_STRINGIFY_IMPL(x)

/// Compiler family and major version. C++ classes cross the boundary, so both sides must agree.
#if defined(__clang__)
#define SLUICE_COMPILER_ID "clang " SLUICE_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define SLUICE_COMPILER_ID "gcc " SLUICE_STRINGIFY(__GNUC__)
#else
#define SLUICE_COMPILER_ID "unknown"
#endif

/// Standard library family and release (std::string, std::vector layouts).
#if defined(_LIBCPP_VERSION)
#define SLUICE_STDLIB_ID "libc++ " SLUICE_STRINGIFY(_LIBCPP_VERSION)
#elif defined(_GLIBCXX_RELEASE)
#define SLUICE_STDLIB_ID "libstdc++ " SLUICE_STRINGIFY(_GLIBCXX_RELEASE)
#else
#define SLUICE_STDLIB_ID "unknown"
#endif

/// nlohmann/json version: Values (ordered_json) cross the boundary by reference.
#define SLUICE_JSON_ID                                                                 \
  "nlohmann/json " SLUICE_STRINGIFY(NLOHMANN_JSON_VERSION_MAJOR) "." SLUICE_STRINGIFY( \
      NLOHMANN_JSON_VERSION_MINOR) "." SLUICE_STRINGIFY(NLOHMANN_JSON_VERSION_PATCH)
