// The crash reporter: the line a fatal signal prints (stage, plugin, file, the record in hand),
// printed by a real crashing child process, which then dies of that very signal.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

#include "crash/crash_handler.hpp"
#include "crash/crash_scope.hpp"

using sluice::engine::CrashScope;
using sluice::engine::CrashSite;
using sluice::engine::CrashStackGuard;

namespace {

struct ChildResult {
  std::string err;  // what the child wrote to stderr
  int signal = 0;   // the signal that ended it, or 0
  int exit_code = -1;
};

// Runs `body` in a forked child whose stderr is a pipe read here, after install_crash_handlers().
ChildResult run_crashing_child(const std::function<void()>& body) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    sluice::engine::install_crash_handlers();
    body();
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildResult r;
  std::array<char, 4096> buf;
  for (;;) {
    ssize_t n = ::read(fds[0], buf.data(), buf.size());
    if (n > 0) {
      r.err.append(buf.data(), static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  return r;
}

void null_write() {
  volatile int* volatile p = nullptr;
  *p = 42;
}

// Deep enough to overflow any thread stack; the volatile array keeps each frame alive.
[[gnu::noinline]] int recurse(int depth) {
  volatile char frame[4096];
  frame[0] = static_cast<char>(depth);
  if (depth == 1 << 30) return 0;  // never reached: the stack ends long before
  return recurse(depth + 1) + frame[0];
}

std::string line(int sig, const CrashScope* scope) {
  std::array<char, 1024> buf;
  return std::string(buf.data(),
                     sluice::engine::format_crash_line(buf.data(), buf.size(), sig, scope));
}

}  // namespace

TEST_CASE("the line names the stage, the plugin, its file and the record in hand") {
  CrashSite site("transform", "mask", "/opt/sluice/plugins/libmask.so");
  CHECK(line(SIGSEGV, nullptr) == "sluice: fatal signal 11 (SIGSEGV) outside any plugin call\n");
  {
    CrashScope call(site);
    CHECK(CrashScope::current() == &call);
    CHECK(line(SIGBUS, &call) ==
          "sluice: fatal signal 7 (SIGBUS) in transform 'mask' (/opt/sluice/plugins/libmask.so)\n");
    {
      CrashSite conv("value converter", "json", "/p/libjson.so");
      CrashScope inner(conv, "orders", 3, 9223372036854775807);
      CHECK(CrashScope::current() == &inner);
      CHECK(line(SIGFPE, CrashScope::current()) ==
            "sluice: fatal signal 8 (SIGFPE) in value converter 'json' (/p/libjson.so) at topic "
            "orders, partition 3, offset 9223372036854775807\n");
      inner.set_record("t", -1, -42);
      CHECK(line(SIGILL, &inner) ==
            "sluice: fatal signal 4 (SIGILL) in value converter 'json' (/p/libjson.so) at topic t, "
            "partition -1, offset -42\n");
    }
    CHECK(CrashScope::current() == &call);
  }
  CHECK(CrashScope::current() == nullptr);
  CHECK(line(SIGABRT, nullptr).find("6 (SIGABRT)") != std::string::npos);
}

TEST_CASE("a topic longer than any Kafka topic is cut, and the line never overruns its buffer") {
  CrashSite site("sink", "starrocks", "");
  std::string topic(300, 'x');
  CrashScope scope(site, topic, 0, 1);
  CHECK(scope.topic() == std::string(CrashScope::max_topic, 'x'));
  CHECK(line(SIGSEGV, &scope) == "sluice: fatal signal 11 (SIGSEGV) in sink 'starrocks' at topic " +
                                     std::string(CrashScope::max_topic, 'x') +
                                     ", partition 0, offset 1\n");
  std::array<char, 16> small;
  std::size_t n = sluice::engine::format_crash_line(small.data(), small.size(), SIGSEGV, &scope);
  CHECK(std::string(small.data(), n) == "sluice: fatal s\n");
}

TEST_CASE("a null write inside a transform call: one line naming the call, then death by SIGSEGV") {
  auto r = run_crashing_child([] {
    CrashStackGuard stack;
    CrashSite site("transform", "fault_transform", "/tmp/libfault.so");
    CrashScope scope(site, "orders", 2, 42);
    null_write();
  });
  CHECK(r.signal == SIGSEGV);
  CHECK(r.err ==
        "sluice: fatal signal 11 (SIGSEGV) in transform 'fault_transform' (/tmp/libfault.so) at "
        "topic orders, partition 2, offset 42\n");
}

TEST_CASE("abort() outside any scope: the line says so, and the process dies of SIGABRT") {
  auto r = run_crashing_child([] {
    {
      CrashSite site("formatter", "json", "/p/libjson.so");
      CrashScope finished(site);  // left before the abort
    }
    std::abort();
  });
  CHECK(r.signal == SIGABRT);
  CHECK(r.err == "sluice: fatal signal 6 (SIGABRT) outside any plugin call\n");
}

TEST_CASE("a stack overflow in a worker thread is reported from its alternate stack") {
  auto r = run_crashing_child([] {
    std::thread worker([] {
      CrashStackGuard stack;
      CrashSite site("key converter", "deep", "/p/libdeep.so");
      CrashScope scope(site, "t", 0, 7);
      recurse(0);
    });
    worker.join();
  });
  CHECK(r.signal == SIGSEGV);
  CHECK(r.err ==
        "sluice: fatal signal 11 (SIGSEGV) in key converter 'deep' (/p/libdeep.so) at topic t, "
        "partition 0, offset 7\n");
}

TEST_CASE("only the crashing thread's scope is named, and a raised SIGFPE is reported too") {
  auto r = run_crashing_child([] {
    CrashSite other("sink", "starrocks", "/p/libsr.so");
    CrashScope main_scope(other);
    std::thread worker([] {
      CrashStackGuard stack;
      CrashSite site("formatter", "csv", "/p/libcsv.so");
      CrashScope scope(site);
      ::raise(SIGFPE);
    });
    worker.join();
  });
  CHECK(r.signal == SIGFPE);
  CHECK(r.err == "sluice: fatal signal 8 (SIGFPE) in formatter 'csv' (/p/libcsv.so)\n");
}
