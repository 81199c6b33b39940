// A minimal transform used by the SDK tests: uppercases one string field.
#include <algorithm>
#include <cctype>

#include <sluice/sluice.hpp>

namespace {
class Upper final : public sluice::Transform {
 public:
  explicit Upper(std::string field) : field_(std::move(field)) {}
  sluice::Status apply(sluice::Record&& r, std::vector<sluice::Record>& out) override {
    auto it = r.value.find(field_);
    if (it == r.value.end() || !it->is_string())
      return sluice::Status::bad_record("field '" + field_ + "' is not a string");
    std::string s = it->get<std::string>();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    *it = s;
    out.push_back(std::move(r));
    return {};
  }

 private:
  std::string field_;
};

std::vector<sluice::PluginDescriptor> plugins() {
  return {{"upper",
           "1.0.0",
           "uppercases one field",
           {sluice::OptionSpec("field", sluice::OptionType::string, "field to change").mandatory()},
           sluice::TransformFactory([](const sluice::PluginContext& ctx) {
             return std::make_unique<Upper>(ctx.options.get_string("field"));
           })}};
}
}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
