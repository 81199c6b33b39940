#include "allocation_limit.hpp"

#include <cstdlib>
#include <limits>
#include <mutex>

#include <avro.h>

namespace sluice::avro_converter {
namespace {

struct ThreadScope {
  std::size_t limit = std::numeric_limits<std::size_t>::max();
  std::unordered_set<void*>* live = nullptr;  // set while a DecodeAllocations is alive
};
thread_local ThreadScope scope;

void* limiting_allocator(void*, void* ptr, std::size_t, std::size_t nsize) {
  if (nsize == 0) {
    if (ptr && scope.live) scope.live->erase(ptr);
    std::free(ptr);
    return nullptr;
  }
  if (nsize > scope.limit) return nullptr;
  void* out = std::realloc(ptr, nsize);
  if (out && scope.live) {
    if (ptr) scope.live->erase(ptr);
    scope.live->insert(out);
  }
  return out;
}

}  // namespace

void install_limiting_allocator() {
  static std::once_flag once;
  std::call_once(once, [] { avro_set_allocator(&limiting_allocator, nullptr); });
}

DecodeAllocations::DecodeAllocations(std::size_t max_bytes) {
  scope.limit = max_bytes;
  scope.live = &live_;
}

DecodeAllocations::~DecodeAllocations() {
  scope.live = nullptr;
  scope.limit = std::numeric_limits<std::size_t>::max();
  for (void* p : live_) std::free(p);
}

}  // namespace sluice::avro_converter
