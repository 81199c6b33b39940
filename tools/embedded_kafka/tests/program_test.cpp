// The embedded-kafka program, checked with kcat (a real Kafka client) as a subprocess.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <signal.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "line_format.hpp"
#include "subprocess.hpp"

using namespace std::chrono_literals;
using sluice::tools::LineFormat;
using sluice::tools::parse_line;
using sluice::tools::test::run;
using sluice::tools::test::Subprocess;
namespace fs = std::filesystem;

namespace {

const char* kKcat = "/usr/bin/kcat";

std::string program_path() {
  const char* build = std::getenv("SLUICE_BUILD_DIR");
  REQUIRE(build != nullptr);
  return std::string(build) + "/bin/embedded-kafka";
}

// A fresh directory, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "embedded_kafka_test.XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return path / name;
  }
};

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::string s;
  std::getline(in, s);
  return s;
}

}  // namespace

TEST_CASE("embedded_kafka: line format splits key at the first separator, marks tombstones") {
  LineFormat plain;
  CHECK(parse_line("a|b", plain).value == "a|b");
  CHECK_FALSE(parse_line("a|b", plain).key.has_value());

  LineFormat keyed{"|", "<null>"};
  auto r = parse_line("k|v|w\r", keyed);
  CHECK(r.key == "k");
  CHECK(r.value == "v|w");
  r = parse_line("k|<null>", keyed);
  CHECK(r.key == "k");
  CHECK_FALSE(r.value.has_value());
  r = parse_line("k|", keyed);
  CHECK(r.value == "");  // an empty value is not a tombstone
  r = parse_line("no separator", keyed);
  CHECK_FALSE(r.key.has_value());
  CHECK(r.value == "no separator");
}

TEST_CASE("embedded_kafka: the program serves --load files to kcat and takes kcat -P") {
  TempDir dir;
  const auto load = dir.write("in.txt", "k1|hello\nk2|world\n\nk3|<null>\nnokey\n");
  const auto port_file = dir.path / "bootstrap.txt";

  Subprocess kafka({program_path(), "--brokers", "2", "--topic", "in:1", "--topic", "other:3",
                    "--load", "in=" + load.string(), "--key-separator", "|", "--tombstone-marker",
                    "<null>", "--port-file", port_file.string()});
  const auto bootstrap = kafka.read_line(60s);
  REQUIRE(bootstrap.has_value());
  CHECK(bootstrap->find("127.0.0.1:") == 0);
  CHECK(slurp(port_file) == *bootstrap);

  // Read back in order (one partition): tombstone and null key print as NULL with -Z.
  auto read =
      run({kKcat, "-b", *bootstrap, "-C", "-t", "in", "-e", "-q", "-Z", "-f", "%k=%s@%o\\n"});
  CHECK(read.exit_code == 0);
  CHECK(read.out == "k1=hello@0\nk2=world@1\nk3=NULL@2\nNULL=nokey@3\n");

  // kcat -P produces keyed messages into the 3-partition topic.
  const auto input = dir.write("produce.txt", "a:1\nb:2\nc:3\n");
  auto produced =
      run({kKcat, "-b", *bootstrap, "-P", "-t", "other", "-K", ":", "-q"}, input.string());
  CHECK(produced.exit_code == 0);
  read = run({kKcat, "-b", *bootstrap, "-C", "-t", "other", "-e", "-q", "-f", "%k=%s\\n"});
  CHECK(read.exit_code == 0);
  CHECK(sorted_lines(read.out) == std::vector<std::string>{"a=1", "b=2", "c=3"});

  kafka.send_signal(SIGTERM);
  CHECK(kafka.wait(30s) == 0);
}

TEST_CASE("embedded_kafka: the program fails clearly on a missing --load file") {
  auto result = run({program_path(), "--load", "t=/nonexistent/file.txt"}, std::nullopt, 30s);
  CHECK(result.exit_code == 1);
  CHECK(result.out.empty());  // no bootstrap line: nobody may think it is ready
}
