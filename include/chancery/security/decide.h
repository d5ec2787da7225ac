// The one access decision (STYLE.md §3.2; ../shared/reference/cable-desk.md §C.1).
//
// Decide(policy, subject, object, action) answers whether `subject` may perform `action` on an
// object with the given access class, with a reason for the audit log. Rules: no read up (the
// subject's level rank >= the label's); every restrictive category held (AND); for permissive
// categories at least one held (OR); releasability any-of over the subject's groups; need-to-know
// by addressee office where the policy asks for it; an unknown level, category or group in the
// label or clearance means deny. Pure functions; thread-safe.
//
// Access classes: the parts of a record that Decide looks at (its canonical label, plus the
// addressee offices when need-to-know applies). Records are interned by AccessClass::Key() in the
// store, so a subject's visible set is computed once per query over the classes, not per record,
// and Decide on a record is by construction Decide on its class.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"
#include "chancery/security/policy.h"

namespace chancery::security {

struct Clearance {
  std::string level;                    // canonical level name
  std::vector<std::string> categories;  // categories held
  std::vector<std::string> groups;      // releasability groups/nations the subject belongs to
  std::vector<std::string> offices;     // offices the subject acts for (need-to-know)
  // Archive roles (docs/archive.md): "reviewer", "archivist", "equity:OFFICE" (answers
  // referrals for that office). Sorted, unique. A role grants no read.
  std::vector<std::string> roles = {};
  friend bool operator==(const Clearance&, const Clearance&) = default;
};

struct Subject {
  std::string name;  // "public" for the anonymous reader
  Clearance clearance;
  bool administrator = false;  // may import and manage users; reads still go through Decide
  // May change clearances and roles alone under `user-changes two-person` (security.md
  // "Separation of duties"); never beyond their own clearance. Grants no read.
  bool security_officer = false;
  // The local operator of an embedded store (the CLI's admin:<login>): holds the store's files
  // and key, so is the root of every grant, including offices it does not act for.
  bool local_operator = false;

  // The anonymous public reader: the policy's public level, no categories.
  static Subject PublicReader(const Policy& policy);
};

enum class Action : int8_t { kRead = 0, kCreate, kUpdate, kAdminister };
std::string_view ActionName(Action a);  // "read", "create", "update", "administer"

struct Decision {
  bool allowed = false;
  std::string reason;  // "allow" or why not: "level TOP SECRET above clearance SECRET"
};

struct AccessClass {
  model::Label label;                // canonical, normalized
  std::vector<std::string> offices;  // need-to-know offices (sorted, unique); empty if none

  // Canonical text form, stable across versions: used as the interning key in the store.
  std::string Key() const;
  // Inverse of Key(). Errors: kCorruption naming the bad key.
  static Result<AccessClass> FromKey(std::string_view key);
  friend bool operator==(const AccessClass&, const AccessClass&) = default;
};

// The access class of a record under `policy`: its current label, canonicalized, plus its
// originating office and addressees when the label requires need-to-know.
AccessClass ClassOf(const Policy& policy, const model::Cable& record);

Decision Decide(const Policy& policy, const Subject& subject, const AccessClass& object,
                Action action);

inline Decision Decide(const Policy& policy, const Subject& subject, const model::Cable& record,
                       Action action) {
  return Decide(policy, subject, ClassOf(policy, record), action);
}

// Write-side guard: nobody may mark a label above their own clearance. Allowed iff the subject
// could read an object with that label (ignoring need-to-know).
Decision MayAssignLabel(const Policy& policy, const Subject& subject, const model::Label& label);

// The least upper bound of two labels: the higher level (by rank; an empty level is the public
// one), the union of categories, and the intersection of releasability where both restrict it
// (else the one that does). kInvalidArgument for an unknown level, or when both restrict
// releasability and share no group or nation.
Result<model::Label> LeastUpperBound(const Policy& policy, const model::Label& a,
                                     const model::Label& b);

// True iff `a` dominates `b` under the policy (level rank >= and restrictive categories
// superset). Used by tests of monotonicity and by label roll-up.
bool Dominates(const Policy& policy, const model::Label& a, const model::Label& b);

}  // namespace chancery::security
