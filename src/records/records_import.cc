// Import: canonicalize under the policy, validate, store in batches with one audit entry per
// record, then feed the index.
#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <vector>

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

// Indexes cables[begin, end), just stored by one Write(), straight from memory, if the index
// holds (committed or pending) every change before that write: the store's change log then ends
// with exactly these end - begin changes (a Write is atomic and appends one change per record,
// and any other writer's change would make the count differ). Otherwise does nothing, and the
// change-log replay indexes them. `indexed` is the change seq the index holds, -1 if unknown.
Status IndexImported(store::Store& store, const security::Policy& policy,
                     const std::vector<model::Cable>& cables, size_t begin, size_t end,
                     const std::vector<int64_t>& versions, std::mutex* index_mu,
                     search::SearchIndex* index, int64_t* indexed) {
  std::lock_guard<std::mutex> lock(*index_mu);
  CHANCERY_ASSIGN_OR_RETURN(int64_t last, store.LastChangeSeq());
  *indexed = std::max(*indexed, index->AppliedChangeSeq());  // a catch-up may have run
  if (last != *indexed + static_cast<int64_t>(end - begin)) {
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AccessClassRow> rows, store.AccessClasses());
  std::map<std::string, int64_t> class_ids;
  for (const store::AccessClassRow& row : rows) {
    class_ids.emplace(row.key, row.id);
  }
  std::vector<search::IndexEntry> entries;
  entries.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    auto it = class_ids.find(security::ClassOf(policy, cables[i]).Key());
    if (it == class_ids.end()) {
      return Corruption("import of " + cables[i].id + ": its access class is not in the store");
    }
    // Version 1: the store had no such record, and the index mirrors the store up to this
    // batch (checked above), so no shard holds it.
    entries.push_back({&cables[i], it->second, versions.at(i - begin) == 1});
  }
  CHANCERY_RETURN_IF_ERROR(index->PutMany(entries));
  *indexed = last;
  return Status::Ok();
}

}  // namespace

Status RecordsImpl::Prepare(const security::Subject& actor, const ImportOptions& options,
                            model::Cable* c) const {
  if (c->original_marking.label.Empty() && !c->original_marking.verbatim.empty()) {
    c->original_marking.label = security::LabelFromMarking(policy_, c->original_marking.verbatim);
  }
  c->original_marking.label = security::Canonicalize(policy_, c->original_marking.label);
  // A record that gives no current label gets the import option's, else keeps its original
  // marking (a cable is as classified as it was marked), else is unmarked, i.e. public. Archive
  // imports publish: the importer passes the public level (records/importer.cc).
  if (c->current_label.Empty()) {
    if (options.current_label.has_value()) {
      c->current_label = *options.current_label;
    } else if (!c->original_marking.label.Empty()) {
      c->current_label = c->original_marking.label;
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
  // The index is fed straight from each stored batch while it is current (no payload is read
  // back from the store), and committed once at the end; the change-log replay of
  // CatchUpIndex() remains the repair path for whatever this did not index.
  int64_t indexed = -1;  // the change seq the index holds, committed or not; -1 = unknown
  for (size_t begin = 0; begin < cables.size(); begin += batch) {
    const size_t end = std::min(cables.size(), begin + batch);
    CHANCERY_ASSIGN_OR_RETURN(ImportResult part, ImportBatch(actor, cables, begin, end));
    CHANCERY_RETURN_IF_ERROR(IndexImported(*store_, policy_, cables, begin, end, part.versions,
                                           &index_mu_, index_.get(), &indexed));
    result.ids.insert(result.ids.end(), part.ids.begin(), part.ids.end());
    result.versions.insert(result.versions.end(), part.versions.begin(), part.versions.end());
  }
  {
    std::lock_guard<std::mutex> lock(index_mu_);
    if (indexed > index_->AppliedChangeSeq()) {
      CHANCERY_RETURN_IF_ERROR(index_->Commit(indexed));
    }
  }
  CHANCERY_RETURN_IF_ERROR(CatchUpIndex());
  (void)Checkpoint();  // a failure leaves the entries hash-linked; callers report it
  return result;
}

Result<std::string> RecordsImpl::ImportDecision(const std::string& id,
                                                const security::AccessClass& cls) {
  // A record whose access label changes on re-import (declassification, downgrade, or a
  // correction) says so in the audit log: "ok relabel TOP SECRET -> PUBLIC".
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> old, store_->GetRecord(id));
  if (!old.has_value()) {
    return std::string("ok created");
  }
  CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* before, ClassById(old->access_class));
  if (before->Key() == cls.Key()) {
    return std::string("ok updated");
  }
  return "ok relabel " + before->label.ToBanner() + " -> " + cls.label.ToBanner();
}

Result<ImportResult> RecordsImpl::ImportBatch(const security::Subject& actor,
                                              std::vector<model::Cable>& cables, size_t begin,
                                              size_t end) {
  store::WriteBatch batch;
  ImportResult result;
  for (size_t i = begin; i < end; ++i) {
    const model::Cable& c = cables[i];
    const security::AccessClass cls = security::ClassOf(policy_, c);
    CHANCERY_ASSIGN_OR_RETURN(std::string decision, ImportDecision(c.id, cls));
    batch.records.push_back({c.id, format::CableToJson(c), cls.Key(), c.serial.original});
    batch.audit.push_back(MakeEvent(actor, "import", c.id, decision, {c.id}));
    result.ids.push_back(c.id);
  }
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  result.versions = std::move(written.versions);
  // Vouch for each committed batch, so that a crash mid-import leaves at most one batch's
  // entries covered by the chain alone.
  (void)Checkpoint();  // a failure leaves the entries hash-linked; callers report it
  return result;
}

}  // namespace chancery::records::internal
