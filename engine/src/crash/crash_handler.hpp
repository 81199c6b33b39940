// Fatal signals (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) print one line before the process dies:
//   sluice: fatal signal 11 (SIGSEGV) in transform 'x' (/path/libx.so) at topic t, partition 0,
//   offset 42
// naming the innermost CrashScope of the crashing thread (or "outside any plugin call"). Then the
// default action is restored and the signal raised again, so the process dies of that signal
// (a core dump, a non-zero exit status) exactly as without the handler.
#pragma once

#include <cstddef>

namespace sluice::engine {

class CrashScope;

/// Installs the handlers for the whole process. Call once, early in main(), before threads start.
/// Each thread that may run plugin code creates a CrashStackGuard so that a stack overflow can
/// still be reported.
void install_crash_handlers();

/// An alternate signal stack for the calling thread, for as long as it lives (the handlers run on
/// it, with SA_ONSTACK, so that a thread whose stack overflowed can still print its line).
class CrashStackGuard {
 public:
  CrashStackGuard();
  ~CrashStackGuard();
  CrashStackGuard(const CrashStackGuard&) = delete;
  CrashStackGuard& operator=(const CrashStackGuard&) = delete;

 private:
  void* stack_ = nullptr;
  std::size_t size_ = 0;
  bool installed_ = false;
};

/// Writes the line for signal `sig` and `scope` (may be null) into `buf`, newline included, and
/// returns its length (cut to `size`). Async-signal-safe: no allocation, no locks.
std::size_t format_crash_line(char* buf, std::size_t size, int sig,
                              const CrashScope* scope) noexcept;

/// "SIGSEGV" for 11, "signal" for a number it does not know. Async-signal-safe.
const char* signal_name(int sig) noexcept;

}  // namespace sluice::engine
