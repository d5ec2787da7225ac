// Users under separation of duties (docs/security.md "Separation of duties"): nobody grants
// beyond their own clearance, nobody changes their own, and clearance and role changes by an
// administrator who is not a security officer wait for a second administrator (policy
// `user-changes`). Every change is audited with its old and new values.
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/base/strings.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

namespace {

constexpr std::string_view kPendingChanges = "users.pending";

std::string Yes(bool b) {
  return b ? "yes" : "no";
}

std::string ListOrDash(const std::vector<std::string>& items) {
  return items.empty() ? "-" : Join(items, ",");
}

// "clearance: PUBLIC -> TOP SECRET; administrator: no -> yes" (only what differs).
std::string Describe(const std::optional<UserSpec>& before, const UserSpec& after) {
  UserSpec old = before.value_or(UserSpec{});
  if (!before.has_value()) {
    old.name = after.name;
    old.clearance.level = "-";
  }
  std::vector<std::string> parts;
  auto diff = [&parts](std::string_view what, const std::string& a, const std::string& b) {
    if (a != b) {
      parts.push_back(std::string(what) + ": " + a + " -> " + b);
    }
  };
  diff("clearance", old.clearance.level, after.clearance.level);
  diff("categories", ListOrDash(old.clearance.categories), ListOrDash(after.clearance.categories));
  diff("groups", ListOrDash(old.clearance.groups), ListOrDash(after.clearance.groups));
  diff("offices", ListOrDash(old.clearance.offices), ListOrDash(after.clearance.offices));
  diff("roles", ListOrDash(old.clearance.roles), ListOrDash(after.clearance.roles));
  diff("administrator", Yes(old.administrator), Yes(after.administrator));
  diff("security officer", Yes(old.security_officer), Yes(after.security_officer));
  if (!before.has_value()) {
    parts.insert(parts.begin(), "new user");
  }
  return parts.empty() ? "no change" : Join(parts, "; ");
}

// True when the change touches anything that decides access or administers it.
bool IsSecurityChange(const std::optional<UserSpec>& before, const UserSpec& after,
                      const security::Policy& policy) {
  if (before.has_value()) {
    return before->clearance != after.clearance || before->administrator != after.administrator ||
           before->security_officer != after.security_officer;
  }
  return after.clearance.level != policy.public_level || !after.clearance.categories.empty() ||
         !after.clearance.groups.empty() || !after.clearance.offices.empty() ||
         !after.clearance.roles.empty() || after.administrator || after.security_officer;
}

// Items of `after` that `before` does not hold.
std::vector<std::string> Added(const std::vector<std::string>& before,
                               const std::vector<std::string>& after) {
  std::vector<std::string> out;
  for (const std::string& item : after) {
    if (std::find(before.begin(), before.end(), item) == before.end()) {
      out.push_back(item);
    }
  }
  return out;
}

bool Holds(const std::vector<std::string>& held, const std::string& item) {
  return std::find(held.begin(), held.end(), item) != held.end();
}

nlohmann::json SpecJson(const UserSpec& u) {
  return {{"name", u.name},
          {"clearance", nlohmann::json::parse(ClearanceToJson(u.clearance))},
          {"administrator", u.administrator},
          {"security_officer", u.security_officer}};
}

Result<UserSpec> SpecFromJson(const nlohmann::json& j) {
  UserSpec u;
  u.name = j.at("name").get<std::string>();
  CHANCERY_ASSIGN_OR_RETURN(u.clearance, ClearanceFromJson(j.at("clearance").dump()));
  u.administrator = j.at("administrator").get<bool>();
  u.security_officer = j.at("security_officer").get<bool>();
  return u;
}

std::string PendingToJson(const PendingUserChange& p) {
  nlohmann::json j = {{"id", p.id},
                      {"change", SpecJson(p.change)},
                      {"proposer", p.proposer},
                      {"proposed_micros", p.proposed_micros}};
  j["before"] = p.before.has_value() ? SpecJson(*p.before) : nlohmann::json(nullptr);
  return j.dump();
}

Result<PendingUserChange> PendingFromJson(std::string_view text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    PendingUserChange p;
    p.id = j.at("id").get<std::string>();
    CHANCERY_ASSIGN_OR_RETURN(p.change, SpecFromJson(j.at("change")));
    if (!j.at("before").is_null()) {
      CHANCERY_ASSIGN_OR_RETURN(p.before, SpecFromJson(j.at("before")));
    }
    p.proposer = j.at("proposer").get<std::string>();
    p.proposed_micros = j.at("proposed_micros").get<int64_t>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    return Corruption(std::string("stored user change: ") + e.what());
  }
}

