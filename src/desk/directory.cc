// Directory lookups, the kind and role vocabularies, and ValidateDirectory
// (docs/format/directory.md §7).
#include "chancery/desk/directory.h"

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "chancery/desk/directory_edit.h"

namespace chancery::desk {
namespace {

constexpr std::array<std::string_view, 7> kKindNames = {
    "ministry", "department", "division", "embassy", "consulate", "mission", "external"};
constexpr std::array<std::string_view, 7> kRoleNames = {
    "drafter", "clearer", "approver", "releaser", "recipient", "archivist", "administrator"};

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

Status Invalid(std::string_view entry, std::string_view what) {
  return InvalidArgument(std::string(entry) + ": " + std::string(what));
}

}  // namespace

std::string_view OfficeKindName(OfficeKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : std::string_view("unknown");
}

bool ParseOfficeKind(std::string_view name, OfficeKind* kind) {
  for (size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) {
      *kind = static_cast<OfficeKind>(i);
      return true;
    }
  }
  return false;
}

std::string_view RoleName(Role role) {
  const auto i = static_cast<size_t>(role);
  return i < kRoleNames.size() ? kRoleNames[i] : std::string_view("unknown");
}

bool ParseRole(std::string_view name, Role* role) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) {
      *role = static_cast<Role>(i);
      return true;
    }
  }
  return false;
}

bool IsValidDirectoryId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

security::Clearance OfficeClearance(const security::Policy& policy, const Office& office) {
  security::Clearance clearance = office.clearance;
  if (clearance.level.empty()) {
    clearance.level = policy.public_level;
  }
  clearance.offices.push_back(office.id);
  SortUnique(&clearance.offices);
  return clearance;
}

const Office* Directory::FindOffice(std::string_view id) const {
  for (const Office& office : offices) {
    if (office.id == id) {
      return &office;
    }
  }
  return nullptr;
}

const AddresseeGroup* Directory::FindGroup(std::string_view id) const {
  for (const AddresseeGroup& group : groups) {
    if (group.id == id) {
      return &group;
    }
  }
  return nullptr;
}

std::string Directory::DisplayName(std::string_view user) const {
  for (const Person& person : people) {
    if (person.user == user) {
      return person.name;
    }
  }
  return std::string(user);
}

bool Directory::HasRole(std::string_view user, Role role, std::string_view office) const {
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& g) {
    if (g.user != user || g.role != role) {
      return false;
    }
    return g.office == office || (role == Role::kAdministrator && g.office == "*");
  });
}

std::vector<std::string> Directory::OfficesWithRole(std::string_view user, Role role) const {
  std::vector<std::string> result;
  for (const RoleGrant& g : grants) {
    if (g.user == user && g.role == role) {
      result.push_back(g.office);
    }
  }
  SortUnique(&result);
  return result;
}

Result<std::vector<std::string>> Directory::ExpandGroup(std::string_view id) const {
  const AddresseeGroup* root = FindGroup(id);
  if (root == nullptr) {
    return NotFound("no addressee group " + std::string(id));
  }
  std::vector<std::string> result;
  std::set<std::string> seen = {root->id};
  std::vector<const AddresseeGroup*> pending = {root};
  while (!pending.empty()) {
    const AddresseeGroup* group = pending.back();
    pending.pop_back();
    for (const std::string& member : group->members) {
      if (FindOffice(member) != nullptr) {
        result.push_back(member);
      } else if (const AddresseeGroup* nested = FindGroup(member); nested != nullptr) {
        if (seen.insert(member).second) {
          pending.push_back(nested);
        }
      } else {
        return FailedPrecondition("addressee group " + group->id + ": member " + member +
                                  " is neither an office nor a group");
      }
    }
  }
  SortUnique(&result);
  return result;
}

std::vector<std::string> Directory::Subtree(std::string_view id) const {
  if (FindOffice(id) == nullptr) {
    return {};
  }
  std::set<std::string> found = {std::string(id)};
  // Repeat until no office is added: each pass adds the children of what is found (cycle-safe).
  for (bool grew = true; grew;) {
    grew = false;
    for (const Office& office : offices) {
      if (!office.parent.empty() && found.count(office.parent) != 0 &&
          found.insert(office.id).second) {
        grew = true;
      }
    }
  }
  return {found.begin(), found.end()};
}

