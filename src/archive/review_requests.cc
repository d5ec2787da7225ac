// Readers' review requests (mandatory declassification review) and proof bundles
// (docs/archive.md "Requests", docs/format/proof.md).
#include <algorithm>

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"
#include "chancery/model/description.h"

#include "archive/archive_impl.h"
#include "archive/description_internal.h"

namespace chancery::archive::internal {

Result<ReviewRequest> ArchiveImpl::RequestReview(const security::Subject& actor,
                                                 std::string_view id, std::string_view text) {
  ReviewRequest out;
  auto run = [&]() -> chancery::Status {
    if (actor.name == security::Subject::PublicReader(policy()).name ||
        actor.name.rfind("admin:", 0) == 0) {
      return PermissionDenied("a review request needs a signed-in reader");
    }
    constexpr size_t kMaxText = 4000;
    if (text.empty() || text.size() > kMaxText) {
      return InvalidArgument("review request for " + std::string(id) +
                             ": say what you ask for and why (1 to 4,000 bytes)");
    }
    if (id.empty() || id.size() > 256) {
      return InvalidArgument("review request: name a record id, serial or published version");
    }
    // The record the request concerns: a published version names its original. A record the
    // reader may not read is looked up all the same (the request is accepted either way, so its
    // outcome says nothing about existence until a reviewer answers).
    std::string target(id);
    if (Result<Loaded> seen = LoadReadable(actor, id); seen.ok()) {
      target = seen->cable.publication.Empty() ? seen->cable.id : seen->cable.publication.of;
    }
    std::optional<store::StoredRecord> original;
    CHANCERY_ASSIGN_OR_RETURN(original, store().GetRecord(target));
    if (!original.has_value()) {  // a serial names the original
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> by_serial,
                                store().GetRecordsBySerial(target, 16));
      for (store::StoredRecord& r : by_serial) {
        Result<model::Cable> c = format::CableFromJson(r.payload);
        if (c.ok() && c->publication.Empty()) {
          target = r.id;
          original = std::move(r);
          break;
        }
      }
    }
    return store().Transact([&](store::Txn& txn) -> chancery::Status {
      ReviewRequest r;
      // Random, not a sequence: a sequence would tell each requester how many others asked.
      r.id = "mdr-" + audit::RandomHex(6);
      r.record_id = target;
      r.requester = actor.name;
      r.text = std::string(text);
      r.micros = NowMicros();
      r.state = "open";
      store::DocRow doc;
      doc.collection = std::string(kRequests);
      doc.key = r.id;
      doc.group = actor.name;
      doc.sort = r.id;
      doc.body = RequestToJson(r);
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
      if (original.has_value()) {
        CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(&txn, target));
        if (row.closed) {  // a request reopens a finished review
          ++row.round;
          row.closed = false;
          row.withheld_full = false;
        }
        if (row.opened_micros == 0) {
          row.opened_micros = r.micros;
        }
        row.requests.push_back(r.id);
        CHANCERY_RETURN_IF_ERROR(PutReviewRow(txn, target, row));
      }
      CHANCERY_RETURN_IF_ERROR(
          AppendAudit(txn, {Event(actor, "archive.request", target, "ok: " + r.id, {r.id})}));
      out = std::move(r);
      return chancery::Status::Ok();
    });
  };
  CHANCERY_RETURN_IF_ERROR(Audited(actor, "archive.request", id, run));
  return out;
}

Result<std::vector<ReviewRequest>> ArchiveImpl::MyRequests(const security::Subject& actor) {
  store::DocQuery q;
  q.collection = std::string(kRequests);
  q.group = actor.name;
  q.limit = 10000;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
  std::vector<ReviewRequest> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(ReviewRequest r, RequestFromJson(row.body));
    // An outcome about a record the requester may not read is shown only when it gave them
    // something to read: otherwise "withheld in full" would tell them the record exists, which
    // a request for a missing id (open for ever) does not. Neither confirmed nor denied.
    if (r.state == "answered" && !LoadReadable(actor, r.record_id).ok() &&
        r.outcome.rfind("published", 0) != 0) {
      r.state = "open";
      r.outcome.clear();
    }
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const ReviewRequest& a, const ReviewRequest& b) {
    return a.micros > b.micros;  // newest first
  });
  CHANCERY_RETURN_IF_ERROR(AuditOnly(
      Event(actor, "archive.requests", actor.name, "allow: " + std::to_string(out.size()))));
  return out;
}