// Names the system uses for its own subjects: the CLI operator ("admin:<login>"), desk offices
// ("office:<id>"), and the anonymous reader.
bool IsReservedName(std::string_view name) {
  return name == "public" || name == "anonymous" || name.find(':') != std::string_view::npos;
}

}  // namespace

Result<std::optional<UserSpec>> RecordsImpl::LoadUser(std::string_view name) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::UserRow> row, store_->GetUser(name));
  if (!row.has_value()) {
    return std::optional<UserSpec>();
  }
  UserSpec spec;
  spec.name = row->name;
  spec.administrator = row->administrator;
  CHANCERY_ASSIGN_OR_RETURN(spec.clearance,
                            ClearanceFromJson(row->clearance, &spec.security_officer));
  return std::optional<UserSpec>(std::move(spec));
}

Result<UserSpec> RecordsImpl::CanonicalUser(const UserSpec& user) const {
  if (!model::IsValidId(user.name) || IsReservedName(user.name)) {
    return InvalidArgument("user name \"" + user.name +
                           "\": expected [A-Za-z0-9._-]{1,128}; \"public\", \"anonymous\" and "
                           "names with ':' are reserved for the system's own subjects");
  }
  const security::LevelDef* level = policy_.FindLevel(user.clearance.level);
  if (level == nullptr) {
    return InvalidArgument("user " + user.name + ": unknown clearance level " +
                           user.clearance.level);
  }
  UserSpec out = user;
  out.clearance.level = level->name;
  for (std::string& c : out.clearance.categories) {
    const security::CategoryDef* def = policy_.FindCategory(c);
    if (def == nullptr) {
      return InvalidArgument("user " + user.name + ": unknown category " + c);
    }
    c = def->name;
  }
  for (std::string& g : out.clearance.groups) {
    g = AsciiUpper(Trim(g));
    if (!policy_.HasGroup(g)) {
      return InvalidArgument("user " + user.name + ": unknown group " + g);
    }
  }
  for (std::string& o : out.clearance.offices) {
    o = AsciiUpper(Trim(o));
  }
  for (std::string& r : out.clearance.roles) {
    r = std::string(Trim(r));
    const std::string lower = AsciiLower(r);
    if (lower == "reviewer" || lower == "archivist") {
      r = lower;
    } else if (lower.rfind("equity:", 0) == 0 && r.size() > 7 &&
               Trim(std::string_view(r).substr(7)).size() == r.size() - 7) {
      r = "equity:" + AsciiUpper(r.substr(7));
    } else {
      return InvalidArgument("user " + user.name + ": unknown role \"" + r +
                             "\" (reviewer, archivist or equity:OFFICE)");
    }
  }
  for (auto* list : {&out.clearance.categories, &out.clearance.groups, &out.clearance.offices,
                     &out.clearance.roles}) {
    std::sort(list->begin(), list->end());
    list->erase(std::unique(list->begin(), list->end()), list->end());
  }
  return out;
}

