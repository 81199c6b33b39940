#include "bytes_converter.hpp"

#include <exception>
#include <string>

#include "base64_encode.hpp"

namespace sluice::bytes_converter {

Status BytesConverter::convert(std::string_view bytes, const ConvertContext&, Value& value,
                               Value& schema) {
  try {
    value = base64_encode(bytes);
    schema = Value{{"type", "bytes"}, {"optional", true}};
    return Status::ok();
  } catch (const std::exception& e) {  // allocation failure: nothing may escape the plugin
    return Status::bad_record(std::string("cannot convert bytes: ") + e.what());
  }
}

}  // namespace sluice::bytes_converter
