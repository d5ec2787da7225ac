// Import: canonicalize under the policy, validate, store in batches with one audit entry per
// record, then feed the index.
#include "chancery/base/strings.h"
#include "chancery/format/json.h"
#include "records/records_impl.h"

namespace chancery::records::internal {

namespace {

void MapPrecedence(const security::Policy& policy, model::Precedence* p) {
  if (p->rank == model::PrecedenceRank::kUnknown && !p->original.empty()) {
    p->rank = security::MapPrecedence(policy, p->original);
  }
}

}  // namespace

Status RecordsImpl::Prepare(const security::Subject& actor, const ImportOptions& options,
                            model::Cable* c) const {
  if (c->original_marking.label.Empty() && !c->original_marking.verbatim.empty()) {
    c->original_marking.label = security::LabelFromMarking(policy_, c->original_marking.verbatim);
  }
  c->original_marking.label = security::Canonicalize(policy_, c->original_marking.label);
  if (c->current_label.Empty()) {
    if (options.current_label.has_value()) {
      c->current_label = *options.current_label;
    } else {
      c->current_label.classification = policy_.public_level;
    }
  }
  c->current_label = security::Canonicalize(policy_, c->current_label);
  for (auto& paragraph : c->body) {
    if (paragraph.portion.has_value()) {
      paragraph.portion = security::Canonicalize(policy_, *paragraph.portion);
    }
  }
  MapPrecedence(policy_, &c->precedence);
  for (auto& addressee : c->addressees) {
    MapPrecedence(policy_, &addressee.precedence);
  }
  CHANCERY_RETURN_IF_ERROR(model::Validate(*c));
  // Write-side guard: nobody stores a record labelled above their own clearance, and an unknown
  // level or category is refused here rather than stored unreadable.
  security::Decision d = security::MayAssignLabel(policy_, actor, c->current_label);
  if (!d.allowed) {
    return InvalidArgument("cable " + c->id + ": field current_label \"" +
                           c->current_label.ToBanner() + "\": " + d.reason);
  }
  return Status::Ok();
}

Result<ImportResult> RecordsImpl::Import(const security::Subject& actor,
                                         std::vector<model::Cable> cables,
                                         const ImportOptions& options) {
  if (!actor.administrator) {
    CHANCERY_RETURN_IF_ERROR(Audit(actor, "import", "", "deny: not an administrator", {}));
    return PermissionDenied("importing needs an administrator");
  }
  for (auto& cable : cables) {
    CHANCERY_RETURN_IF_ERROR(Prepare(actor, options, &cable));
  }
  ImportResult result;
  const size_t batch = options.batch_size == 0 ? 500 : options.batch_size;
  for (size_t begin = 0; begin < cables.size(); begin += batch) {
    const size_t end = std::min(cables.size(), begin + batch);
    CHANCERY_ASSIGN_OR_RETURN(ImportResult part, ImportBatch(actor, cables, begin, end));
    result.ids.insert(result.ids.end(), part.ids.begin(), part.ids.end());
    result.versions.insert(result.versions.end(), part.versions.begin(), part.versions.end());
  }
  CHANCERY_RETURN_IF_ERROR(CatchUpIndex());
  CHANCERY_RETURN_IF_ERROR(Checkpoint());
  return result;
}

Result<ImportResult> RecordsImpl::ImportBatch(const security::Subject& actor,
                                              std::vector<model::Cable>& cables, size_t begin,
                                              size_t end) {
  store::WriteBatch batch;
  ImportResult result;
  for (size_t i = begin; i < end; ++i) {
    const model::Cable& c = cables[i];
    batch.records.push_back({c.id, format::CableToJson(c), security::ClassOf(policy_, c).Key(),
                             c.serial.original});
    batch.audit.push_back(MakeEvent(actor, "import", c.id, "ok", {c.id}));
    result.ids.push_back(c.id);
  }
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  result.versions = std::move(written.versions);
  return result;
}

}  // namespace chancery::records::internal
