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

// Indexes cables[begin, end), just stored by one Write() whose changes end at `batch_last`,
// straight from memory, if the index holds (committed or pending) exactly the changes before that
// write: a Write is atomic and appends one change per record, so its changes are the `written`
// seqs ending at batch_last. Otherwise does nothing, and the change-log replay indexes them. The
// store's last seq is not a test of that: a catch-up may already have applied this batch and
// another writer appended a change after it, and indexing the batch then would mark that change
// applied without indexing it. `indexed` is the change seq the index holds, -1 if unknown.
Status IndexImported(store::Store& store, const security::Policy& policy,
                     const std::vector<model::Cable>& cables, size_t begin, size_t end,
                     const std::vector<int64_t>& versions, int64_t batch_last, std::mutex* index_mu,
                     search::SearchIndex* index, int64_t* indexed) {
  std::lock_guard<std::mutex> lock(*index_mu);
  *indexed = std::max(*indexed, index->AppliedChangeSeq());  // a catch-up may have run
  const auto written = static_cast<int64_t>(
      std::count_if(versions.begin(), versions.end(), [](int64_t v) { return v != 0; }));
  if (written == 0 || *indexed != batch_last - written) {
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
    if (versions.at(i - begin) == 0) {
      continue;  // unchanged: not written, already indexed
    }
    auto it = class_ids.find(security::ClassOf(policy, cables[i]).Key());
    if (it == class_ids.end()) {
      return Corruption("import of " + cables[i].id + ": its access class is not in the store");
    }
    // Version 1: the store had no such record, and the index mirrors the store up to this
    // batch (checked above), so no shard holds it.
    entries.push_back({&cables[i], it->second, versions.at(i - begin) == 1});
  }
  CHANCERY_RETURN_IF_ERROR(index->PutMany(entries));
  *indexed = batch_last;
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
  CHANCERY_RETURN_IF_ERROR(RaiseToPortions(c));
  MapPrecedence(policy_, &c->precedence);
  for (auto& addressee : c->addressees) {
    MapPrecedence(policy_, &addressee.precedence);
  }
  CHANCERY_RETURN_IF_ERROR(model::Validate(*c));
  // A published version's account of itself is written by the archive alone (docs/archive.md):
  // an imported one would claim a declassification nobody decided.
  if (!c->publication.Empty()) {
    return InvalidArgument("cable " + c->id +
                           ": field publication is set only by the archive when it publishes");
  }
  // Ids "<id>.p<N>" name published versions; an import under one would squat the id the
  // archive gives the next publication.
  if (const size_t dot = c->id.rfind(".p");
      dot != std::string::npos && dot + 2 < c->id.size() &&
      c->id.find_first_not_of("0123456789", dot + 2) == std::string::npos) {
    return InvalidArgument("cable " + c->id +
                           ": field id: ids ending in .p<number> are reserved for the archive's "
                           "published versions");
  }
  // Write-side guard: nobody stores a record labelled above their own clearance, and an unknown
  // level or category is refused here rather than stored unreadable. The answer is the one for
  // an id held by a record the importer may not read (ImportBatch), so neither reveals which.
  security::Decision d = security::MayAssignLabel(policy_, actor, c->current_label);
  if (!d.allowed) {
    if (policy_.FindLevel(c->current_label.classification) == nullptr ||
        std::any_of(c->current_label.categories.begin(), c->current_label.categories.end(),
                    [this](const std::string& k) { return policy_.FindCategory(k) == nullptr; })) {
      return InvalidArgument("cable " + c->id + ": field current_label \"" +
                             c->current_label.ToBanner() + "\": " + d.reason);
    }
    return NotImportable(actor, c->id);
  }
  return Status::Ok();
}

Status RecordsImpl::NotImportable(const security::Subject& actor, std::string_view id) const {
  return PermissionDenied("record " + std::string(id) + ": not importable by " + actor.name +
                          ": its label is above your clearance, or its id is held by a record "
                          "you may not read");
}

