// Access classes and the subject's visible set: Decide runs once per class, not per record.
#include <algorithm>

#include "chancery/base/strings.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

// Reads only the classes interned since the last refresh (one indexed range read, usually
// empty): this runs on every search.
Status RecordsImpl::RefreshClasses() {
  int64_t after = 0;
  {
    std::lock_guard<std::mutex> lock(classes_mu_);
    after = classes_.max_id;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AccessClassRow> rows,
                            store_->AccessClassesAfter(after));
  std::lock_guard<std::mutex> lock(classes_mu_);
  for (const auto& row : rows) {
    if (classes_.classes.count(row.id) == 0) {
      CHANCERY_ASSIGN_OR_RETURN(security::AccessClass cls, security::AccessClass::FromKey(row.key));
      classes_.classes.emplace(row.id, std::move(cls));
    }
    classes_.max_id = std::max(classes_.max_id, row.id);
  }
  return Status::Ok();
}

Result<const security::AccessClass*> RecordsImpl::ClassById(int64_t class_id) {
  {
    std::lock_guard<std::mutex> lock(classes_mu_);
    auto it = classes_.classes.find(class_id);
    if (it != classes_.classes.end()) {
      return &it->second;
    }
  }
  CHANCERY_RETURN_IF_ERROR(RefreshClasses());
  std::lock_guard<std::mutex> lock(classes_mu_);
  auto it = classes_.classes.find(class_id);
  if (it == classes_.classes.end()) {
    return Corruption("access class " + std::to_string(class_id) + " is not in the store");
  }
  // std::map nodes are stable: the pointer stays valid while Records lives.
  return &it->second;
}

Result<bool> RecordsImpl::MayRead(const security::Subject& subject, int64_t class_id,
                                  std::string* reason) {
  CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* cls, ClassById(class_id));
  security::Decision d = security::Decide(policy_, subject, *cls, security::Action::kRead);
  if (reason != nullptr) {
    *reason = d.reason;
  }
  return d.allowed;
}

Result<std::vector<int64_t>> RecordsImpl::VisibleClasses(const security::Subject& subject) {
  CHANCERY_RETURN_IF_ERROR(RefreshClasses());
  std::vector<int64_t> visible;
  std::lock_guard<std::mutex> lock(classes_mu_);
  for (const auto& [id, cls] : classes_.classes) {
    if (security::Decide(policy_, subject, cls, security::Action::kRead).allowed) {
      visible.push_back(id);
    }
  }
  return visible;
}

}  // namespace chancery::records::internal