namespace {

// docs/format/directory.md §7, one function per kind of entry.
class Validator {
 public:
  Validator(const security::Policy& policy, const Directory& directory)
      : policy_(policy), directory_(directory) {}

  Status Run() {
    CHANCERY_RETURN_IF_ERROR(CheckEntries());
    return CheckCycles();
  }

 private:
  Status CheckEntries() {
    for (const Organization& org : directory_.organizations) {
      CHANCERY_RETURN_IF_ERROR(CheckOrganization(org));
    }
    for (const Office& office : directory_.offices) {
      CHANCERY_RETURN_IF_ERROR(CheckOffice(office));
    }
    for (const AddresseeGroup& group : directory_.groups) {
      CHANCERY_RETURN_IF_ERROR(CheckGroup(group));
    }
    for (const RoleGrant& grant : directory_.grants) {
      CHANCERY_RETURN_IF_ERROR(CheckGrant(grant));
    }
    std::set<std::string, std::less<>> named;
    for (const Person& person : directory_.people) {
      const std::string entry = "person " + person.user;
      if (person.user.empty() || person.name.empty()) {
        return Invalid(entry, "user name or name is empty");
      }
      if (!named.insert(person.user).second) {
        return Invalid(entry, "duplicate person");
      }
    }
    return Status::Ok();
  }

  // Runs after CheckEntries: every parent and member is known.
  Status CheckCycles() {
    for (const Office& office : directory_.offices) {
      CHANCERY_RETURN_IF_ERROR(CheckParentChain(office));
    }
    for (const AddresseeGroup& group : directory_.groups) {
      std::vector<std::string> path;
      CHANCERY_RETURN_IF_ERROR(CheckNesting(group, &path));
    }
    return Status::Ok();
  }

  Status CheckOrganization(const Organization& org) {
    const std::string entry = "organization " + org.id;
    if (!IsValidDirectoryId(org.id)) {
      return Invalid(entry, "id is not [A-Za-z0-9._-]{1,64}");
    }
    if (!org_ids_.insert(org.id).second) {
      return Invalid(entry, "duplicate organization id");
    }
    return org.name.empty() ? Invalid(entry, "name is empty") : Status::Ok();
  }

  Status CheckId(std::string_view entry, const std::string& id, const std::string& name) {
    if (!IsValidDirectoryId(id)) {
      return Invalid(entry, "id is not [A-Za-z0-9._-]{1,64}");
    }
    if (!ids_.insert(id).second) {
      return Invalid(entry, "duplicate id (offices and groups share one namespace)");
    }
    return name.empty() ? Invalid(entry, "name is empty") : Status::Ok();
  }

  Status CheckOffice(const Office& office) {
    const std::string entry = "office " + office.id;
    CHANCERY_RETURN_IF_ERROR(CheckId(entry, office.id, office.name));
    if (OfficeKindName(office.kind) == "unknown") {
      return Invalid(entry, "kind is not a known office kind");
    }
    if (office.organization.empty() || org_ids_.count(office.organization) == 0) {
      return Invalid(entry, "organization \"" + office.organization + "\" is not an organization");
    }
    if (!office.parent.empty() && directory_.FindOffice(office.parent) == nullptr) {
      return Invalid(entry, "parent " + office.parent + " is not an office");
    }
    if (!office.series.empty() && !IsValidDirectoryId(office.series)) {
      return Invalid(entry, "series \"" + office.series + "\" is not [A-Za-z0-9._-]{1,64}");
    }
    if (!office.escalation.empty() && directory_.FindOffice(office.escalation) == nullptr) {
      return Invalid(entry, "escalation addressee " + office.escalation + " is not an office");
    }
    return CheckClearance(entry, office.clearance);
  }