Status RecordsImpl::RaiseToPortions(model::Cable* c) const {
  auto raise = [&](std::vector<model::Paragraph>& paragraphs, const std::string& where) -> Status {
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      if (!paragraphs[i].portion.has_value()) {
        continue;
      }
      model::Label& portion = *paragraphs[i].portion;
      portion = security::Canonicalize(policy_, portion);
      if (security::Dominates(policy_, c->current_label, portion)) {
        continue;
      }
      if (policy_.portion_above_label == security::PortionRule::kRefuse) {
        return InvalidArgument("cable " + c->id + ": " + where + " paragraph " +
                               std::to_string(i + 1) + " is marked " + portion.ToBanner() +
                               ", above the record's label " + c->current_label.ToBanner() +
                               " (policy portion-above-label refuse)");
      }
      model::Label raised_only = portion;
      raised_only.releasable_to.clear();  // releasability stays the record's (docs/security.md)
      Result<model::Label> bound =
          security::LeastUpperBound(policy_, c->current_label, raised_only);
      if (!bound.ok()) {
        return InvalidArgument("cable " + c->id + ": " + where + " paragraph " +
                               std::to_string(i + 1) + ": " +
                               std::string(bound.status().message()));
      }
      c->current_label = std::move(bound).value();
    }
    return Status::Ok();
  };
  CHANCERY_RETURN_IF_ERROR(raise(c->body, "body"));
  for (size_t e = 0; e < c->enclosures.size(); ++e) {
    CHANCERY_RETURN_IF_ERROR(
        raise(c->enclosures[e].paragraphs, "enclosure " + std::to_string(e + 1)));
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
  CHANCERY_RETURN_IF_ERROR(ResolveTranslations(actor, &cables));  // records_translations.cc
  CHANCERY_RETURN_IF_ERROR(RaiseTranslations(actor, &cables));
  ImportResult result;
  const size_t batch = options.batch_size == 0 ? 500 : options.batch_size;
  // The index is fed straight from each stored batch while it is current (no payload is read
  // back from the store), and committed once at the end; the change-log replay of
  // CatchUpIndex() remains the repair path for whatever this did not index.
  int64_t indexed = -1;  // the change seq the index holds, committed or not; -1 = unknown
  for (size_t begin = 0; begin < cables.size(); begin += batch) {
    const size_t end = std::min(cables.size(), begin + batch);
    int64_t batch_last = 0;
    CHANCERY_ASSIGN_OR_RETURN(ImportResult part,
                              ImportBatch(actor, cables, begin, end, &batch_last));
    // The records are stored: an index that cannot follow now (another process holds its
    // writer, a damaged shard) is repaired by the next catch-up, not a failed import.
    if (result.index_status.ok()) {
      result.index_status = IndexImported(*store_, policy_, cables, begin, end, part.versions,
                                          batch_last, &index_mu_, index_.get(), &indexed);
    }
    result.ids.insert(result.ids.end(), part.ids.begin(), part.ids.end());
    result.versions.insert(result.versions.end(), part.versions.begin(), part.versions.end());
  }
  if (result.index_status.ok()) {
    std::lock_guard<std::mutex> lock(index_mu_);
    if (indexed > index_->AppliedChangeSeq()) {
      result.index_status = index_->Commit(indexed);
    }
  }
  if (result.index_status.ok()) {
    result.index_status = CatchUpIndex();
  }
  (void)Checkpoint();  // a failure leaves the entries hash-linked; callers report it
  return result;
}

