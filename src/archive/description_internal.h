// Private to src/archive: the Description implementation (description.cc: edits;
// description_read.cc: history, diff, the signed message and the stored rows).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/authorities.h"
#include "chancery/archive/description.h"
#include "chancery/desk/keys.h"
#include "chancery/store/store.h"

namespace chancery::archive::internal {

// Store collection of description edits: key "<id>/<n:06>", group id (docs/archive.md
// "Storage").
inline constexpr std::string_view kDescriptionEdits = "archive.description";

std::string EditToJson(const DescriptionEdit& edit);
// Every stored description edit of record `id`, in order (not verified).
Result<std::vector<DescriptionEdit>> StoredEdits(store::Store& store, std::string_view id);
Result<DescriptionEdit> EditFromJson(std::string_view json);

// A stored version of a record as its reader reads it.
struct VersionRead {
  model::Cable cable;
  int64_t version = 0;
};

class DescriptionImpl final : public Description {
 public:
  DescriptionImpl(records::Records& records, DescriptionOptions options,
                  std::unique_ptr<Authorities> owned);

  Result<DescriptionEdit> Edit(const security::Subject& actor, std::string_view id,
                               const DescriptionRequest& request) override;
  Result<std::vector<DescriptionEdit>> History(const security::Subject& reader,
                                               std::string_view id) override;
  Result<DescriptionDiff> Diff(const security::Subject& reader, std::string_view id, int64_t from,
                               int64_t to) override;

 private:
  store::Store& store() { return records_.store(); }

  const security::Policy& policy() const { return records_.policy(); }

  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision, std::vector<std::string> ids = {}) const;
  Status AuditOnly(model::AuditEvent event);
  // The current record if `subject` may read it; else kNotFound "no record ID".
  Result<store::StoredRecord> Readable(const security::Subject& subject, std::string_view id);
  // Every stored version the subject may read under its own label (index = version - 1;
  // nullopt where it may not), the current one last.
  Result<std::vector<std::optional<model::Cable>>> Versions(const security::Subject& subject,
                                                            const store::StoredRecord& current);
  // The changes applied to `cable`; kInvalidArgument naming the field or term.
  Status Apply(const std::vector<DescriptionChange>& changes, model::Cable* cable);
  Result<std::string> CheckSubject(std::string_view term);
  // kFailedPrecondition when an open review round has decisions on this version.
  Status CheckNoOpenReview(const std::string& id, int64_t version);
  Result<DescriptionEdit> EditChecked(const security::Subject& actor, std::string_view id,
                                      const DescriptionRequest& request);

  records::Records& records_;
  DescriptionOptions options_;
  std::unique_ptr<Authorities> owned_authorities_;
  Authorities* authorities_;
  desk::KeyRing keys_;
  SystemClock system_clock_;
  const Clock* clock_;
};

}  // namespace chancery::archive::internal
