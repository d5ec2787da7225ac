// Description edits (docs/archive.md "Description"): read access, the archivist role, the base
// version, the changes checked (the vocabulary for subjects), then the new version, the signed
// edit row and the audit entry in one store transaction.
#include <algorithm>
#include <cctype>
#include <utility>

#include "chancery/audit/signing.h"
#include "chancery/base/strings.h"
#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"

#include "archive/archive_impl.h"
#include "archive/description_internal.h"

namespace chancery::archive {

using internal::DescriptionImpl;

Result<std::unique_ptr<Description>> Description::Open(records::Records& records,
                                                       DescriptionOptions options) {
  if (options.db_path.empty()) {
    return InvalidArgument("description: db_path is required");
  }
  if (options.key_dir.empty() && store::IsPostgresUrl(options.db_path)) {
    return InvalidArgument("description: a PostgreSQL store needs key_dir set");
  }
  if (options.key_dir.empty()) {
    options.key_dir = options.db_path + ".keys";
  }
  std::unique_ptr<Authorities> owned;
  if (options.authorities == nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(owned, Authorities::Open(records));
  }
  return std::unique_ptr<Description>(
      new DescriptionImpl(records, std::move(options), std::move(owned)));
}

namespace internal {
namespace {

std::string Padded(int64_t n, size_t width) {
  std::string s = std::to_string(n);
  return std::string(s.size() < width ? width - s.size() : 0, '0') + s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Levenshtein distance over bytes, for close-term suggestions.
size_t Distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// How close a vocabulary name is to what was typed (lower is closer); npos: not close.
size_t Closeness(std::string_view typed, std::string_view name) {
  const std::string t = Lower(typed);
  const std::string n = Lower(name);
  if (t.size() >= 3 && (n.find(t) != std::string::npos || t.find(n) != std::string::npos)) {
    return 0;
  }
  const size_t d = Distance(t, n);
  return d <= std::max<size_t>(2, t.size() / 3) ? d : std::string::npos;
}

bool HasLineBreak(std::string_view s) {
  return s.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

DescriptionImpl::DescriptionImpl(records::Records& records, DescriptionOptions options,
                                 std::unique_ptr<Authorities> owned)
    : records_(records),
      options_(std::move(options)),
      owned_authorities_(std::move(owned)),
      authorities_(options_.authorities != nullptr ? options_.authorities
                                                   : owned_authorities_.get()),
      keys_(records_.store(), options_.key_dir),
      clock_(options_.clock != nullptr ? options_.clock : &system_clock_) {}

model::AuditEvent DescriptionImpl::Event(const security::Subject& actor, std::string action,
                                         std::string target, std::string decision,
                                         std::vector<std::string> ids) const {
  model::AuditEvent event;
  event.time_micros = clock_->NowMicros();
  event.actor = actor.name;
  event.action = std::move(action);
  event.target = std::move(target);
  event.decision = std::move(decision);
  event.ids = std::move(ids);
  return event;
}

Status DescriptionImpl::AuditOnly(model::AuditEvent event) {
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  batch.durability = store::Durability::kProcessCrash;
  return store().Write(std::move(batch)).status();
}

Result<store::StoredRecord> DescriptionImpl::Readable(const security::Subject& subject,
                                                      std::string_view id) {
  const Status missing = NotFound("no record " + std::string(id));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored, store().GetRecord(id));
  if (!stored.has_value()) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(stored->payload, id));
  if (!security::Decide(policy(), subject, cable, security::Action::kRead).allowed) {
    return missing;
  }
  return std::move(*stored);
}

Result<std::string> DescriptionImpl::CheckSubject(std::string_view term) {
  Result<Authority> found = authorities_->CheckSubject(term);
  if (found.ok()) {
    return found->name;
  }
  if (found.status().code() != StatusCode::kNotFound) {
    return found.status();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Authority> vocabulary, authorities_->Subjects());
  std::vector<std::pair<size_t, std::string>> close;
  for (const Authority& a : vocabulary) {
    size_t best = std::string::npos;
    for (const std::string& name : AllNames(a)) {
      best = std::min(best, Closeness(term, name));
    }
    if (best != std::string::npos) {
      close.emplace_back(best, a.name);
    }
  }
  std::sort(close.begin(), close.end());
  std::string hint;
  for (size_t i = 0; i < close.size() && i < 5; ++i) {
    hint += (i == 0 ? "" : ", ") + close[i].second;
  }
  return InvalidArgument(
      "subject \"" + std::string(term) + "\" is not in the controlled vocabulary (" +
      (vocabulary.empty() ? std::string("the vocabulary is empty: load subject authorities first")
                          : (hint.empty() ? "no close terms" : "close terms: " + hint)) +
      ")");
}

Status DescriptionImpl::Apply(const std::vector<DescriptionChange>& changes, model::Cable* cable) {
  if (changes.empty()) {
    return InvalidArgument("record " + cable->id + ": the edit names no change");
  }
  for (const DescriptionChange& c : changes) {
    model::DescriptionField f;
    if (!model::ParseDescriptionField(c.field, &f)) {
      std::string known;
      for (model::DescriptionField d : model::kDescriptionFields) {
        known += (known.empty() ? "" : ", ") + std::string(model::DescriptionFieldName(d));
      }
      return InvalidArgument("record " + cable->id + ": unknown field \"" + c.field +
                             "\" (descriptive fields: " + known + ")");
    }
    const std::string name(model::DescriptionFieldName(f));
    const std::string value(Trim(c.value));
    if (HasLineBreak(value)) {
      return InvalidArgument("record " + cable->id + ": field " + name + ": line break in value");
    }
    if (!model::IsListField(f)) {
      if (c.op != DescriptionOp::kSet) {
        return InvalidArgument("record " + cable->id + ": field " + name +
                               " is text: set it (--set " + name + "=...), not add or remove");
      }
      switch (f) {
        case model::DescriptionField::kTitle:
          cable->title = value;
          break;
        case model::DescriptionField::kSummary:
          cable->summary = value;
          break;
        case model::DescriptionField::kCredits:
          cable->archival.credits = value;
          break;
        case model::DescriptionField::kScopeNote:
          cable->scope_note = value;
          break;
        case model::DescriptionField::kReference:
          cable->archival.reference =
              value.empty() ? model::ArchivalReference{} : format::ParseArchivalReference(value);
          break;
        default:
          break;
      }
      continue;
    }
    std::vector<std::string>* list = f == model::DescriptionField::kSubjects  ? &cable->subjects
                                     : f == model::DescriptionField::kPersons ? &cable->persons
                                                                              : &cable->places;
    const std::string item_name = name.substr(0, name.size() - 1);  // "subject", "person", ...
    if (c.op == DescriptionOp::kSet) {
      return InvalidArgument("record " + cable->id + ": field " + name +
                             " is a list: add or remove items (--add " + item_name +
                             "=..., --remove " + item_name + "=...)");
    }
    if (value.empty()) {
      return InvalidArgument("record " + cable->id + ": field " + name + ": an empty " + item_name);
    }
    std::string item = value;
    if (c.op == DescriptionOp::kAdd && f == model::DescriptionField::kSubjects) {
      CHANCERY_ASSIGN_OR_RETURN(item, CheckSubject(value));
    }
    auto at = std::find(list->begin(), list->end(), item);
    if (c.op == DescriptionOp::kAdd) {
      if (at != list->end()) {
        return InvalidArgument("record " + cable->id + ": field " + name + ": \"" + item +
                               "\" is there already");
      }
      list->push_back(item);
    } else {
      if (at == list->end()) {
        return InvalidArgument("record " + cable->id + ": field " + name + ": no " + item_name +
                               " \"" + item + "\" to remove");
      }
      list->erase(at);
    }
  }
  return Status::Ok();
}

Status DescriptionImpl::CheckNoOpenReview(const std::string& id, int64_t version) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> review, store().GetDoc(kReviews, id));
  if (!review.has_value()) {
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, ReviewRowFromJson(review->body));
  if (row.closed) {
    return Status::Ok();
  }
  store::DocQuery q;
  q.collection = std::string(kDecisions);
  q.group = id;
  q.limit = 100000;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
  int64_t live = 0;
  for (const store::DocRow& r : rows) {
    CHANCERY_ASSIGN_OR_RETURN(Decision d, DecisionFromJson(r.body));
    live += d.round == row.round && d.version == version ? 1 : 0;
  }
  if (live > 0) {
    return FailedPrecondition("record " + id + " is in review (round " + std::to_string(row.round) +
                              ", " + std::to_string(live) + " decision(s) on version " +
                              std::to_string(version) +
                              "): a description edit makes a new version and would void them; "
                              "describe it once the round is published or withheld");
  }
  return Status::Ok();
}

Result<DescriptionEdit> DescriptionImpl::EditChecked(const security::Subject& actor,
                                                     std::string_view id,
                                                     const DescriptionRequest& request) {
  // Read access first: a record the actor may not read is a missing one, whatever their roles.
  CHANCERY_ASSIGN_OR_RETURN(store::StoredRecord stored, Readable(actor, id));
  if (!HasRole(actor, "archivist")) {
    return PermissionDenied("editing a description needs the archivist role, which " + actor.name +
                            " does not hold");
  }
  const int64_t base = request.base_version == 0 ? stored.version : request.base_version;
  if (base != stored.version) {
    return Conflict("record " + stored.id + ": the edit names version " + std::to_string(base) +
                    " but the record is at version " + std::to_string(stored.version) +
                    " (see chancery describe history " + stored.id + ")");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta,
                            store().GetRecordMeta(stored.id));
  CHANCERY_ASSIGN_OR_RETURN(model::Cable before, format::CableFromJson(stored.payload, stored.id));
  model::Cable after = before;
  CHANCERY_RETURN_IF_ERROR(Apply(request.changes, &after));
  DescriptionEdit edit;
  edit.record_id = stored.id;
  edit.base_version = base;
  edit.new_version = base + 1;
  edit.editor = actor.name;
  edit.changes = DiffDescription(before, after);
  if (edit.changes.empty()) {
    return InvalidArgument("record " + stored.id + ": the edit changes nothing");
  }
  CHANCERY_RETURN_IF_ERROR(model::Validate(after));
  const std::string class_key = security::ClassOf(policy(), after).Key();
  if (!model::SameOutsideDescription(before, after) ||
      class_key != security::ClassOf(policy(), before).Key()) {
    return Internal("record " + stored.id + ": a description edit touched the record itself");
  }
  CHANCERY_RETURN_IF_ERROR(CheckNoOpenReview(stored.id, stored.version));
  const std::vector<std::string> fields = [&] {
    std::vector<std::string> out;
    for (const FieldChange& c : edit.changes) {
      out.push_back(c.field);
    }
    return out;
  }();
  CHANCERY_RETURN_IF_ERROR(store().Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(edit.number,
                              txn.NextSequence(std::string(kDescriptionEdits) + "/" + stored.id));
    edit.micros = clock_->NowMicros();
    CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer,
                              keys_.SignerFor(txn, actor.name, [this, &actor] {
                                return Event(actor, "key.register", actor.name, "");
                              }));
    edit.public_key = signer.public_key_hex();
    edit.signature = audit::SignMessage(signer, DescriptionEditMessage(edit));
    store::WriteBatch batch;
    store::RecordWrite write{stored.id, format::CableToJson(after), class_key, stored.serial};
    // A released cable or a published version: the archive's own later decision, kept as a new
    // version; nothing the signature or proof covers changes (model/description.h).
    write.replace_sealed = meta.has_value() && meta->sealed;
    batch.records.push_back(std::move(write));
    batch.audit.push_back(Event(actor, "archive.describe", stored.id,
                                "ok: edit " + std::to_string(edit.number) + ", version " +
                                    std::to_string(base) + " to " +
                                    std::to_string(edit.new_version) + ": " + Join(fields, ", "),
                                {stored.id}));
    CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, txn.Write(std::move(batch)));
    if (written.versions.size() != 1 || written.versions[0] != edit.new_version) {
      // Another writer made a version between the check and this transaction.
      return Conflict("record " + stored.id + ": the edit names version " + std::to_string(base) +
                      " but the record is at version " +
                      std::to_string(written.versions.empty() ? 0 : written.versions[0] - 1));
    }
    store::DocRow doc;
    doc.collection = std::string(kDescriptionEdits);
    doc.key = stored.id + "/" + Padded(edit.number, 6);
    doc.group = stored.id;
    doc.sort = Padded(edit.number, 6);
    doc.body = EditToJson(edit);
    return txn.PutDoc(doc).status();
  }));
  return edit;
}

Result<DescriptionEdit> DescriptionImpl::Edit(const security::Subject& actor, std::string_view id,
                                              const DescriptionRequest& request) {
  Result<DescriptionEdit> edit = EditChecked(actor, id, request);
  if (!edit.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, "archive.describe", std::string(id), "deny: " + edit.status().ToString())));
    return edit.status();
  }
  CHANCERY_RETURN_IF_ERROR(records_.Checkpoint());
  (void)records_.CatchUpIndex();  // a failure here is repaired by the next catch-up or reindex
  return edit;
}

}  // namespace internal
}  // namespace chancery::archive