Result<std::optional<std::string>> RecordsImpl::ImportDecision(const security::Subject& actor,
                                                               const model::Cable& cable,
                                                               const std::string& payload,
                                                               const security::AccessClass& cls) {
  // Records are never silently overwritten (docs/security.md "Imports"): an import updates only
  // a record the importer may read, never a sealed (released) cable, and never lowers a label.
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> old, store_->GetRecordMeta(cable.id));
  if (!old.has_value()) {
    return std::optional<std::string>("ok created");
  }
  CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* before, ClassById(old->access_class));
  const security::Decision read =
      security::Decide(policy_, actor, *before, security::Action::kRead);
  if (!read.allowed) {
    (void)Audit(actor, "import", cable.id,
                "deny: the id is held by a record the importer may not read (" + read.reason + ")",
                {});
    return NotImportable(actor, cable.id);
  }
  if (old->sealed) {
    (void)Audit(actor, "import", cable.id, "deny: a released cable is sealed", {});
    return FailedPrecondition("record " + cable.id + " is a released cable" +
                              (old->serial.empty() ? "" : " (" + old->serial + ")") +
                              ": an import cannot change it; a correction is a new cable that "
                              "references it");
  }
  if (!security::Dominates(policy_, cls.label, before->label)) {
    (void)Audit(actor, "import", cable.id,
                "deny: relabel " + before->label.ToBanner() + " -> " + cls.label.ToBanner(), {});
    return FailedPrecondition("record " + cable.id + ": relabel from " + before->label.ToBanner() +
                              " to " + cls.label.ToBanner() +
                              " is refused: a label is lowered only by declassification review");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored, store_->GetRecord(cable.id));
  if (stored.has_value() && stored->payload == payload && before->Key() == cls.Key()) {
    return std::optional<std::string>();  // unchanged: nothing to write, no new version
  }
  if (before->Key() == cls.Key()) {
    return std::optional<std::string>("ok updated, version " + std::to_string(old->version) +
                                      " kept");
  }
  return std::optional<std::string>("ok relabel " + before->label.ToBanner() + " -> " +
                                    cls.label.ToBanner() + ", version " +
                                    std::to_string(old->version) + " kept");
}

Result<ImportResult> RecordsImpl::ImportBatch(const security::Subject& actor,
                                              std::vector<model::Cable>& cables, size_t begin,
                                              size_t end, int64_t* last_change_seq) {
  store::WriteBatch batch;
  ImportResult result;
  std::vector<bool> unchanged;
  for (size_t i = begin; i < end; ++i) {
    const model::Cable& c = cables[i];
    const security::AccessClass cls = security::ClassOf(policy_, c);
    std::string payload = format::CableToJson(c);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> decision,
                              ImportDecision(actor, c, payload, cls));
    result.ids.push_back(c.id);
    unchanged.push_back(!decision.has_value());
    if (!decision.has_value()) {
      batch.audit.push_back(MakeEvent(actor, "import", c.id, "ok unchanged", {c.id}));
      continue;
    }
    batch.records.push_back({c.id, std::move(payload), cls.Key(), c.serial.original});
    batch.audit.push_back(MakeEvent(actor, "import", c.id, std::move(*decision), {c.id}));
  }
  // A translation's link to its original is written with it (docs/archive.md "Translations").
  std::vector<store::DocRow> links;
  for (size_t i = begin; i < end; ++i) {
    if (!cables[i].translation_of.original.empty()) {
      links.push_back({std::string(kTranslationsCollection), cables[i].id,
                       cables[i].translation_of.original, cables[i].id,
                       TranslationRowBody(cables[i].translation_of.original), 0});
    }
  }
  store::WriteResult written;
  if (links.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(written, store_->Write(std::move(batch)));
  } else {
    const Status done = store_->Transact([&](store::Txn& txn) -> Status {
      for (const store::DocRow& link : links) {
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(link).status());
      }
      CHANCERY_ASSIGN_OR_RETURN(written, txn.Write(std::move(batch)));
      return Status::Ok();
    });
    CHANCERY_RETURN_IF_ERROR(done);
  }
  NoteAuditWrite(written);
  *last_change_seq = written.last_change_seq;
  // Version 0 marks a record left unchanged (nothing written).
  for (size_t i = 0, w = 0; i < unchanged.size(); ++i) {
    result.versions.push_back(unchanged[i] ? 0 : written.versions.at(w++));
  }
  // Vouch for each committed batch, so that a crash mid-import leaves at most one batch's
  // entries covered by the chain alone.
  (void)Checkpoint();  // a failure leaves the entries hash-linked; callers report it
  return result;
}

}  // namespace chancery::records::internal
