#include "string_converter.hpp"

#include <exception>
#include <string>

#include "utf8.hpp"

namespace sluice::string_converter {

Status StringConverter::convert(std::string_view bytes, const ConvertContext&, Value& value,
                                Value& schema) {
  try {
    if (auto bad = first_invalid_utf8(bytes)) {
      value = nullptr;
      schema = nullptr;
      return Status::bad_record("invalid UTF-8 at byte " + std::to_string(*bad));
    }
    value = std::string(bytes);
    schema = Value{{"type", "string"}, {"optional", true}};
    return Status::ok();
  } catch (const std::exception& e) {  // allocation failure: nothing may escape the plugin
    return Status::bad_record(std::string("cannot convert string: ") + e.what());
  }
}

}  // namespace sluice::string_converter
