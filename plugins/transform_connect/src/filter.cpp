// filter: Kafka's Filter — drops the records its predicate selects (all of them without one).
#include <memory>

#include <sluice/transform.hpp>

#include "descriptors.hpp"
#include "predicate.hpp"

namespace sluice_connect {
namespace {

class Filter final : public sluice::Transform {
 public:
  explicit Filter(Predicate p) : predicate_(std::move(p)) {}

  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override {
    if (!predicate_.selects(record)) out.push_back(std::move(record));
    return sluice::Status::ok();
  }

 private:
  Predicate predicate_;
};

std::vector<sluice::OptionSpec> specs() {
  std::vector<sluice::OptionSpec> s;
  add_predicate_options(s, true);
  return s;
}

}  // namespace

sluice::PluginDescriptor filter_plugin() {
  return {"filter", "1.0.0",
          "Kafka Filter: drops records matching a predicate (topic_name_matches, has_header_key, "
          "record_is_tombstone; negate)",
          specs(), sluice::TransformFactory([](const sluice::PluginContext& ctx) {
            return std::make_unique<Filter>(Predicate::parse(ctx.options));
          })};
}

}  // namespace sluice_connect
