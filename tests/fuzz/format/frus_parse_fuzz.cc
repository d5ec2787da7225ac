// Fuzz target for ParseFrusVolume (docs/format/frus-tei.md): no crash on any input; errors are
// kCorruption; every parsed document has an id in its volume and passes model::Validate.
// Aborts on a violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "frus_parse_fuzz: %s\n--- detail ---\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  (void)chancery::format::LooksLikeFrusTei("fuzz.xml", xml);
  const auto parsed = chancery::format::ParseFrusVolume(xml, "fuzz.xml");
  if (!parsed.ok()) {
    if (parsed.status().code() != chancery::StatusCode::kCorruption) {
      Fail("parse error is not kCorruption", parsed.status().ToString());
    }
    return 0;
  }
  for (const chancery::model::Cable& cable : parsed->documents) {
    if (cable.id.rfind(parsed->id + "-", 0) != 0) {
      Fail("document id does not start with the volume id", cable.id);
    }
    if (const chancery::Status s = chancery::model::Validate(cable); !s.ok()) {
      Fail("parsed document fails Validate", s.ToString());
    }
  }
  return 0;
}
