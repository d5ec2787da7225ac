// Withdrawal (docs/archive.md "Withdrawal"): an archivist takes a published version out of the
// public's reach. The published record gets a new version with its original's label and the
// withdrawal in /publication; its translations' published versions follow it; the review row
// reopens when the latest version goes; one transaction, signed and audited.
#include <algorithm>

#include "chancery/audit/signing.h"
#include "chancery/base/clock.h"
#include "chancery/format/json.h"
#include "chancery/records/translations.h"

#include "archive/archive_impl.h"

namespace chancery::archive {

std::string WithdrawalMessage(std::string_view published_id, int64_t micros,
                              std::string_view archivist, std::string_view reason) {
  return "chancery-withdrawal-v1\n" + std::string(published_id) + "\n" + std::to_string(micros) +
         "\n" + std::string(archivist) + "\n" + std::string(reason);
}

namespace internal {
namespace {

std::string PublishedKey(std::string_view original, int64_t number) {
  return std::string(original) + "/" + std::to_string(10000 + number).substr(1);
}

// One published version to withdraw: its row and the record as stored now.
struct Target {
  PublishedRow row;
  store::StoredRecord stored;
  model::Cable cable;
  model::Label label;  // the original's current label
};

}  // namespace

Result<PublishedVersion> ArchiveImpl::Withdraw(const security::Subject& actor, std::string_view id,
                                               int64_t number, std::string_view reason) {
  PublishedVersion out;
  auto run = [&]() -> chancery::Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded seen, LoadReadable(actor, id));
    if (!HasRole(actor, "archivist")) {
      return PermissionDenied("withdrawing a published version needs the archivist role, which " +
                              actor.name + " does not hold");
    }
    std::string trimmed(reason);
    trimmed.erase(0, trimmed.find_first_not_of(" \t\r\n"));
    trimmed.erase(trimmed.find_last_not_of(" \t\r\n") + 1);
    if (trimmed.empty()) {
      return InvalidArgument("record " + seen.cable.id +
                             ": a withdrawal needs a reason (--reason), kept with it for readers");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::string original_id, OriginalOf(seen, &number));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<PublishedRow> published,
                              GetPublished(nullptr, original_id));
    const PublishedRow* chosen = nullptr;
    for (const PublishedRow& p : published) {
      if (number == 0 ? p.version.withdrawn_micros == 0 : p.version.number == number) {
        chosen = &p;  // number 0: the latest public one
      }
    }
    if (chosen == nullptr) {
      return FailedPrecondition("record " + original_id +
                                (number == 0
                                     ? std::string(" has no public published version to withdraw")
                                     : " has no published version " + std::to_string(number)));
    }
    if (chosen->version.withdrawn_micros != 0) {
      return FailedPrecondition("record " + chosen->version.record_id + " (published version " +
                                std::to_string(chosen->version.number) + " of " + original_id +
                                ") was withdrawn already, by " + chosen->version.withdrawn_by);
    }

