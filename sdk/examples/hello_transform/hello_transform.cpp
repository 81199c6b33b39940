// Example plugin: the transform "hello" adds a greeting for the name found in each record.
//
//   [[transforms]]
//   plugin = "hello"
//   name_field = "customer"     # required
//   greeting = "hello"          # default "hello"
//   target = "greeting"         # default "greeting"
//
// {"customer":"ada"} becomes {"customer":"ada","greeting":"hello, ada"}.
#include <memory>
#include <string>
#include <vector>

#include <sluice/sluice.hpp>

namespace {

class Hello final : public sluice::Transform {
 public:
  Hello(std::string name_field, std::string greeting, std::string target, sluice::Host host)
      : name_field_(std::move(name_field)),
        greeting_(std::move(greeting)),
        target_(std::move(target)),
        host_(std::move(host)) {}

  sluice::Status apply(sluice::Record&& record, std::vector<sluice::Record>& out) override {
    record.ensure_parsed();  // the engine may hand over unparsed JSON text
    if (!record.value.is_object()) return sluice::Status::bad_record("value is not an object");
    auto name = record.value.find(name_field_);
    if (name == record.value.end() || !name->is_string())
      return sluice::Status::bad_record("field '" + name_field_ + "' is missing or not a string");
    record.value[target_] = greeting_ + ", " + name->get<std::string>();
    host_.count("hello_greetings_total");
    out.push_back(std::move(record));
    return sluice::Status::ok();
  }

 private:
  std::string name_field_, greeting_, target_;
  sluice::Host host_;
};

std::vector<sluice::PluginDescriptor> plugins() {
  using sluice::OptionSpec;
  using T = sluice::OptionType;
  return {{
      "hello",
      "1.0.0",
      "adds a greeting for the name in a field",
      {
          OptionSpec("name_field", T::string, "field holding the name").mandatory(),
          OptionSpec("greeting", T::string, "the greeting").with_default("hello"),
          OptionSpec("target", T::string, "field that receives the greeting")
              .with_default("greeting"),
      },
      sluice::TransformFactory(
          [](const sluice::PluginContext& ctx) -> std::unique_ptr<sluice::Transform> {
            std::string target = ctx.options.get_string("target");
            if (target == ctx.options.get_string("name_field"))
              throw std::invalid_argument("option 'target' must differ from 'name_field'");
            return std::make_unique<Hello>(ctx.options.get_string("name_field"),
                                           ctx.options.get_string("greeting"), target, ctx.host);
          }),
  }};
}

}  // namespace

SLUICE_EXPORT_PLUGINS(plugins)
