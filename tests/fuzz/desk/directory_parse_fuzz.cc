// Fuzz target for ParseDirectory (docs/format/directory.md): never crashes; an error is
// kInvalidArgument naming the source; a parsed directory renders to text that parses back equal
// and renders identically; validation and the lookups on a valid directory terminate and agree.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/desk/directory.h"
#include "chancery/security/policy.h"

namespace {

using chancery::desk::Directory;

void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "directory_parse_fuzz: %s\n", what);
    std::abort();
  }
}

const chancery::security::Policy& DefaultPolicy() {
  static const chancery::security::Policy* const kPolicy = [] {
    auto parsed = chancery::security::ParsePolicy(chancery::security::DefaultPolicyText());
    Require(parsed.ok(), "default policy parses");
    return new chancery::security::Policy(*parsed);
  }();
  return *kPolicy;
}

void CheckValid(const Directory& d) {
  for (const auto& group : d.groups) {
    auto offices = d.ExpandGroup(group.id);
    Require(offices.ok(), "a valid group expands");
    for (const std::string& id : *offices) {
      Require(d.FindOffice(id) != nullptr, "expansion is offices");
    }
  }
  for (const auto& office : d.offices) {
    Require(!d.Subtree(office.id).empty(), "subtree holds the office");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chancery::Result<Directory> parsed = chancery::desk::ParseDirectory(text, "fuzz");
  if (!parsed.ok()) {
    Require(parsed.status().code() == chancery::StatusCode::kInvalidArgument, "invalid argument");
    Require(parsed.status().message().substr(0, 5) == "fuzz:", "error names the source");
    return 0;
  }
  const std::string rendered = chancery::desk::RenderDirectory(*parsed);
  chancery::Result<Directory> again = chancery::desk::ParseDirectory(rendered, "rendered");
  Require(again.ok(), "rendering parses");
  Require(*again == *parsed, "round trip");
  Require(chancery::desk::RenderDirectory(*again) == rendered, "render is canonical");
  if (chancery::desk::ValidateDirectory(DefaultPolicy(), *parsed).ok()) {
    CheckValid(*parsed);
  }
  return 0;
}
