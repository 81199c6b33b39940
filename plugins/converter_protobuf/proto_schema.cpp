#include "proto_schema.hpp"

#include <set>

#include <google/protobuf/compiler/parser.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "builtin_protos.hpp"

namespace sluice::protobuf_converter {

namespace gp = google::protobuf;

ProtoSchema::ProtoSchema() : factory_(&pool_) {}

const gp::Descriptor* ProtoSchema::message_at(const std::vector<std::int32_t>& indexes) const {
  if (!file_ || indexes.empty()) return nullptr;
  if (indexes[0] < 0 || indexes[0] >= file_->message_type_count()) return nullptr;
  const gp::Descriptor* d = file_->message_type(indexes[0]);
  for (std::size_t i = 1; i < indexes.size(); ++i) {
    if (indexes[i] < 0 || indexes[i] >= d->nested_type_count()) return nullptr;
    d = d->nested_type(indexes[i]);
  }
  return d;
}

std::unique_ptr<gp::Message> ProtoSchema::new_message(const gp::Descriptor* type) const {
  const gp::Message* prototype = factory_.GetPrototype(type);
  return std::unique_ptr<gp::Message>(prototype ? prototype->New() : nullptr);
}

namespace {

/// Keeps the first error of the .proto tokenizer/parser, with its 1-based position.
class TextErrors final : public gp::io::ErrorCollector {
 public:
  void AddError(int line, gp::io::ColumnNumber column, const std::string& message) override {
    if (first.empty())
      first =
          "line " + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
  }
  std::string first;
};

/// Keeps the first error of building a file in the pool.
class BuildErrors final : public gp::DescriptorPool::ErrorCollector {
 public:
  void AddError(const std::string& filename, const std::string& element_name, const gp::Message*,
                ErrorLocation, const std::string& message) override {
    if (first.empty()) first = filename + ": " + element_name + ": " + message;
  }
  std::string first;
};

/// The schemas imported by their path: what the registry returned, before building.
using References = std::vector<registry::SchemaReference>;

constexpr int kMaxImportDepth = 32;

}  // namespace

/// Builds files into a ProtoSchema's pool, dependencies first.
class ProtoSchemaBuilder {
 public:
  ProtoSchemaBuilder(ProtoSchema& schema, registry::RegistryClient* client)
      : schema_(schema), client_(client) {}

  Status build_root(const std::string& name, const std::string& text, const References& refs) {
    const gp::FileDescriptor* file = nullptr;
    if (Status st = build_text(name, text, refs, 0, file); !st) return st;
    schema_.file_ = file;
    return Status::ok();
  }

 private:
  Status build_text(const std::string& name, const std::string& text, const References& refs,
                    int depth, const gp::FileDescriptor*& out) {
    gp::FileDescriptorProto proto;
    {
      gp::io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
      TextErrors errors;
      gp::io::Tokenizer tokenizer(&input, &errors);
      gp::compiler::Parser parser;
      parser.RecordErrorsTo(&errors);
      if (!parser.Parse(&tokenizer, &proto) || !errors.first.empty())
        return Status::bad_record("cannot parse " + describe(name) + ": " + errors.first);
    }
    proto.set_name(name);
    for (const auto& dep : proto.dependency())
      if (Status st = ensure_file(dep, refs, depth + 1); !st) return st;
    BuildErrors errors;
    out = schema_.pool_.BuildFileCollectingErrors(proto, &errors);
    if (!out) return Status::bad_record("cannot build " + describe(name) + ": " + errors.first);
    return Status::ok();
  }

  /// Makes `path` (an import of a file whose references are `refs`) available in the pool.
  Status ensure_file(const std::string& path, const References& refs, int depth) {
    if (schema_.pool_.FindFileByName(path)) return Status::ok();
    if (depth > kMaxImportDepth)
      return Status::bad_record("imports nested deeper than " + std::to_string(kMaxImportDepth) +
                                " at '" + path + "'");
    if (!in_progress_.insert(path).second)
      return Status::bad_record("import cycle through '" + path + "'");
    Status st = load_file(path, refs, depth);
    in_progress_.erase(path);
    return st;
  }

  Status load_file(const std::string& path, const References& refs, int depth) {
    const gp::FileDescriptor* built = nullptr;
    for (const auto& ref : refs) {
      if (ref.name != path) continue;
      if (!client_) break;
      registry::RegisteredSchema dep;
      if (Status st = client_->schema_by_subject_version(ref.subject, ref.version, dep); !st)
        return st;
      return build_text(path, dep.text, dep.references, depth, built);
    }
    // Well-known types: libprotobuf's own descriptors, copied into this pool.
    if (const gp::FileDescriptor* known =
            gp::DescriptorPool::generated_pool()->FindFileByName(path)) {
      gp::FileDescriptorProto proto;
      known->CopyTo(&proto);
      for (const auto& dep : proto.dependency())
        if (Status st = ensure_file(dep, {}, depth + 1); !st) return st;
      BuildErrors errors;
      if (!schema_.pool_.BuildFileCollectingErrors(proto, &errors))
        return Status::bad_record("cannot build '" + path + "': " + errors.first);
      return Status::ok();
    }
    if (auto text = builtin_proto(path))
      return build_text(path, std::string(*text), {}, depth, built);
    return Status::bad_record("import '" + path +
                              "' is neither a reference of the schema nor a well-known file");
  }

  static std::string describe(const std::string& name) {
    return name.rfind("schema id ", 0) == 0 ? name : "'" + name + "'";
  }

  ProtoSchema& schema_;
  registry::RegistryClient* client_;
  std::set<std::string> in_progress_;
};

Status load_proto_schema(registry::RegistryClient& client, std::int32_t id,
                         std::shared_ptr<const ProtoSchema>& out) {
  registry::RegisteredSchema root;
  if (Status st = client.schema_by_id(id, root); !st) return st;
  if (root.type != "PROTOBUF")
    return Status::bad_record("schema id " + std::to_string(id) + " is " + root.type +
                              ", not PROTOBUF");
  auto schema = std::make_shared<ProtoSchema>();
  ProtoSchemaBuilder builder(*schema, &client);
  if (Status st = builder.build_root("schema id " + std::to_string(id), root.text, root.references);
      !st)
    return st;
  out = std::move(schema);
  return Status::ok();
}

Status build_proto_schema(const std::string& text, std::shared_ptr<const ProtoSchema>& out) {
  auto schema = std::make_shared<ProtoSchema>();
  ProtoSchemaBuilder builder(*schema, nullptr);
  if (Status st = builder.build_root("schema id 0", text, {}); !st) return st;
  out = std::move(schema);
  return Status::ok();
}

}  // namespace sluice::protobuf_converter