Status RecordsImpl::CheckGrant(const security::Subject& actor,
                               const std::optional<UserSpec>& before, const UserSpec& after) const {
  if (!actor.administrator) {
    return PermissionDenied("changing users needs an administrator");
  }
  if (actor.name == after.name && IsSecurityChange(before, after, policy_)) {
    return PermissionDenied("nobody changes their own clearance or roles (" + actor.name + ")");
  }
  if (actor.local_operator) {
    return Status::Ok();  // the holder of the store's files is the root of every grant
  }
  const security::LevelDef* own = policy_.FindLevel(actor.clearance.level);
  const security::LevelDef* granted = policy_.FindLevel(after.clearance.level);
  const security::LevelDef* had =
      before.has_value() ? policy_.FindLevel(before->clearance.level) : nullptr;
  const bool raised = had == nullptr || granted->rank > had->rank;
  if (raised && (own == nullptr || granted->rank > own->rank)) {
    return PermissionDenied("user " + after.name + ": clearance " + granted->name +
                            " is above the granting administrator's own (" + actor.clearance.level +
                            ")");
  }
  const UserSpec old = before.value_or(UserSpec{});
  const std::pair<const char*, std::pair<const std::vector<std::string>*, std::vector<std::string>>>
      grants[] = {
          {"category",
           {&actor.clearance.categories,
            Added(old.clearance.categories, after.clearance.categories)}},
          {"group", {&actor.clearance.groups, Added(old.clearance.groups, after.clearance.groups)}},
          {"office",
           {&actor.clearance.offices, Added(old.clearance.offices, after.clearance.offices)}},
          {"role", {&actor.clearance.roles, Added(old.clearance.roles, after.clearance.roles)}},
      };
  for (const auto& [what, held_and_added] : grants) {
    for (const std::string& item : held_and_added.second) {
      if (!Holds(*held_and_added.first, item)) {
        return PermissionDenied("user " + after.name + ": " + what + " " + item +
                                " is not held by the granting administrator " + actor.name);
      }
    }
  }
  if (after.security_officer && !old.security_officer && !actor.security_officer) {
    return PermissionDenied("user " + after.name +
                            ": only a security officer makes a security officer");
  }
  return Status::Ok();
}

Status RecordsImpl::ApplyUserChange(const security::Subject& actor,
                                    const std::optional<UserSpec>& before, const UserSpec& after,
                                    std::string decision, store::Txn* txn) {
  store::WriteBatch batch;
  batch.users.push_back({after.name, ClearanceToJson(after.clearance, after.security_officer),
                         after.administrator, clock_->NowMicros()});
  batch.audit.push_back(MakeEvent(actor, before.has_value() ? "user.change" : "user.add",
                                  after.name, std::move(decision), {}));
  if (txn != nullptr) {
    return txn->Write(std::move(batch)).status();
  }
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  return Status::Ok();
}

Result<UserChangeResult> RecordsImpl::ChangeUser(const security::Subject& actor,
                                                 const UserSpec& user) {
  Result<UserSpec> canonical = CanonicalUser(user);
  std::optional<UserSpec> before;
  Status status = canonical.status();
  if (status.ok()) {
    CHANCERY_ASSIGN_OR_RETURN(before, LoadUser(canonical->name));
    status = CheckGrant(actor, before, *canonical);
  }
  if (!status.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        Audit(actor, "user.change", user.name, "deny: " + std::string(status.message()), {}));
    return status;
  }
  const std::string what = Describe(before, *canonical);
  const bool security = IsSecurityChange(before, *canonical, policy_);
  const bool alone = actor.security_officer || actor.local_operator;
  if (security && !alone && policy_.user_changes == security::UserChangeRule::kSecurityOfficer) {
    Status denied = PermissionDenied(
        "user-changes security-officer: only a security officer changes clearances and roles");
    CHANCERY_RETURN_IF_ERROR(
        Audit(actor, "user.change", user.name, "deny: " + std::string(denied.message()), {}));
    return denied;
  }
  UserChangeResult result;
  if (security && !alone && policy_.user_changes == security::UserChangeRule::kTwoPerson) {
    PendingUserChange pending;
    pending.id = "uc-" + audit::RandomHex(8);
    pending.change = *canonical;
    pending.before = before;
    pending.proposer = actor.name;
    pending.proposed_micros = clock_->NowMicros();
    const Status proposed = store_->Transact([&](store::Txn& txn) -> Status {
      CHANCERY_RETURN_IF_ERROR(
          txn.PutDoc({std::string(kPendingChanges), pending.id, "", "", PendingToJson(pending), 0})
              .status());
      store::WriteBatch batch;
      batch.audit.push_back(MakeEvent(actor, "user.change", pending.change.name,
                                      "pending " + pending.id + ": " + what, {}));
      return txn.Write(std::move(batch)).status();
    });
    CHANCERY_RETURN_IF_ERROR(proposed);
    dirty_audit_ = true;
    (void)Checkpoint();
    result.pending_id = pending.id;
    return result;
  }
  CHANCERY_RETURN_IF_ERROR(ApplyUserChange(actor, before, *canonical, "ok " + what, nullptr));
  (void)Checkpoint();  // a failure leaves the entry hash-linked; callers report it
  result.applied = true;
  return result;
}

