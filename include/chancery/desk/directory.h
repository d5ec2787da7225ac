// The cable desk's directory: organizations, offices in a hierarchy, nested addressee groups,
// and the roles users hold at offices (docs/format/directory.md). A Directory is a plain value;
// Desk keeps the current one in the store and every change to it is audited.
//
// Ids of offices and groups share one namespace (an addressee names either), match
// [A-Za-z0-9._-]{1,64} and are compared exactly. Thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

namespace chancery::desk {

enum class OfficeKind : int8_t {
  kMinistry = 0,
  kDepartment,
  kDivision,
  kEmbassy,
  kConsulate,
  kMission,   // mission to an international organization
  kExternal,  // an outside party (a fraternal party, an allied ministry)
};
// "ministry", "department", "division", "embassy", "consulate", "mission", "external".
std::string_view OfficeKindName(OfficeKind kind);
bool ParseOfficeKind(std::string_view name, OfficeKind* kind);

enum class Role : int8_t {
  kDrafter = 0,
  kClearer,
  kApprover,
  kReleaser,
  kRecipient,
  kArchivist,
  kAdministrator,
};
// "drafter", "clearer", "approver", "releaser", "recipient", "archivist", "administrator".
std::string_view RoleName(Role role);
bool ParseRole(std::string_view name, Role* role);

struct Organization {
  std::string id;    // "PRC-MFA"
  std::string name;  // "Ministry of Foreign Affairs of the People's Republic of China"
  friend bool operator==(const Organization&, const Organization&) = default;
};

struct Office {
  std::string id;    // "MFA-SOVEE"
  std::string name;  // "Soviet and Eastern European Division"
  OfficeKind kind = OfficeKind::kDivision;
  std::string organization;  // an Organization id
  std::string parent;        // an Office id; "" for a top-level office
  // What the office may receive: a recipient office is sent a cable only if a subject with this
  // clearance could read it (security::Decide). Level "" = the policy's public level.
  security::Clearance clearance;
  // The serial series cables released by this office are numbered in ("B-Yin"); "" = the
  // office id. Serials are gapless per (series, year).
  std::string series;
  // The office notified when a delivery of a cable released by this office (or by an office
  // below it that names none) lapses unacknowledged: its escalation addressee ("MFA-GO", the
  // duty office). "" = inherit from the parent; none anywhere = escalations are recorded and
  // audited but addressed to no office.
  std::string escalation;
  friend bool operator==(const Office&, const Office&) = default;
};

// A named set of offices and other groups: "ALL EMBASSIES", "Party committees of embassies and
// offices abroad". Expanded to offices at release; the expansion is stored with the cable.
struct AddresseeGroup {
  std::string id;
  std::string name;
  std::vector<std::string> members;  // office ids and group ids, in file order
  friend bool operator==(const AddresseeGroup&, const AddresseeGroup&) = default;
};

// `user` holds `role` at `office` (and only there: roles are not inherited by child offices).
// An administrator grant's office is "*" (the whole directory).
struct RoleGrant {
  std::string user;
  Role role = Role::kRecipient;
  std::string office;
  friend bool operator==(const RoleGrant&, const RoleGrant&) = default;
};

// How a user is named on the cables they approve: `person wu.xiuquan "Wu Xiuquan"`.
struct Person {
  std::string user;  // the records user name
  std::string name;  // the name shown in approvals
  friend bool operator==(const Person&, const Person&) = default;
};

struct Directory {
  std::vector<Organization> organizations;
  std::vector<Office> offices;
  std::vector<AddresseeGroup> groups;
  std::vector<RoleGrant> grants;
  std::vector<Person> people;

  // The person's name for `user`, or `user` itself when the directory names none.
  std::string DisplayName(std::string_view user) const;

  // nullptr when absent.
  const Office* FindOffice(std::string_view id) const;
  const AddresseeGroup* FindGroup(std::string_view id) const;
  // True iff `user` holds `role` at `office`, or holds kAdministrator at "*" and role is
  // kAdministrator.
  bool HasRole(std::string_view user, Role role, std::string_view office) const;
  // The offices at which `user` holds `role`, sorted.
  std::vector<std::string> OfficesWithRole(std::string_view user, Role role) const;
  // The offices of a group, nested groups expanded, sorted and unique. kNotFound "no addressee
  // group ID". REQUIRES: the directory validated (no cycles).
  Result<std::vector<std::string>> ExpandGroup(std::string_view id) const;
  // `id` and every office below it in the hierarchy, sorted.
  std::vector<std::string> Subtree(std::string_view id) const;

  friend bool operator==(const Directory&, const Directory&) = default;
};

// Checks references and shape: unique ids across offices and groups; every organization,
// parent, member, grant office and grant user name non-empty and known (users are not checked:
// they live in the records store); no cycle in parents or group nesting; clearance levels,
// categories and groups defined by `policy`. kInvalidArgument naming the entry and field
// ("office MFA-SOVEE: parent MFA-XX is not an office").
Status ValidateDirectory(const security::Policy& policy, const Directory& directory);

// Parses the directory file format (docs/format/directory.md). Errors are kInvalidArgument
// "<source>:<line>:<column>: <what>". Does not validate references (ValidateDirectory does).
Result<Directory> ParseDirectory(std::string_view text, std::string_view source = "directory");

// Canonical rendering: ParseDirectory(RenderDirectory(d)) == d for every directory whose ids and
// names are representable (any UTF-8 without control characters).
std::string RenderDirectory(const Directory& directory);

}  // namespace chancery::desk
