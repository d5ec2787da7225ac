// Read access to released cables for the release, delivery and thread parts: one answer for
// missing and unreadable cables, and per-class decisions for listings (release_internal.h).
#include <optional>
#include <string>

#include "desk/release_internal.h"

namespace chancery::desk::internal {

Status NoCable(std::string_view cable_id) {
  return NotFound("no cable " + std::string(cable_id));
}

bool ClassDecider::MayRead(const std::string& class_key) {
  for (const auto& [key, allowed] : seen_) {
    if (key == class_key) {
      return allowed;
    }
  }
  Result<security::AccessClass> cls = security::AccessClass::FromKey(class_key);
  const bool allowed =
      cls.ok() && security::Decide(policy_, subject_, *cls, security::Action::kRead).allowed;
  seen_.emplace_back(class_key, allowed);
  return allowed;
}

Result<ReleaseRow> ReadableRelease(DeskImpl& desk, store::Txn* txn, const security::Subject& actor,
                                   std::string_view cable_id) {
  std::optional<store::DocRow> doc;
  if (txn != nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(doc, txn->GetDoc(kReleases, cable_id));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(doc, desk.store().GetDoc(kReleases, cable_id));
  }
  if (!doc.has_value()) {
    return NoCable(cable_id);
  }
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow row, ReleaseRowFromJson(doc->body, doc->key));
  ClassDecider decider(desk.policy(), actor);
  if (!decider.MayRead(row.meta.access_class)) {
    return NoCable(cable_id);
  }
  return row;
}

}  // namespace chancery::desk::internal