Status RecordsImpl::AddUser(const security::Subject& actor, const UserSpec& user) {
  CHANCERY_ASSIGN_OR_RETURN(UserChangeResult result, ChangeUser(actor, user));
  if (!result.applied) {
    return FailedPrecondition("user change " + result.pending_id +
                              " awaits a second administrator's concurrence");
  }
  return Status::Ok();
}

Result<std::vector<UserSpec>> RecordsImpl::ListUsers(const security::Subject& actor) {
  if (!actor.administrator) {
    return PermissionDenied("listing users needs an administrator");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::UserRow> rows, store_->ListUsers());
  std::vector<UserSpec> out;
  for (const auto& row : rows) {
    UserSpec spec{row.name, {}, row.administrator, false};
    CHANCERY_ASSIGN_OR_RETURN(spec.clearance,
                              ClearanceFromJson(row.clearance, &spec.security_officer));
    out.push_back(std::move(spec));
  }
  return out;
}

Result<std::vector<PendingUserChange>> RecordsImpl::PendingUserChanges(
    const security::Subject& actor) {
  if (!actor.administrator) {
    return PermissionDenied("listing user changes needs an administrator");
  }
  store::DocQuery query;
  query.collection = std::string(kPendingChanges);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_->ListDocs(query));
  std::vector<PendingUserChange> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(PendingUserChange p, PendingFromJson(row.body));
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.proposed_micros < b.proposed_micros; });
  return out;
}

Status RecordsImpl::ConcurUserChange(const security::Subject& actor, std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store_->GetDoc(kPendingChanges, id));
  if (!row.has_value()) {
    return NotFound("no pending user change " + std::string(id));
  }
  CHANCERY_ASSIGN_OR_RETURN(PendingUserChange pending, PendingFromJson(row->body));
  Status status;
  if (actor.name == pending.proposer) {
    status = PermissionDenied("user change " + pending.id +
                              ": the proposer cannot also concur (two-person rule)");
  } else {
    status = CheckGrant(actor, pending.before, pending.change);
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<UserSpec> now, LoadUser(pending.change.name));
  const bool stale = status.ok() && now != pending.before;
  if (!status.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        Audit(actor, "user.concur", pending.id, "deny: " + std::string(status.message()), {}));
    return status;
  }
  const std::string what = Describe(pending.before, pending.change);
  Status done = store_->Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> still, txn.GetDoc(kPendingChanges, id));
    if (!still.has_value()) {
      return NotFound("no pending user change " + std::string(id));
    }
    CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kPendingChanges, id));
    if (stale) {
      store::WriteBatch batch;
      batch.audit.push_back(MakeEvent(
          actor, "user.concur", pending.id,
          "deny: user " + pending.change.name + " changed since the proposal; change dropped", {}));
      return txn.Write(std::move(batch)).status();
    }
    return ApplyUserChange(actor, pending.before, pending.change,
                           "ok " + what + " (proposed by " + pending.proposer + " as " +
                               pending.id + ", concurred by " + actor.name + ")",
                           &txn);
  });
  CHANCERY_RETURN_IF_ERROR(done);
  dirty_audit_ = true;
  (void)Checkpoint();
  if (stale) {
    return Conflict("user change " + pending.id + ": user " + pending.change.name +
                    " changed since it was proposed; the change was dropped");
  }
  return Status::Ok();
}

Status RecordsImpl::RejectUserChange(const security::Subject& actor, std::string_view id) {
  if (!actor.administrator) {
    return PermissionDenied("refusing user changes needs an administrator");
  }
  Status done = store_->Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc(kPendingChanges, id));
    if (!row.has_value()) {
      return NotFound("no pending user change " + std::string(id));
    }
    CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kPendingChanges, id));
    store::WriteBatch batch;
    batch.audit.push_back(MakeEvent(actor, "user.change", std::string(id), "ok rejected", {}));
    return txn.Write(std::move(batch)).status();
  });
  CHANCERY_RETURN_IF_ERROR(done);
  dirty_audit_ = true;
  (void)Checkpoint();
  return Status::Ok();
}

}  // namespace chancery::records::internal
