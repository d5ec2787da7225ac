// Fuzz target for ParsePolicy (docs/format/policy.md): never crashes; when parsing succeeds the
// policy is self-consistent: every name and alias finds its definition, the public level is
// defined, every precedence word maps to its rank, and Canonicalize is idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

namespace {

using chancery::security::CategoryDef;
using chancery::security::LevelDef;
using chancery::security::Policy;

void Require(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "policy_parse_fuzz: %s\n", what);
    std::abort();
  }
}

void CheckLookups(const Policy& policy) {
  for (const LevelDef& level : policy.levels) {
    Require(policy.FindLevel(level.name) == &level, "level name lookup");
    for (const std::string& alias : level.aliases) {
      Require(policy.FindLevel(alias) == &level, "level alias lookup");
      Require(policy.FindCategory(alias) == nullptr, "alias is also a category");
    }
    Require(policy.FindCategory(level.name) == nullptr, "level is also a category");
    Require(!policy.HasGroup(level.name), "level is also a group");
  }
  for (const CategoryDef& category : policy.categories) {
    Require(policy.FindCategory(category.name) == &category, "category name lookup");
    for (const std::string& alias : category.aliases) {
      Require(policy.FindCategory(alias) == &category, "category alias lookup");
    }
  }
  for (const std::string& group : policy.groups) {
    Require(policy.HasGroup(group), "group lookup");
  }
  for (const auto& word : policy.precedence_words) {
    Require(chancery::security::MapPrecedence(policy, word.word) == word.rank, "precedence");
  }
  const LevelDef* pub = policy.FindLevel(policy.public_level);
  Require(pub != nullptr && pub->name == policy.public_level, "public level defined");
}

void CheckDecisions(const Policy& policy) {
  chancery::model::Label label;
  label.classification = policy.levels.back().name;
  for (const CategoryDef& category : policy.categories) {
    label.categories.push_back(category.aliases.empty() ? category.name : category.aliases[0]);
  }
  const chancery::model::Label canonical = chancery::security::Canonicalize(policy, label);
  Require(chancery::security::Canonicalize(policy, canonical) == canonical, "idempotent");
  const auto reader = chancery::security::Subject::PublicReader(policy);
  chancery::security::AccessClass unmarked;
  Require(chancery::security::Decide(policy, reader, unmarked, chancery::security::Action::kRead)
              .allowed,
          "public reader reads unmarked");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  chancery::Result<Policy> policy = chancery::security::ParsePolicy(text, "fuzz");
  if (!policy.ok()) {
    Require(policy.status().code() == chancery::StatusCode::kCorruption, "error is corruption");
    Require(policy.status().message().substr(0, 5) == "fuzz:", "error names the file");
    return 0;
  }
  CheckLookups(*policy);
  CheckDecisions(*policy);
  return 0;
}
