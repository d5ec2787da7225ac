// Reading a past version of a record (docs/citations.md "Permalinks"). One access decision:
// the record as it is now (Show), then the version's own label; any refusal is the kNotFound
// of a missing record.
#include "chancery/format/json.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

Result<RecordVersion> RecordsImpl::ShowVersion(const security::Subject& subject,
                                               std::string_view id, int64_t version) {
  const Status missing = NotFound("no record " + std::string(id));
  if (version < 0) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Cable current, Show(subject, id));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta,
                            store_->GetRecordMeta(current.id));
  if (!meta.has_value()) {
    return missing;  // deleted since Show read it
  }
  RecordVersion out;
  out.current = meta->version;
  out.version = version == 0 ? meta->version : version;
  if (out.version == meta->version) {
    out.cable = std::move(current);
    return out;
  }
  if (out.version > meta->version) {
    CHANCERY_RETURN_IF_ERROR(Audit(subject, "show-version", id, "deny: no such version", {}));
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> versions,
                            store_->RecordVersions(current.id));
  for (const store::StoredRecord& row : versions) {
    if (row.version != out.version) {
      continue;
    }
    std::string reason;
    CHANCERY_ASSIGN_OR_RETURN(bool allowed, MayRead(subject, row.access_class, &reason));
    if (!allowed) {
      break;
    }
    CHANCERY_ASSIGN_OR_RETURN(out.cable, format::CableFromJson(row.payload, row.id));
    CHANCERY_ASSIGN_OR_RETURN(bool public_only, PublicMayRead(row.access_class));
    CHANCERY_RETURN_IF_ERROR(AuditRead(subject, "show-version", id,
                                       "allow v" + std::to_string(out.version), {row.id},
                                       public_only));
    return out;
  }
  CHANCERY_RETURN_IF_ERROR(Audit(subject, "show-version", id, "deny", {}));
  return missing;
}

}  // namespace chancery::records::internal
