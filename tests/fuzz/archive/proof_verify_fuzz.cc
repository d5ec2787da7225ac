// Fuzz target for VerifyBundle (docs/format/proof.md §8): never crashes on any bytes; the verdict
// agrees with the failures (ok iff none), and every failure names its kind.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/archive/commitment.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const chancery::archive::VerifyReport report = chancery::archive::VerifyBundle(text);
  if (report.ok != report.failures.empty()) {
    std::fprintf(stderr, "proof_verify_fuzz: ok disagrees with the failures\n");
    std::abort();
  }
  for (const std::string& failure : report.failures) {
    if (failure.find(':') == std::string::npos) {
      std::fprintf(stderr, "proof_verify_fuzz: failure without a kind: %s\n", failure.c_str());
      std::abort();
    }
  }
  return 0;
}
