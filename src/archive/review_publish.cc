// Publication (docs/archive.md "Publication"): the preview, the published version as a record of
// its own written atomically with its review state and audit entry, proof bundles, and readers'
// review requests.
#include <algorithm>
#include <set>

#include "chancery/audit/signing.h"
#include "chancery/base/clock.h"
#include "chancery/base/strings.h"
#include "chancery/format/json.h"
#include "chancery/records/translations.h"

#include "archive/archive_impl.h"

namespace chancery::archive::internal {
namespace {

std::string Where(const Loaded& r) {
  return "record " + r.cable.id + " version " + std::to_string(r.version);
}

}  // namespace

// What the live decisions make of the record: the published cable (id, label and publication
// still the original's) and the runs withheld.
static Result<std::pair<model::Cable, std::vector<std::pair<WithheldRun, std::string>>>> Redacted(
    ArchiveImpl& a, const Loaded& record, const std::vector<Decision>& decisions) {
  CHANCERY_ASSIGN_OR_RETURN(auto runs, a.DecidedRuns(record, decisions));
  std::vector<WithheldRun> plain;
  for (const auto& [withheld, code] : runs) {
    plain.push_back(withheld);
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, ApplyRedactions(record.cable, plain));
  return std::make_pair(std::move(cable), std::move(runs));
}

Result<model::Cable> ArchiveImpl::Preview(const security::Subject& actor, std::string_view id) {
  model::Cable out;
  auto run = [&]() -> chancery::Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, LoadReadable(actor, id));
    CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(nullptr, record.cable.id));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Decision> decisions,
                              GetDecisions(nullptr, record.cable.id));
    VoidStale(record.version, record.digest, row.round, &decisions);
    CHANCERY_ASSIGN_OR_RETURN(auto redacted, Redacted(*this, record, decisions));
    out = std::move(redacted.first);
    out.current_label = model::Label{};
    out.current_label.classification = policy().public_level;
    return AuditOnly(Event(actor, "archive.preview", record.cable.id, "allow"));
  };
  chancery::Status done = run();
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "archive.preview", std::string(id), "deny: " + done.ToString())));
    return done;
  }
  return out;
}

