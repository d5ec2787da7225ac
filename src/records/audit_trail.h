// AuditTrail: signing and checking the audit log's checkpoints (docs/format/audit-log.md §8-§10).
// It borrows the store (which appends entries and their Merkle tree hashes in the writer's
// transaction) and holds the store's signing key, if this process can read it.
//
// A checkpoint is signed only after the log is shown to extend the last checkpoint stored in the
// store and the last one this key signed (kept beside the key, the signer's own witness state):
// a shorter log, a rewritten one, a store without checkpoints or a key that is not the store's
// is an alarm (kCorruption "audit alarm: ..."), never a new signature.
//
// Thread-safe: Sign() is serialized internally.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "chancery/audit/checkpoint.h"
#include "chancery/base/clock.h"
#include "chancery/records/records.h"
#include "chancery/store/store.h"

namespace chancery::records::internal {

class AuditTrail {
 public:
  // `signer` may be empty (the key file is not readable here): Sign() then fails with
  // kFailedPrecondition and verification uses the public key stored at init. `state_path` is
  // where the signer keeps the last checkpoint it signed. Borrows `store` and `clock`.
  // `segments_dir` is where Archive() puts segment files unless told otherwise.
  AuditTrail(store::Store& store, std::optional<audit::Signer> signer, std::string key_path,
             std::string segments_dir, const Clock& clock);

  // For a new store: the meta rows (public key) and the signed checkpoint of the empty log, to
  // be written with the store's first batch; also writes the signer's state. REQUIRES: a signer.
  Status InitialBatch(store::WriteBatch* batch);

  // Signs a checkpoint of the current log if it grew since the latest one (see the class
  // comment). kFailedPrecondition without a key; kCorruption "audit alarm: ..." when the log
  // does not extend what was signed before.
  Status Sign();

  // Verifies every entry (in the store and in segment files), every stored tree hash, every
  // stored checkpoint and the signer's state against `options.key` (a verifier-key string), or
  // against the key found beside the store when it is empty (Records::VerifyAudit).
  Result<AuditReport> Verify(const AuditVerifyOptions& options);
  // Moves the oldest entries up to a checkpoint into a segment file (Records::ArchiveAudit).
  // `event` is the audit.archive entry to append with it (actor and time set); its target and
  // decision are filled in here.
  Result<AuditSegment> Archive(const AuditArchiveOptions& options, model::AuditEvent event);

  // The verifier-key string of the store's log (from the key file, else the stored public key).
  Result<std::string> VerifierKey();
  // The latest stored checkpoint note. kNotFound if there is none.
  Result<std::string> LatestNote();
  Result<InclusionProof> ProveInclusion(int64_t index, int64_t size);
  Result<ConsistencyProof> ProveConsistency(int64_t from, int64_t to);

 private:
  // The verifier for the store's own key, and a description of where it came from.
  Result<audit::NoteVerifier> OwnVerifier(std::string* source);
  // kCorruption "audit alarm: ..." unless the tree of `size` entries extends `earlier`.
  Status CheckExtends(int64_t size, const audit::Hash& root, const audit::Checkpoint& earlier,
                      std::string_view what);
  Result<std::optional<audit::Checkpoint>> ReadState(const audit::NoteVerifier& verifier);
  Status WriteState(const std::string& note);
  audit::HashReader Reader();
  // The verifier for a key given as a string, after checking it is the store's own.
  Status OpenVerifier(const AuditVerifyOptions& options, AuditReport* report,
                      audit::NoteVerifier* verifier);
  // Every stored checkpoint (and the signer's state), opened, in size order.
  Status LoadCheckpoints(const audit::NoteVerifier& verifier, AuditReport* report,
                         std::vector<audit::Checkpoint>* checkpoints);
  // audit_segments.cc: the segment directory (`dir`, or the default), and the entries of one
  // segment file in order, checked against its recorded SHA-256.
  std::string SegmentDir(const std::string& dir) const;
  Status ReadSegment(const store::AuditSegmentRow& row, const std::string& dir,
                     const std::function<Status(const model::AuditEvent&)>& fn);

  store::Store& store_;
  std::optional<audit::Signer> signer_;
  std::string key_path_;
  std::string state_path_;
  std::string default_segments_dir_;
  const Clock& clock_;
  std::mutex sign_mu_;
  std::mutex archive_mu_;
};

}  // namespace chancery::records::internal
