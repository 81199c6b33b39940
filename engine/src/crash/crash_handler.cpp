#include "crash/crash_handler.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <system_error>

#include "crash/crash_scope.hpp"

namespace sluice::engine {

namespace {

constexpr std::array kFatalSignals{SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// Appends to a fixed buffer, never past its end.
class LineWriter {
 public:
  LineWriter(char* buf, std::size_t size) noexcept : buf_(buf), size_(size) {}
  void put(std::string_view s) noexcept {
    std::size_t n = std::min(s.size(), size_ - len_);
    std::memcpy(buf_ + len_, s.data(), n);
    len_ += n;
  }
  void put(std::int64_t v) noexcept {
    char digits[24];
    std::size_t n = 0;
    // Negative numbers through the unsigned magnitude: -INT64_MIN overflows.
    std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
      digits[sizeof digits - 1 - n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v < 0) digits[sizeof digits - 1 - n++] = '-';
    put(std::string_view(digits + sizeof digits - n, n));
  }
  std::size_t size() const noexcept { return len_; }

 private:
  char* buf_;
  std::size_t size_;
  std::size_t len_ = 0;
};

std::atomic<bool> reported{false};

void on_fatal_signal(int sig, siginfo_t*, void*) {
  // One line per process: a second thread crashing meanwhile dies without a second line.
  if (!reported.exchange(true)) {
    char line[1024];
    std::size_t n = format_crash_line(line, sizeof line, sig, CrashScope::current());
    for (std::size_t done = 0; done < n;) {
      ssize_t w = ::write(STDERR_FILENO, line + done, n - done);
      if (w > 0) {
        done += static_cast<std::size_t>(w);
      } else if (w < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  // Pending until this handler returns (the signal is blocked while it runs); then the default
  // action ends the process. A fault from an instruction also faults again when it is retried.
  ::raise(sig);
}

}  // namespace

const char* signal_name(int sig) noexcept {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGABRT:
      return "SIGABRT";
    case SIGKILL:
      return "SIGKILL";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    case SIGTRAP:
      return "SIGTRAP";
    case SIGSYS:
      return "SIGSYS";
    default:
      return "signal";
  }
}

std::size_t format_crash_line(char* buf, std::size_t size, int sig,
                              const CrashScope* scope) noexcept {
  LineWriter w(buf, size > 0 ? size - 1 : 0);  // room for the newline
  w.put("sluice: fatal signal ");
  w.put(static_cast<std::int64_t>(sig));
  w.put(" (");
  w.put(signal_name(sig));
  w.put(")");
  if (scope == nullptr) {
    w.put(" outside any plugin call");
  } else {
    w.put(" in ");
    w.put(scope->site());
    if (scope->has_record()) {
      w.put(" at topic ");
      w.put(scope->topic());
      w.put(", partition ");
      w.put(static_cast<std::int64_t>(scope->partition()));
      w.put(", offset ");
      w.put(scope->offset());
    }
  }
  std::size_t n = w.size();
  if (size > 0) buf[n++] = '\n';
  return n;
}

void install_crash_handlers() {
  struct sigaction sa {};
  sa.sa_sigaction = on_fatal_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int sig : kFatalSignals) sigaddset(&sa.sa_mask, sig);
  for (int sig : kFatalSignals)
    if (::sigaction(sig, &sa, nullptr) != 0)
      throw std::system_error(errno, std::generic_category(), "sigaction");
}

CrashStackGuard::CrashStackGuard() {
  // Room for the handler and for what the kernel pushes; a guard page below catches an overflow
  // of the handler itself instead of writing into other memory.
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  std::size_t want = 64 * 1024;
  if (long min = ::sysconf(_SC_MINSIGSTKSZ); min > 0)
    want = std::max(want, static_cast<std::size_t>(min) * 4);
  size_ = (want + page - 1) / page * page + page;
  void* p = ::mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
                   -1, 0);
  if (p == MAP_FAILED) throw std::system_error(errno, std::generic_category(), "mmap signal stack");
  stack_ = p;
  ::mprotect(stack_, page, PROT_NONE);
  stack_t ss{};
  ss.ss_sp = static_cast<char*>(stack_) + page;
  ss.ss_size = size_ - page;
  ss.ss_flags = 0;
  if (::sigaltstack(&ss, nullptr) != 0) {
    int err = errno;
    ::munmap(stack_, size_);
    throw std::system_error(err, std::generic_category(), "sigaltstack");
  }
  installed_ = true;
}

CrashStackGuard::~CrashStackGuard() {
  if (installed_) {
    stack_t ss{};
    ss.ss_flags = SS_DISABLE;
    ::sigaltstack(&ss, nullptr);
  }
  if (stack_) ::munmap(stack_, size_);
}

}  // namespace sluice::engine
