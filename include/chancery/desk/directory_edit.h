// Edits of a desk Directory for the CLI (`chancery desk directory ...`) and helpers around the
// directory value of chancery/desk/directory.h. Every edit is all-or-nothing: it checks its own
// preconditions, applies the change to a copy, runs ValidateDirectory on the result and only
// then replaces *directory; on any error *directory is unchanged. Pure functions; thread-
// compatible (the caller owns the Directory).
#pragma once

#include <string_view>

#include "chancery/base/status.h"
#include "chancery/desk/directory.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

namespace chancery::desk {

// True iff `id` matches [A-Za-z0-9._-]{1,64}: the syntax of organization, office, group ids and
// of serial series.
bool IsValidDirectoryId(std::string_view id);

// The clearance a recipient office is checked with (security::Decide): the office's clearance
// with level "" replaced by the policy's public level and the office itself added to the offices
// it acts for (need-to-know by addressee), sorted and unique.
security::Clearance OfficeClearance(const security::Policy& policy, const Office& office);

// Adds `organization`, or replaces the one with the same id. kInvalidArgument for a bad id or an
// invalid result.
Status AddOrReplaceOrganization(const security::Policy& policy, Directory* directory,
                                Organization organization);
// Removes organization `id`. kNotFound "no organization ID"; kFailedPrecondition while an office
// belongs to it ("organization PRC-MFA is referenced by office MFA").
Status RemoveOrganization(const security::Policy& policy, Directory* directory,
                          std::string_view id);

// Adds `office`, or replaces the office with the same id (its position is kept). kAlreadyExists
// when the id is a group's; kInvalidArgument when the result does not validate (unknown parent,
// parent cycle, clearance unknown to the policy, ...).
Status AddOrReplaceOffice(const security::Policy& policy, Directory* directory, Office office);
// Removes office `id`. kNotFound "no office ID"; kFailedPrecondition while it is referenced,
// naming the first referrer: a child office, a group member, a grant or an office acting for it.
Status RemoveOffice(const security::Policy& policy, Directory* directory, std::string_view id);

// Adds `group`, or replaces the group with the same id. kAlreadyExists when the id is an
// office's; kInvalidArgument when the result does not validate (unknown member, nesting cycle).
Status AddOrReplaceGroup(const security::Policy& policy, Directory* directory,
                         AddresseeGroup group);
// Removes group `id`. kNotFound "no addressee group ID"; kFailedPrecondition while another group
// names it as a member.
Status RemoveGroup(const security::Policy& policy, Directory* directory, std::string_view id);

// Adds a role grant. kAlreadyExists when the user already holds that role at that office;
// kInvalidArgument when the result does not validate (unknown office, administrator not at "*").
Status Grant(const security::Policy& policy, Directory* directory, RoleGrant grant);
// Removes a role grant. kNotFound "user U does not hold ROLE at OFFICE".
Status Revoke(const security::Policy& policy, Directory* directory, const RoleGrant& grant);

}  // namespace chancery::desk
