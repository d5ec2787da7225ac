// The one access decision (docs/security.md §2-§5).
#include "chancery/security/decide.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <vector>

#include "chancery/base/strings.h"

namespace chancery::security {
namespace {

Decision Allow() {
  return {true, "allow"};
}

Decision Deny(std::string reason) {
  return {false, std::move(reason)};
}

// The level a label is read at: unmarked means the public level (docs/security.md §2).
std::string_view EffectiveLevel(const Policy& policy, const model::Label& label) {
  return Trim(label.classification).empty() ? std::string_view(policy.public_level)
                                            : std::string_view(label.classification);
}

std::vector<std::string> UpperAll(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  out.reserve(names.size());
  for (const std::string& name : names) {
    out.push_back(AsciiUpper(Trim(name)));
  }
  return out;
}

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Canonical names of the categories the clearance holds; unknown ones grant nothing.
std::vector<std::string> HeldCategories(const Policy& policy, const Clearance& clearance) {
  std::vector<std::string> held;
  for (const std::string& name : clearance.categories) {
    if (const CategoryDef* def = policy.FindCategory(name); def != nullptr) {
      held.push_back(def->name);
    }
  }
  return held;
}

// Every name in the label and the clearance level must be known (docs/security.md §4).
Decision CheckKnown(const Policy& policy, const Clearance& clearance, const model::Label& label) {
  if (policy.FindLevel(clearance.level) == nullptr) {
    return Deny("unknown clearance level \"" + clearance.level + "\"");
  }
  if (policy.FindLevel(EffectiveLevel(policy, label)) == nullptr) {
    return Deny("unknown level \"" + label.classification + "\"");
  }
  for (const std::string& category : label.categories) {
    if (policy.FindCategory(category) == nullptr) {
      return Deny("unknown category \"" + category + "\"");
    }
  }
  for (const std::string& group : label.releasable_to) {
    if (!policy.HasGroup(group)) {
      return Deny("unknown group \"" + group + "\"");
    }
  }
  return Allow();
}

Decision CheckCategories(const Policy& policy, const Clearance& clearance,
                         const model::Label& label) {
  const std::vector<std::string> held = HeldCategories(policy, clearance);
  std::vector<std::string> permissive;
  bool permissive_held = false;
  for (const std::string& category : label.categories) {
    const CategoryDef* def = policy.FindCategory(category);  // Known: CheckKnown() ran.
    if (def->kind == CategoryKind::kRestrictive && !Contains(held, def->name)) {
      return Deny("missing category " + def->name);
    }
    if (def->kind == CategoryKind::kPermissive) {
      permissive.push_back(def->name);
      permissive_held = permissive_held || Contains(held, def->name);
    }
  }
  if (!permissive.empty() && !permissive_held) {
    return Deny("missing any of categories " + Join(permissive, ", "));
  }
  return Allow();
}

// Read rules without need-to-know: the write guard and the first part of every decision.
Decision CheckLabel(const Policy& policy, const Clearance& clearance, const model::Label& label) {
  Decision known = CheckKnown(policy, clearance, label);
  if (!known.allowed) {
    return known;
  }
  const LevelDef* have = policy.FindLevel(clearance.level);
  const LevelDef* need = policy.FindLevel(EffectiveLevel(policy, label));
  if (need->rank > have->rank) {
    return Deny("level " + need->name + " above clearance " + have->name);
  }
  Decision categories = CheckCategories(policy, clearance, label);
  if (!categories.allowed) {
    return categories;
  }
  if (!label.releasable_to.empty()) {
    const std::vector<std::string> groups = UpperAll(clearance.groups);
    const bool any = std::any_of(
        label.releasable_to.begin(), label.releasable_to.end(),
        [&](const std::string& group) { return Contains(groups, AsciiUpper(Trim(group))); });
    if (!any) {
      return Deny("not releasable to subject");
    }
  }
  return Allow();
}

// docs/security.md §3: need-to-know by level rank or by a need-to-know category.
bool NeedsToKnow(const Policy& policy, const model::Label& label) {
  const LevelDef* level = policy.FindLevel(EffectiveLevel(policy, label));
  if (level != nullptr && policy.need_to_know_rank > 0 && level->rank >= policy.need_to_know_rank) {
    return true;
  }
  return std::any_of(label.categories.begin(), label.categories.end(),
                     [&](const std::string& name) {
                       const CategoryDef* def = policy.FindCategory(name);
                       return def != nullptr && def->need_to_know;
                     });
}

Decision CheckNeedToKnow(const Clearance& clearance, const std::vector<std::string>& offices) {
  const std::vector<std::string> mine = UpperAll(clearance.offices);
  for (const std::string& office : offices) {
    if (Contains(mine, AsciiUpper(Trim(office)))) {
      return Allow();
    }
  }
  if (offices.empty()) {
    return Deny("need-to-know: record names no office");
  }
  return Deny("need-to-know: subject acts for none of " + Join(offices, ", "));
}

}  // namespace

Subject Subject::PublicReader(const Policy& policy) {
  Subject subject;
  subject.name = "public";
  subject.clearance.level = policy.public_level;
  return subject;
}

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kRead:
      return "read";
    case Action::kCreate:
      return "create";
    case Action::kUpdate:
      return "update";
    case Action::kAdminister:
      return "administer";
  }
  return "unknown";
}

