// corrupt_dynamic IN OUT: writes a copy of the shared object IN whose ELF and program headers are
// intact but whose dynamic section points its string table (DT_STRTAB) at unmapped memory. The
// file passes every header check; the dynamic loader then crashes (SIGSEGV) reading names from it
// while it loads the library. A test tool: the plugin boundary must survive such a file.
#include <elf.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace {

constexpr std::uint64_t kUnmapped = 0x7fff00000000;

// Changes `bytes` in place; returns "" or why it could not.
std::string corrupt(std::string& bytes) {
  Elf64_Ehdr eh;
  if (bytes.size() < sizeof eh || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0)
    return "not an ELF file";
  std::memcpy(&eh, bytes.data(), sizeof eh);
  for (std::size_t i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    std::size_t at = eh.e_phoff + i * sizeof ph;
    if (at + sizeof ph > bytes.size()) return "truncated program headers";
    std::memcpy(&ph, bytes.data() + at, sizeof ph);
    if (ph.p_type != PT_DYNAMIC) continue;
    for (std::size_t off = ph.p_offset; off + sizeof(Elf64_Dyn) <= ph.p_offset + ph.p_filesz &&
                                        off + sizeof(Elf64_Dyn) <= bytes.size();
         off += sizeof(Elf64_Dyn)) {
      Elf64_Dyn dyn;
      std::memcpy(&dyn, bytes.data() + off, sizeof dyn);
      if (dyn.d_tag == DT_NULL) break;
      if (dyn.d_tag != DT_STRTAB) continue;
      dyn.d_un.d_ptr = kUnmapped;
      std::memcpy(bytes.data() + off, &dyn, sizeof dyn);
      return "";
    }
  }
  return "no DT_STRTAB in PT_DYNAMIC";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: corrupt_dynamic IN OUT\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  if (std::string why = corrupt(bytes); !why.empty()) {
    std::cerr << argv[1] << ": " << why << "\n";
    return 1;
  }
  std::ofstream out(argv[2], std::ios::binary | std::ios::trunc);
  out << bytes;
  return out ? 0 : 1;
}
