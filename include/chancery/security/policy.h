// Policy: the security policy a Chancery store runs under (a SPIF-like file; grammar in
// docs/format/policy.md). It defines classification levels and their order, categories and
// their kind (restrictive, permissive, informative), releasability groups, which labels need
// need-to-know by addressee, and the precedence vocabulary that maps verbatim precedence words
// ("Very Urgent", "Niact") onto the canonical ladder.
//
// A Policy is an immutable value once parsed; safe to share between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/label.h"

namespace chancery::security {

enum class CategoryKind : int8_t { kRestrictive = 0, kPermissive, kInformative };

struct LevelDef {
  std::string name;                  // canonical, upper case: "TOP SECRET"
  int32_t rank = 0;                  // higher is more sensitive
  std::vector<std::string> aliases;  // upper case: "TS", "绝密"
};

struct CategoryDef {
  std::string name;  // canonical, upper case: "INTERNAL RESEARCH"
  CategoryKind kind = CategoryKind::kRestrictive;
  std::vector<std::string> aliases;
  bool need_to_know = false;  // records carrying it are readable only by addressee offices
};

struct PrecedenceWord {
  std::string word;  // upper case: "VERY URGENT"
  model::PrecedenceRank rank = model::PrecedenceRank::kUnknown;
};

// A handling-time objective: deliveries at `rank` should be acknowledged within `seconds`.
struct HandlingTime {
  model::PrecedenceRank rank = model::PrecedenceRank::kRoutine;
  int64_t seconds = 0;
};

// Who may change a user's clearance, categories, groups, offices or roles (docs/format/policy.md
// §7b, docs/security.md "Separation of duties"). Nobody ever grants beyond their own clearance.
enum class UserChangeRule : int8_t {
  kTwoPerson = 0,  // a security officer alone, or an administrator with a second one's concurrence
  kSecurityOfficer,  // security officers only
  kSingle,           // any administrator alone (small single-operator stores)
};

// What an import does with a paragraph marked above its record's label (§7c).
enum class PortionRule : int8_t {
  kRaise = 0,  // the record's label becomes the least upper bound of its portions
  kRefuse,     // the record is refused, naming the paragraph
};

// Which successful reads the audit log records one by one (§7d, docs/format/audit-log.md §13).
// Denials, errors, writes and every read that returns a record the anonymous public may not read
// are always one entry each, whatever this says.
struct AuditReadRule {
  // 0: every read is an entry of its own. > 0: successful shows and searches that return only
  // records the public may read are counted per actor and action, and one entry per interval of
  // this many seconds records the count, the time span and the ids returned.
  int64_t aggregate_seconds = 0;
};

// The archive's review rules (docs/format/policy.md §7e, docs/archive.md).
// "review-after \"TOP SECRET\" 25y": records at that level fall due for declassification review
// that long after their date.
struct ReviewAfter {
  std::string level;  // canonical level name
  int64_t seconds = 0;
};

// "exemption 25X1 \"short text\" \"authority\"": a code a reviewer may withhold under.
struct Exemption {
  std::string code;  // as written ("25X1", "(b)(1)"); matched case-insensitively
  std::string text;
  std::string authority;
};
// How much a redaction marker says about the length of what it replaces
// ("redaction-markers lines|none").
enum class MarkerRule : int8_t {
  kLines = 0,  // FRUS style: "[less than 1 line not declassified]", "[2 paragraphs (9 lines) ...]"
  kNone,       // "[text not declassified]", "[name not declassified]": no length at all
};

struct ArchiveRules {
  std::vector<ReviewAfter> review_after;
  std::vector<Exemption> exemptions;
  // Records at or above this rank need a second reviewer's concurrence before publication
  // ("review-concurrence LEVEL"); nullopt = never.
  std::optional<int32_t> concurrence_rank;
  MarkerRule markers = MarkerRule::kLines;
  // The exemption with this code (case-insensitive); nullptr when the policy has none.
  const Exemption* FindExemption(std::string_view code) const;
  // Seconds after its date a record at `level` falls due; nullopt when the policy sets none.
  std::optional<int64_t> ReviewAfterSeconds(std::string_view level) const;
};

struct Policy {
  std::string id;  // policy identifier, e.g. "chancery-default-1"
  std::vector<LevelDef> levels;
  std::vector<CategoryDef> categories;
  std::vector<std::string> groups;  // releasability groups and nations (upper case)
  std::vector<PrecedenceWord> precedence_words;
  std::string public_level;  // level readable by the anonymous public reader, e.g. "PUBLIC"
  // Levels at or above this rank require need-to-know by addressee; 0 or less disables it.
  int32_t need_to_know_rank = 0;
  // Handling-time objectives the policy sets (docs/format/policy.md §7a); ranks it does not name
  // keep the desk's defaults.
  std::vector<HandlingTime> handling;
  UserChangeRule user_changes = UserChangeRule::kTwoPerson;
  PortionRule portion_above_label = PortionRule::kRaise;
  AuditReadRule audit_reads;
  ArchiveRules archive;

  // Lookups by canonical name or alias, case-insensitive; nullptr when unknown.
  const LevelDef* FindLevel(std::string_view name) const;
  const CategoryDef* FindCategory(std::string_view name) const;
  bool HasGroup(std::string_view name) const;
};

// Parses a policy file. Errors: kCorruption "<filename>:<line>:<column>: <message>" for syntax
// errors, duplicate names, or a public level that is not defined.
Result<Policy> ParsePolicy(std::string_view text, std::string_view filename = {});

// The text of the default policy shipped in policy/default.policy (compiled in).
std::string_view DefaultPolicyText();

// Maps aliases to canonical names ("Top Secret" -> "TOP SECRET") and normalizes. Names the
// policy does not know are kept (upper-cased) so that Decide denies them.
model::Label Canonicalize(const Policy& policy, model::Label label);

// Reads a verbatim marking such as "Top Secret", "SECRET//NOFORN" or "Confidential; Exdis" into a
// canonical label: the level from the first known level word; known categories from the rest.
// Unknown words are ignored here (the verbatim text keeps them).
model::Label LabelFromMarking(const Policy& policy, std::string_view verbatim);

// Maps a verbatim precedence word to the canonical ladder: a canonical name ("IMMEDIATE"), a
// vocabulary word ("Very Urgent"), or kUnknown.
model::PrecedenceRank MapPrecedence(const Policy& policy, std::string_view verbatim);

}  // namespace chancery::security