AccessClass ClassOf(const Policy& policy, const model::Cable& record) {
  AccessClass access;
  access.label = Canonicalize(policy, record.current_label);
  if (access.label.classification.empty()) {
    access.label.classification = policy.public_level;
  }
  if (!NeedsToKnow(policy, access.label)) {
    return access;
  }
  std::vector<std::string> offices = {record.office};
  for (const model::Addressee& addressee : record.addressees) {
    offices.push_back(addressee.name);
  }
  for (const std::string& office : offices) {
    std::string name = AsciiUpper(Trim(office));
    if (!name.empty()) {
      access.offices.push_back(std::move(name));
    }
  }
  std::sort(access.offices.begin(), access.offices.end());
  access.offices.erase(std::unique(access.offices.begin(), access.offices.end()),
                       access.offices.end());
  return access;
}

Decision Decide(const Policy& policy, const Subject& subject, const AccessClass& object,
                Action action) {
  // Administrators get no bypass: every action starts with the read rules.
  Decision read = CheckLabel(policy, subject.clearance, object.label);
  if (!read.allowed) {
    return read;
  }
  if (NeedsToKnow(policy, object.label)) {
    Decision ntk = CheckNeedToKnow(subject.clearance, object.offices);
    if (!ntk.allowed) {
      return ntk;
    }
  }
  switch (action) {
    case Action::kRead:
      return Allow();
    case Action::kCreate:
    case Action::kUpdate:
      return MayAssignLabel(policy, subject, object.label);
    case Action::kAdminister:
      return subject.administrator ? Allow() : Deny("administer requires an administrator");
  }
  return Deny("unknown action");
}

Decision MayAssignLabel(const Policy& policy, const Subject& subject, const model::Label& label) {
  Decision decision = CheckLabel(policy, subject.clearance, label);
  if (!decision.allowed) {
    decision.reason = "may not assign label: " + decision.reason;
  }
  return decision;
}

bool Dominates(const Policy& policy, const model::Label& a, const model::Label& b) {
  const LevelDef* level_a = policy.FindLevel(EffectiveLevel(policy, a));
  const LevelDef* level_b = policy.FindLevel(EffectiveLevel(policy, b));
  if (level_a == nullptr || level_b == nullptr || level_a->rank < level_b->rank) {
    return false;
  }
  const model::Label canon_a = Canonicalize(policy, a);
  const model::Label canon_b = Canonicalize(policy, b);
  // Unknown categories count as restrictive: a label with one dominates only labels with it.
  for (const std::string& category : canon_b.categories) {
    const CategoryDef* def = policy.FindCategory(category);
    const bool restrictive = def == nullptr || def->kind == CategoryKind::kRestrictive;
    if (restrictive && !Contains(canon_a.categories, category)) {
      return false;
    }
  }
  return true;
}

Result<model::Label> LeastUpperBound(const Policy& policy, const model::Label& a,
                                     const model::Label& b) {
  model::Label out;
  const LevelDef* level_a =
      policy.FindLevel(a.classification.empty() ? policy.public_level : a.classification);
  const LevelDef* level_b =
      policy.FindLevel(b.classification.empty() ? policy.public_level : b.classification);
  if (level_a == nullptr || level_b == nullptr) {
    return InvalidArgument("unknown level " +
                           (level_a == nullptr ? a.classification : b.classification));
  }
  out.classification = level_a->rank >= level_b->rank ? level_a->name : level_b->name;
  out.categories = a.categories;
  out.categories.insert(out.categories.end(), b.categories.begin(), b.categories.end());
  if (a.releasable_to.empty() || b.releasable_to.empty()) {
    out.releasable_to = a.releasable_to.empty() ? b.releasable_to : a.releasable_to;
  } else {
    model::Label left = a;
    model::Label right = b;
    left.Normalize();
    right.Normalize();
    std::set_intersection(left.releasable_to.begin(), left.releasable_to.end(),
                          right.releasable_to.begin(), right.releasable_to.end(),
                          std::back_inserter(out.releasable_to));
    if (out.releasable_to.empty()) {
      return InvalidArgument("releasability of " + a.ToBanner() + " and " + b.ToBanner() +
                             " has nothing in common");
    }
  }
  out.Normalize();
  return out;
}

}  // namespace chancery::security
