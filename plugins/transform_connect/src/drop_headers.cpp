// drop_headers: Kafka's DropHeaders — removes every header with one of the given names.
#include <algorithm>
#include <memory>

#include "connect_transform.hpp"
#include "descriptors.hpp"

namespace sluice_connect {
namespace {

using sluice::OptionSpec;
using sluice::OptionType;

class DropHeaders final : public ConnectTransform {
 public:
  DropHeaders(std::vector<std::string> names, Predicate p)
      : ConnectTransform("drop_headers", std::move(p)), names_(std::move(names)) {}

 protected:
  sluice::Status transform(sluice::Record& record) override {
    std::erase_if(record.headers, [&](const sluice::Header& h) {
      return std::find(names_.begin(), names_.end(), h.key) != names_.end();
    });
    return sluice::Status::ok();
  }

  bool needs_value() const noexcept override { return false; }

 private:
  std::vector<std::string> names_;
};

std::vector<OptionSpec> specs() {
  std::vector<OptionSpec> s;
  s.push_back(OptionSpec("headers", OptionType::string_list, "Header names to remove").mandatory());
  add_predicate_options(s, false);
  return s;
}

}  // namespace

sluice::PluginDescriptor drop_headers_plugin() {
  return {"drop_headers", "1.0.0", "Kafka DropHeaders: removes headers by name", specs(),
          sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            auto names = ctx.options.get_list("headers");
            if (names.empty()) throw std::invalid_argument("option 'headers' is empty");
            return std::make_unique<DropHeaders>(std::move(names), Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