    // The version itself and the published translations of it, each with its original's label.
    std::vector<Target> targets;
    auto add_target = [&](const PublishedRow& row) -> chancery::Status {
      Target t;
      t.row = row;
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored,
                                store().GetRecord(row.version.record_id));
      if (!stored.has_value()) {
        return Corruption("published version " + row.version.record_id + " of " + original_id +
                          " is listed but not stored");
      }
      t.stored = std::move(*stored);
      CHANCERY_ASSIGN_OR_RETURN(t.cable, format::CableFromJson(t.stored.payload, t.stored.id));
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> original,
                                store().GetRecord(t.cable.publication.of));
      if (!original.has_value()) {
        return Corruption("the original " + t.cable.publication.of + " of " + t.stored.id +
                          " is not stored");
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Cable o, format::CableFromJson(original->payload));
      t.label = o.current_label;
      targets.push_back(std::move(t));
      return chancery::Status::Ok();
    };
    CHANCERY_RETURN_IF_ERROR(add_target(*chosen));
    CHANCERY_ASSIGN_OR_RETURN(
        std::vector<store::DocRow> translations,
        ListGroup(nullptr, records::kTranslationsCollection, chosen->version.record_id));
    for (const store::DocRow& t : translations) {
      // key: the published translation "<T>.p<M>"; its review rows live under T.
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> tr, store().GetRecord(t.key));
      if (!tr.has_value()) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Cable tc, format::CableFromJson(tr->payload, tr->id));
      if (tc.publication.Empty() || !tc.publication.withdrawn.empty()) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(std::vector<PublishedRow> rows,
                                GetPublished(nullptr, tc.publication.of));
      for (const PublishedRow& r : rows) {
        if (r.version.record_id == t.key && r.version.withdrawn_micros == 0) {
          CHANCERY_RETURN_IF_ERROR(add_target(r));
        }
      }
    }

    return store().Transact([&](store::Txn& txn) -> chancery::Status {
      const int64_t micros = NowMicros();
      CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, SignerFor(txn, actor));
      store::WriteBatch batch;
      std::vector<std::string> ids = {original_id};
      std::string withdrawn_list;
      for (Target& t : targets) {
        model::Cable& c = t.cable;
        c.current_label = t.label;
        c.publication.withdrawn = FormatIsoUtc(micros);
        c.publication.withdrawn_by = actor.name;
        c.publication.withdrawal_reason = trimmed;
        CHANCERY_RETURN_IF_ERROR(model::Validate(c));
        store::RecordWrite write{c.id, format::CableToJson(c), security::ClassOf(policy(), c).Key(),
                                 t.stored.serial};
        write.replace_sealed = true;  // the archive's own later decision, kept as a new version
        batch.records.push_back(std::move(write));

        PublishedVersion& v = t.row.version;
        v.withdrawn_micros = micros;
        v.withdrawn_by = actor.name;
        v.withdrawal_reason = trimmed;
        v.withdrawal_public_key = signer.public_key_hex();
        v.withdrawal_signature =
            audit::SignMessage(signer, WithdrawalMessage(c.id, micros, actor.name, trimmed));
        store::DocRow doc;
        doc.collection = std::string(kPublished);
        doc.key = PublishedKey(c.publication.of, v.number);
        doc.group = c.publication.of;
        doc.sort = doc.key;
        doc.body = PublishedRowToJson(t.row);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());

        // The latest published version gone: the record is due for a new review round.
        CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(&txn, c.publication.of));
        if (row.published == v.number && row.closed) {
          ++row.round;
          row.next_decision = std::max<int64_t>(row.next_decision, 1);
          row.closed = false;
          row.withheld_full = false;
          row.opened_micros = micros;
          CHANCERY_RETURN_IF_ERROR(PutReviewRow(txn, c.publication.of, row));
        }
        ids.push_back(c.id);
        withdrawn_list += (withdrawn_list.empty() ? "" : ", ") + c.id;
      }
      batch.audit.push_back(Event(actor, "archive.withdraw", original_id,
                                  "ok: withdrew " + withdrawn_list + ": " + trimmed, ids));
      CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, txn.Write(std::move(batch)));
      for (size_t i = 0; i < targets.size(); ++i) {
        if (i >= written.versions.size() || written.versions[i] != targets[i].stored.version + 1) {
          // Another writer made a version between the read and this transaction.
          return Conflict("record " + targets[i].stored.id + " changed while it was withdrawn; " +
                          "try again");
        }
      }
      out = targets.front().row.version;
      return chancery::Status::Ok();
    });
  };
  CHANCERY_RETURN_IF_ERROR(Audited(actor, "archive.withdraw", id, run));
  (void)CatchUpIndex();  // the index follows the change log; a failure is repaired later
  return out;
}

}  // namespace internal
}  // namespace chancery::archive