  Status CheckClearance(std::string_view entry, const security::Clearance& clearance) const {
    if (!clearance.level.empty() && policy_.FindLevel(clearance.level) == nullptr) {
      return Invalid(entry,
                     "clearance level \"" + clearance.level + "\" is not in policy " + policy_.id);
    }
    for (const std::string& category : clearance.categories) {
      if (policy_.FindCategory(category) == nullptr) {
        return Invalid(entry, "category \"" + category + "\" is not in policy " + policy_.id);
      }
    }
    for (const std::string& group : clearance.groups) {
      if (!policy_.HasGroup(group)) {
        return Invalid(entry, "group \"" + group + "\" is not in policy " + policy_.id);
      }
    }
    for (const std::string& office : clearance.offices) {
      if (directory_.FindOffice(office) == nullptr) {
        return Invalid(entry, "acts-for " + office + " is not an office");
      }
    }
    return Status::Ok();
  }

  Status CheckGroup(const AddresseeGroup& group) {
    const std::string entry = "group " + group.id;
    CHANCERY_RETURN_IF_ERROR(CheckId(entry, group.id, group.name));
    if (group.members.empty()) {
      return Invalid(entry, "has no members");
    }
    std::set<std::string_view> members;
    for (const std::string& member : group.members) {
      if (directory_.FindOffice(member) == nullptr && directory_.FindGroup(member) == nullptr) {
        return Invalid(entry, "member \"" + member + "\" is neither an office nor a group");
      }
      if (!members.insert(member).second) {
        return Invalid(entry, "member " + member + " is listed twice");
      }
    }
    return Status::Ok();
  }

  Status CheckGrant(const RoleGrant& grant) {
    const std::string entry =
        "grant " + grant.user + " " + std::string(RoleName(grant.role)) + " " + grant.office;
    if (grant.user.empty()) {
      return Invalid(entry, "user name is empty");
    }
    if (RoleName(grant.role) == "unknown") {
      return Invalid(entry, "role is not a known role");
    }
    if (grant.role == Role::kAdministrator) {
      if (grant.office != "*") {
        return Invalid(entry, "an administrator grant is for the whole directory (*)");
      }
    } else if (directory_.FindOffice(grant.office) == nullptr) {
      return Invalid(entry, "office \"" + grant.office + "\" is not an office");
    }
    if (!grants_.insert({grant.user, static_cast<int>(grant.role), grant.office}).second) {
      return Invalid(entry, "duplicate grant");
    }
    return Status::Ok();
  }

  Status CheckParentChain(const Office& office) const {
    std::string chain = office.id;
    const Office* at = &office;
    for (size_t steps = 0; !at->parent.empty(); ++steps) {
      chain += " -> " + at->parent;
      if (at->parent == office.id || steps > directory_.offices.size()) {
        return Invalid("office " + office.id, "parent cycle " + chain);
      }
      at = directory_.FindOffice(at->parent);  // Known: CheckOffice ran.
    }
    return Status::Ok();
  }

  // Depth-first over nested groups; `path` is the chain of groups being expanded.
  Status CheckNesting(const AddresseeGroup& group, std::vector<std::string>* path) {
    if (done_.count(group.id) != 0) {
      return Status::Ok();
    }
    if (std::find(path->begin(), path->end(), group.id) != path->end()) {
      std::string chain;
      for (const std::string& id : *path) {
        chain += id + " -> ";
      }
      return Invalid("group " + path->front(), "nesting cycle " + chain + group.id);
    }
    path->push_back(group.id);
    for (const std::string& member : group.members) {
      if (const AddresseeGroup* nested = directory_.FindGroup(member); nested != nullptr) {
        CHANCERY_RETURN_IF_ERROR(CheckNesting(*nested, path));
      }
    }
    path->pop_back();
    done_.insert(group.id);
    return Status::Ok();
  }

  const security::Policy& policy_;
  const Directory& directory_;
  std::set<std::string> org_ids_;
  std::set<std::string> ids_;
  std::set<std::tuple<std::string, int, std::string>> grants_;
  std::set<std::string> done_;
};

}  // namespace

Status ValidateDirectory(const security::Policy& policy, const Directory& directory) {
  return Validator(policy, directory).Run();
}

}  // namespace chancery::desk
