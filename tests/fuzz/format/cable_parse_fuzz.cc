// Fuzz target for ParseCableText (docs/format/cable-text.md §9): no crash on any input; when
// parsing succeeds the rendering parses back to the same cable and renders to the same bytes
// (Envoy json_fuzz_test.cc). Aborts on a violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/format/cable_text.h"
#include "chancery/model/cable.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& rendered) {
  std::fprintf(stderr, "cable_parse_fuzz: %s\n--- rendered ---\n%s\n", what, rendered.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = chancery::format::ParseCableText(text, "fuzz");
  if (!parsed.ok()) {
    if (parsed.status().code() != chancery::StatusCode::kCorruption) {
      Fail("parse error is not kCorruption", std::string(parsed.status().message()));
    }
    return 0;
  }
  const std::string rendered = chancery::format::RenderCableText(*parsed);
  const auto reparsed = chancery::format::ParseCableText(rendered, "rendered");
  if (!reparsed.ok()) {
    Fail("rendering does not parse", rendered + "\n" + std::string(reparsed.status().message()));
  }
  if (!(*reparsed == *parsed)) {
    Fail("round trip differs", rendered);
  }
  if (chancery::format::RenderCableText(*reparsed) != rendered) {
    Fail("rendering is not canonical", rendered);
  }
  if (!parsed->id.empty() && !chancery::model::Validate(*parsed).ok()) {
    Fail("parsed cable fails Validate", rendered);
  }
  return 0;
}
