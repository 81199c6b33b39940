// avro-c allocates what a length prefix says before checking the bytes exist, so a corrupt
// message could ask for gigabytes (or, with an array of zero-size items, loop while its buffer
// grows), and some of its error paths leak what they allocated (found by the fuzz target). So
// this plugin installs an avro-c allocator that, while a message is decoded on this thread,
// refuses single allocations above a limit (avro-c then fails the read with ENOMEM) and tracks
// what is allocated, freeing whatever avro-c left behind once the decoded value is released.
#pragma once

#include <cstddef>
#include <unordered_set>

namespace sluice::avro_converter {

/// Installs the allocator (once per process; it behaves like avro-c's default, realloc/free,
/// outside a DecodeAllocations scope).
void install_limiting_allocator();

/// The scope of decoding one message. Create it before any avro-c object of the decode and
/// destroy it after all of them are released: it then frees what avro-c leaked.
class DecodeAllocations {
 public:
  explicit DecodeAllocations(std::size_t max_bytes);
  ~DecodeAllocations();
  DecodeAllocations(const DecodeAllocations&) = delete;
  DecodeAllocations& operator=(const DecodeAllocations&) = delete;

 private:
  std::unordered_set<void*> live_;
};

/// The limit used for a message of `payload_size` bytes: generous for honest data (decoded
/// values take more room than their encoding), far below what a corrupt length asks for.
constexpr std::size_t decode_allocation_limit(std::size_t payload_size) {
  return 64u * 1024 * 1024 + 64 * payload_size;
}

}  // namespace sluice::avro_converter