Result<std::string> ArchiveImpl::Proof(const security::Subject& actor, std::string_view id,
                                       int64_t number) {
  std::string out;
  auto run = [&]() -> chancery::Status {
    // Either a published version (readable by whoever may read it) or an original with a
    // version number (cleared readers of the original).
    Result<Loaded> found = LoadReadable(actor, id);
    if (!found.ok() && found.status().code() == StatusCode::kNotFound) {
      // A serial names the original; a reader who may not read it still finds the proof of the
      // latest published version carrying that serial, which they may read.
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> by_serial,
                                store().GetRecordsBySerial(id, 64));
      int64_t best = 0;
      for (const store::StoredRecord& r : by_serial) {
        Result<model::Cable> c = format::CableFromJson(r.payload);
        if (c.ok() && !c->publication.Empty() && c->publication.number > best &&
            security::Decide(policy(), actor, *c, security::Action::kRead).allowed) {
          best = c->publication.number;
          found = LoadReadable(actor, r.id);
        }
      }
    }
    CHANCERY_RETURN_IF_ERROR(found.status());
    Loaded seen = std::move(*found);
    CHANCERY_ASSIGN_OR_RETURN(std::string original_id, OriginalOf(seen, &number));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<PublishedRow> published,
                              GetPublished(nullptr, original_id));
    if (published.empty()) {
      return NotFound("record " + std::string(id) + " has no published version");
    }
    const PublishedRow* row = &published.back();
    if (number != 0) {
      row = nullptr;
      for (const PublishedRow& p : published) {
        if (p.version.number == number) {
          row = &p;
        }
      }
      if (row == nullptr) {
        return NotFound("record " + original_id + " has no published version " +
                        std::to_string(number));
      }
    }
    CHANCERY_ASSIGN_OR_RETURN(Loaded version, LoadReadable(actor, row->version.record_id));
    if (version.cable.publication.of != original_id ||
        version.cable.publication.number != row->version.number) {
      return Corruption("record " + row->version.record_id + " is not published version " +
                        std::to_string(row->version.number) + " of " + original_id);
    }
    if (!version.cable.publication.withdrawn.empty()) {
      // Withdrawn (review_withdraw.cc): the bundle proves the record as it was published, its
      // first version; the withdrawal is signed apart and shown with the record.
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> earlier,
                                store().RecordVersions(row->version.record_id));
      if (row->version.withdrawn_micros != 0 && !earlier.empty() && earlier.front().version == 1) {
        CHANCERY_ASSIGN_OR_RETURN(version.cable, format::CableFromJson(earlier.front().payload));
      }
    } else if (version.version > 1) {
      // Description edits of the published version (docs/archive.md "Description") are signed
      // apart: the bundle carries the record as published, with everything else as stored now.
      // Only when a description edit wrote the current version: a version written any other
      // way (a hand edit of the database file) goes into the bundle as it stands, and fails.
      CHANCERY_ASSIGN_OR_RETURN(std::vector<DescriptionEdit> edits,
                                internal::StoredEdits(store(), row->version.record_id));
      const bool described = std::any_of(edits.begin(), edits.end(), [&](const auto& e) {
        return e.new_version == version.version;
      });
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> earlier,
                                store().RecordVersions(row->version.record_id));
      if (described && !earlier.empty() && earlier.front().version == 1) {
        CHANCERY_ASSIGN_OR_RETURN(model::Cable as_published,
                                  format::CableFromJson(earlier.front().payload));
        version.cable = model::WithDescriptionOf(std::move(version.cable), as_published);
      }
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable original, format::CableFromJson(row->original_json));
    CHANCERY_ASSIGN_OR_RETURN(
        out, MakeBundle(BundleInput{std::move(original), row->seed_hex, row->runs, version.cable,
                                    row->commitment}));
    return AuditOnly(Event(actor, "archive.proof", row->version.record_id, "allow"));
  };
  chancery::Status done = run();
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "archive.proof", std::string(id), "deny: " + done.ToString())));
    return done;
  }
  return out;
}

}  // namespace chancery::archive::internal
