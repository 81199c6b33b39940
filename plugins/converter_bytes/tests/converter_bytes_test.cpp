#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <sluice/testing/harness.hpp>

using sluice::Value;

TEST_CASE("bytes converter: base64 of the bytes, with a bytes schema") {
  sluice::testing::Harness h(PLUGIN_FILE);
  auto c = h.converter("bytes");
  Value schema;
  CHECK(sluice::testing::convert(*c, "hello", &schema) == "aGVsbG8=");
  CHECK(schema.dump() == R"({"type":"bytes","optional":true})");
  // RFC 4648 test vectors, and bytes that are not text at all.
  CHECK(sluice::testing::convert(*c, "") == "");
  CHECK(sluice::testing::convert(*c, "f") == "Zg==");
  CHECK(sluice::testing::convert(*c, "fo") == "Zm8=");
  CHECK(sluice::testing::convert(*c, "foo") == "Zm9v");
  CHECK(sluice::testing::convert(*c, "foob") == "Zm9vYg==");
  CHECK(sluice::testing::convert(*c, "fooba") == "Zm9vYmE=");
  CHECK(sluice::testing::convert(*c, "foobar") == "Zm9vYmFy");
  CHECK(sluice::testing::convert(*c, std::string_view("\x00\xff\xfe\x80\x3f", 5)) == "AP/+gD8=");
  CHECK_FALSE(c->can_pass_through());
}

TEST_CASE("bytes converter has no options") {
  sluice::testing::Harness h(PLUGIN_FILE);
  CHECK(h.descriptor(sluice::PluginKind::converter, "bytes").options.empty());
  CHECK_THROWS_WITH_AS(h.converter("bytes", {{"encoding", "UTF-8"}}), "unknown option 'encoding'",
                       std::invalid_argument);
}
