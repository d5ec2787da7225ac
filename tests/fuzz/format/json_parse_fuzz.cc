// Fuzz target for CableFromJson and CablesFromJsonLines (docs/format/json.md): no crash on any
// input; errors are kCorruption; when reading succeeds, writing and reading again gives the same
// cable (Envoy json_fuzz_test.cc). Aborts on a violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/format/detect.h"
#include "chancery/format/json.h"
#include "chancery/model/cable.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "json_parse_fuzz: %s\n--- detail ---\n%s\n", what, detail.c_str());
  std::abort();
}

void CheckError(const chancery::Status& status) {
  if (status.code() != chancery::StatusCode::kCorruption) {
    Fail("error is not kCorruption", std::string(status.message()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)chancery::format::DetectFormat("fuzz.txt", text);
  const auto lines = chancery::format::CablesFromJsonLines(text, "fuzz.jsonl");
  if (!lines.ok()) {
    CheckError(lines.status());
  }
  const auto parsed = chancery::format::CableFromJson(text, "fuzz");
  if (!parsed.ok()) {
    CheckError(parsed.status());
    return 0;
  }
  const std::string json = chancery::format::CableToJson(*parsed);
  const auto back = chancery::format::CableFromJson(json, "written");
  if (!back.ok()) {
    Fail("written json does not read back", json + "\n" + std::string(back.status().message()));
  }
  // Strings read from JSON are valid UTF-8, so nothing is replaced and the round trip is exact.
  if (!(*back == *parsed)) {
    Fail("round trip differs", json);
  }
  if (chancery::format::CableToJson(*back) != json) {
    Fail("writing is not canonical", json);
  }
  return 0;
}
