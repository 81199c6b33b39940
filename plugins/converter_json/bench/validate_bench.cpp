// Rough speed of the json converter's fast path: validate() vs convert() on ~400-byte records.
// Usage: converter_json_bench [seconds per measurement, default 2]. Single thread, one instance.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sluice/testing/harness.hpp>

namespace {

std::vector<std::string> make_records(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string r =
        R"({"id":)" + std::to_string(1000000 + i * 7919) + R"(,"customer":"customer-)" +
        std::to_string(i % 977) + R"(","email":"user)" + std::to_string(i) +
        R"(@example.com","price":)" + std::to_string(i % 1000) + "." + std::to_string(10 + i % 90) +
        R"(,"quantity":)" + std::to_string(i % 17) +
        R"(,"created_at":"2024-05-17 12:34:56.123456","active":true,"tags":["new","promo","x)" +
        std::to_string(i % 13) +
        R"("],"address":{"street":"1 Main Street","city":"Springfield","zip":"12345"},"note":")";
    while (r.size() < 390) r += static_cast<char>('a' + (r.size() * 31 + i) % 26);
    r += R"(","v":null})";
    out.push_back(std::move(r));
  }
  return out;
}

template <class F>
double records_per_second(const std::vector<std::string>& records, double seconds, F&& once) {
  using clock = std::chrono::steady_clock;
  std::size_t done = 0;
  const auto start = clock::now();
  const auto stop = start + std::chrono::duration<double>(seconds);
  while (clock::now() < stop)
    for (const auto& r : records) once(r), ++done;
  return static_cast<double>(done) / std::chrono::duration<double>(clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  sluice::testing::Harness h(PLUGIN_FILE);
  auto conv = h.converter("json");
  const auto records = make_records(1000);
  std::size_t bytes = 0;
  for (const auto& r : records) bytes += r.size();
  const double avg = static_cast<double>(bytes) / static_cast<double>(records.size());
  sluice::ConvertContext ctx{"t", 0, 0, false};
  for (const auto& r : records)
    if (!conv->validate(r, ctx)) return std::fprintf(stderr, "record rejected: %s\n", r.c_str()), 1;

  const double v = records_per_second(records, seconds,
                                      [&](const std::string& r) { (void)conv->validate(r, ctx); });
  const double c = records_per_second(records, seconds, [&](const std::string& r) {
    sluice::Value value, schema;
    (void)conv->convert(r, ctx, value, schema);
  });
  const double n = records_per_second(records, seconds, [&](const std::string& r) {
    sluice::Value value = sluice::Value::parse(r);
  });
  std::printf("average record: %.0f bytes\n", avg);
  std::printf("validate():           %10.0f records/s  %7.1f MB/s\n", v, v * avg / 1e6);
  std::printf("convert():            %10.0f records/s  %7.1f MB/s\n", c, c * avg / 1e6);
  std::printf("ordered_json::parse:  %10.0f records/s  %7.1f MB/s (reference)\n", n, n * avg / 1e6);
  return 0;
}