// Who signs what a published version is checked against: the desk's v2 release commitment when
// the record is still exactly the released cable, else the archivist at publication.
static Result<std::pair<Commitment, SignedCommitment>> CommitmentFor(
    ArchiveImpl& a, store::Txn& txn, const security::Subject& actor, const Loaded& record,
    const std::optional<desk::Release>& release) {
  if (release.has_value() && release->commitment_version >= 2 &&
      !release->commitment_seed.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(Commitment c, Commit(record.cable, release->commitment_seed));
    // The release committed to the cable as released; a record changed since (a later approval
    // recorded by the desk) is signed by the archivist instead.
    if (c.root_hex == release->commitment_root) {
      SignedCommitment s;
      s.kind = "release";
      s.record_id = record.cable.id;
      s.record_version = 1;  // a release commits to the first version of its record
      s.root_hex = c.root_hex;
      s.signer = release->releaser;
      s.signature_hex = release->signature.value;
      CHANCERY_ASSIGN_OR_RETURN(desk::KeyInfo key,
                                desk::KeyRing::PublicKeyIn(txn, release->releaser));
      s.public_key_hex = key.public_key_hex;
      s.key_audit_seq = key.audit_seq;
      return std::make_pair(std::move(c), std::move(s));
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(Commitment c, Commit(record.cable));
  CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, a.SignerFor(txn, actor));
  CHANCERY_ASSIGN_OR_RETURN(desk::KeyInfo key, desk::KeyRing::PublicKeyIn(txn, actor.name));
  SignedCommitment s;
  s.kind = "archive";
  s.record_id = record.cable.id;
  s.record_version = record.version;
  s.root_hex = c.root_hex;
  s.signer = actor.name;
  s.public_key_hex = signer.public_key_hex();
  s.key_audit_seq = key.audit_seq;
  s.signature_hex =
      signer.SignRaw(CommitmentMessage(s.kind, s.record_id, s.record_version, s.root_hex));
  return std::make_pair(std::move(c), std::move(s));
}

Result<PublishedVersion> ArchiveImpl::Publish(const security::Subject& actor, std::string_view id) {
  PublishedVersion out;
  auto run = [&]() -> chancery::Status {
    CHANCERY_ASSIGN_OR_RETURN(Loaded record, LoadReadable(actor, id));
    if (!HasRole(actor, "archivist")) {
      return PermissionDenied("publishing needs the archivist role, which " + actor.name +
                              " does not hold");
    }
    if (!record.cable.publication.Empty()) {
      return FailedPrecondition("record " + record.cable.id + " is a published version of " +
                                record.cable.publication.of + ": publish the original");
    }
    // The release, read before the transaction (the desk audits its own read).
    std::optional<desk::Release> release;
    if (Result<desk::Release> r = desk().GetRelease(actor, record.cable.id); r.ok()) {
      release = std::move(*r);
    }
    // The id the next published version takes must be free: a record imported under it would
    // otherwise become an older "version" of the publication.
    CHANCERY_ASSIGN_OR_RETURN(ReviewRow before, GetReviewRow(nullptr, record.cable.id));
    const std::string next_id = record.cable.id + ".p" + std::to_string(before.published + 1);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> taken,
                              store().GetRecordMeta(next_id));
    if (taken.has_value()) {
      return FailedPrecondition(Where(record) + ": the id " + next_id +
                                " of its next published version is held by another record");
    }
    return store().Transact([&](store::Txn& txn) -> chancery::Status {
      CHANCERY_ASSIGN_OR_RETURN(ReviewRow row, GetReviewRow(&txn, record.cable.id));
      CHANCERY_ASSIGN_OR_RETURN(std::vector<Decision> decisions,
                                GetDecisions(&txn, record.cable.id));
      const size_t stale = static_cast<size_t>(std::count_if(
          decisions.begin(), decisions.end(),
          [&](const Decision& d) { return d.round == row.round && d.version != record.version; }));
      VoidStale(record.version, record.digest, row.round, &decisions);
      for (const Decision& d : decisions) {
        if (d.round == row.round && d.void_reason == kForged) {
          return Corruption(Where(record) + ": decision " + d.id + ": " + d.void_reason +
                            "; nothing is published until the review is redone (review reopen)");
        }
      }
      if (row.closed) {
        return FailedPrecondition(Where(record) + ": already " +
                                  (row.withheld_full ? "withheld in full" : "published") +
                                  " in this round; reopen the review for a new one");
      }
      const Computed c = Compute(record, row, decisions);
      if (c.state == ReviewState::kPublic) {
        return FailedPrecondition(Where(record) + " is public already: nothing to publish");
      }
      if (c.open_referrals > 0) {
        std::string offices;
        for (const Decision& d : decisions) {
          if (d.void_reason.empty() && d.kind == DecisionKind::kRefer) {
            offices += (offices.empty() ? "" : ", ") + d.office;
          }
        }
        return FailedPrecondition(Where(record) + ": " + std::to_string(c.open_referrals) +
                                  " referral(s) await an answer (" + offices + ")");
      }
      if (!c.all_decided) {
        return FailedPrecondition(
            Where(record) + ": not wholly decided" +
            (stale > 0 ? " (" + std::to_string(stale) +
                             " decision(s) of an earlier version are void: review it again)"
                       : std::string()) +
            "; a reviewer must release the rest (chancery review release)");
      }
      if (c.needs_concurrence && !c.concurred) {
        return FailedPrecondition(Where(record) + " is " +
                                  record.cable.current_label.classification +
                                  ": publication needs a second reviewer's concurrence");
      }
      std::vector<std::string> reviewers;
      for (const Decision& d : decisions) {
        if (d.void_reason.empty() &&
            std::find(reviewers.begin(), reviewers.end(), d.actor) == reviewers.end()) {
          reviewers.push_back(d.actor);
        }
      }
      const bool whole = std::any_of(decisions.begin(), decisions.end(), [](const Decision& d) {
        return d.void_reason.empty() &&
               (d.kind == DecisionKind::kWithhold ||
                (d.kind == DecisionKind::kAnswer && d.answer_withhold)) &&
               std::any_of(d.spans.begin(), d.spans.end(),
                           [](const Span& s) { return s.pointer.empty(); });
      });
      std::string outcome;
      if (whole) {
        row.closed = true;
        row.withheld_full = true;
        outcome = "withheld in full";
        out = PublishedVersion{};
      } else {
        CHANCERY_ASSIGN_OR_RETURN(auto redacted, Redacted(*this, record, decisions));
        // A translation waits for its original's publication and matches its withholdings
        // (translation_publish.cc).
        std::vector<WithheldRun> own_runs;
        for (const auto& [withheld, code] : redacted.second) {
          own_runs.push_back(withheld);
        }
        CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> published_original,
                                  CheckTranslation(txn, record, own_runs));
        model::Cable published = std::move(redacted.first);
        const int64_t number = row.published + 1;
        published.id = record.cable.id + ".p" + std::to_string(number);
        published.current_label = model::Label{};
        published.current_label.classification = policy().public_level;
        model::Publication& p = published.publication;
        p.of = record.cable.id;
        p.of_version = record.version;
        p.number = number;
        p.published = FormatIsoUtc(NowMicros());
        p.archivist = actor.name;
        p.reviewers = reviewers;
        p.in_full = redacted.second.empty();
        std::set<std::string> codes;
        for (const auto& [withheld, code] : redacted.second) {
          p.redactions.push_back({withheld.pointer, withheld.marker, code});
          codes.insert(code);
        }
        for (const std::string& code : codes) {
          const security::Exemption* e = policy().archive.FindExemption(code);
          p.authorities.push_back(e == nullptr ? code
                                               : code + ": " + e->text + " (" + e->authority + ")");
        }
        CHANCERY_RETURN_IF_ERROR(model::Validate(published));
        CHANCERY_ASSIGN_OR_RETURN(auto commitment,
                                  CommitmentFor(*this, txn, actor, record, release));
        PublishedRow stored;
        stored.version.number = number;
        stored.version.record_id = published.id;
        stored.version.of_version = record.version;
        stored.version.archivist = actor.name;
        stored.version.micros = NowMicros();
        stored.version.in_full = p.in_full;
        stored.version.codes.assign(codes.begin(), codes.end());
        stored.original_json = format::CableToJson(record.cable);
        stored.seed_hex = commitment.first.seed_hex;
        for (const auto& [withheld, code] : redacted.second) {
          stored.runs.push_back(withheld);
        }
        stored.commitment = commitment.second;
        // The archivist signs the whole published record (markers, codes, /publication too),
        // tied to the commitment's root (docs/format/proof.md §6.4).
        CHANCERY_ASSIGN_OR_RETURN(std::string digest, PublishedDigest(published));
        CHANCERY_ASSIGN_OR_RETURN(audit::Signer archivist, SignerFor(txn, actor));
        CHANCERY_ASSIGN_OR_RETURN(desk::KeyInfo key, desk::KeyRing::PublicKeyIn(txn, actor.name));
        stored.commitment.publication =
            PublicationStatement{actor.name, archivist.public_key_hex(), key.audit_seq,
                                 archivist.SignRaw(PublicationMessage(
                                     published.id, stored.commitment.root_hex, digest))};
        // The bundle must be makeable now: a publication nobody can verify is refused.
        CHANCERY_RETURN_IF_ERROR(MakeBundle(BundleInput{record.cable, stored.seed_hex, stored.runs,
                                                        published, stored.commitment})
                                     .status());
        store::WriteBatch batch;
        store::RecordWrite write;
        write.id = published.id;
        write.payload = format::CableToJson(published);
        write.access_class_key = security::ClassOf(policy(), published).Key();
        write.serial = published.serial.original;
        write.seal = true;  // immutable: a later publication is a new version of its own
        batch.records.push_back(std::move(write));
        CHANCERY_RETURN_IF_ERROR(txn.Write(std::move(batch)).status());
        store::DocRow doc;
        doc.collection = std::string(kPublished);
        doc.key = record.cable.id + "/" + std::to_string(10000 + number).substr(1);
        doc.group = record.cable.id;
        doc.sort = doc.key;
        doc.body = PublishedRowToJson(stored);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
        if (published_original.has_value()) {  // listed with the published original
          CHANCERY_RETURN_IF_ERROR(
              txn.PutDoc({std::string(records::kTranslationsCollection), published.id,
                          *published_original, published.id,
                          records::TranslationRowBody(record.cable.translation_of.original), 0})
                  .status());
        }
        row.published = number;
        row.closed = true;
        row.withheld_full = false;
        outcome = "published version " + std::to_string(number) + " (" + published.id + ")";
        out = stored.version;
      }
      for (const std::string& rid : row.requests) {
        CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> r, txn.GetDoc(kRequests, rid));
        if (r.has_value()) {
          CHANCERY_ASSIGN_OR_RETURN(ReviewRequest req, RequestFromJson(r->body));
          if (req.state != "answered") {
            req.state = "answered";
            req.outcome = outcome;
            r->body = RequestToJson(req);
            CHANCERY_RETURN_IF_ERROR(txn.PutDoc(*r).status());
          }
        }
      }
      CHANCERY_RETURN_IF_ERROR(PutReviewRow(txn, record.cable.id, row));
      std::vector<std::string> ids = {record.cable.id};
      if (!out.record_id.empty()) {
        ids.push_back(out.record_id);
      }
      return AppendAudit(
          txn, {Event(actor, "archive.publish", record.cable.id,
                      "ok: " + outcome + " of version " + std::to_string(record.version), ids)});
    });
  };
  CHANCERY_RETURN_IF_ERROR(Audited(actor, "archive.publish", id, run));
  // The published record reaches the search index through the change log.
  (void)CatchUpIndex();  // a failure here is repaired by the next catch-up or reindex
  return out;
}

}  // namespace chancery::archive::internal
