// Fuzz target for ParseArchiveRecord (docs/format/archive-record.md): no crash on any input;
// errors are kCorruption; a parsed record has an id and survives the JSON round trip. Aborts on a
// violation.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"
#include "chancery/model/cable.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "archive_parse_fuzz: %s\n--- detail ---\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)chancery::format::LooksLikeArchiveRecord(text);
  const auto parsed = chancery::format::ParseArchiveRecord(text, "fuzz");
  if (!parsed.ok()) {
    if (parsed.status().code() != chancery::StatusCode::kCorruption) {
      Fail("parse error is not kCorruption", std::string(parsed.status().message()));
    }
    return 0;
  }
  if (parsed->id.empty() || parsed->title.empty() || !parsed->date.IsSet()) {
    Fail("parsed record lacks id, title or date", std::string(text));
  }
  const std::string json = chancery::format::CableToJson(*parsed);
  const auto back = chancery::format::CableFromJson(json);
  // Invalid UTF-8 in the input is replaced when written (docs/format/json.md §Encoding).
  if (!back.ok()) {
    Fail("json of a parsed record does not read back", json);
  }
  return 0;
}
