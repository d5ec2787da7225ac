// Signing and verifying audit checkpoints (docs/format/audit-log.md §8-§10).
#include "records/audit_trail.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chancery/audit/signing.h"
#include "chancery/base/check.h"
#include "chancery/base/strings.h"

namespace chancery::records::internal {

namespace {

constexpr std::string_view kPublicKeyKey = "audit.public_key";
constexpr size_t kPage = 4096;

Status Alarm(std::string_view what) {
  return Corruption("audit alarm: " + std::string(what));
}

// Writes `content` to `path` atomically (temp file, fsync, rename) with mode 0600.
Status WritePrivateFile(const std::string& path, const std::string& content) {
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError("cannot create " + temp + ": " + std::strerror(errno));
  }
  const bool ok =
      ::fchmod(fd, 0600) == 0 &&
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return IoError("cannot write " + path + ": " + std::strerror(ok ? errno : saved));
  }
  return Status::Ok();
}

Result<std::optional<std::string>> ReadOptionalFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return std::optional<std::string>();
    }
    return IoError("cannot read " + path + ": " + std::strerror(errno));
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::optional<std::string>(ss.str());
}

audit::Hash HashFromRaw(const std::string& raw) {
  audit::Hash h;
  std::memcpy(h.data(), raw.data(), h.size());
  return h;
}

}  // namespace

AuditTrail::AuditTrail(store::Store& store, std::optional<audit::Signer> signer,
                       std::string key_path, std::string segments_dir, const Clock& clock)
    : store_(store),
      signer_(std::move(signer)),
      key_path_(std::move(key_path)),
      state_path_(key_path_ + ".checkpoint"),
      default_segments_dir_(std::move(segments_dir)),
      clock_(clock) {}

audit::HashReader AuditTrail::Reader() {
  return audit::HexHashReader(
      [this](const std::vector<int64_t>& indexes) { return store_.ReadAuditHashes(indexes); });
}

Status AuditTrail::InitialBatch(store::WriteBatch* batch) {
  CHANCERY_CHECK(signer_.has_value());  // Guaranteed by Records::Init.
  CHANCERY_ASSIGN_OR_RETURN(audit::NoteVerifier verifier,
                            audit::MakeVerifier(audit::OriginFor(*signer_), *signer_));
  audit::Checkpoint empty;
  empty.origin = verifier.name;
  empty.size = 0;
  empty.root = audit::EmptyTreeHash();
  const std::string note = audit::SignCheckpoint(*signer_, verifier, empty);
  batch->meta.emplace_back(kPublicKeyKey, signer_->public_key_hex());
  batch->checkpoints.push_back({0, note, clock_.NowMicros()});
  return WriteState(note);
}

Result<audit::NoteVerifier> AuditTrail::OwnVerifier(std::string* source) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> stored, store_.GetMeta(kPublicKeyKey));
  if (signer_.has_value()) {
    if (stored.has_value() && *stored != signer_->public_key_hex()) {
      return Alarm("the signing key " + key_path_ +
                   " is not the key this store was created with (public key " + *stored +
                   "): the key file was replaced");
    }
    if (source != nullptr) {
      *source = "the key beside the store (" + key_path_ + ")";
    }
    return audit::MakeVerifier(audit::OriginFor(*signer_), *signer_);
  }
  if (!stored.has_value()) {
    return Alarm("the store has no audit public key and " + key_path_ + " cannot be read");
  }
  if (source != nullptr) {
    *source = "the public key stored in the store (" + key_path_ + " is not readable)";
  }
  return audit::MakeVerifier(audit::OriginForPublicKey(*stored), *stored);
}

Result<std::optional<audit::Checkpoint>> AuditTrail::ReadState(
    const audit::NoteVerifier& verifier) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> note, ReadOptionalFile(state_path_));
  if (!note.has_value()) {
    return std::optional<audit::Checkpoint>();
  }
  Result<audit::Checkpoint> opened = audit::OpenCheckpoint(*note, verifier);
  if (!opened.ok()) {
    return Alarm("the signer's record of its last checkpoint (" + state_path_ +
                 ") does not verify: " + std::string(opened.status().message()));
  }
  return std::optional<audit::Checkpoint>(std::move(opened).value());
}

Status AuditTrail::WriteState(const std::string& note) {
  return WritePrivateFile(state_path_, note);
}

Status AuditTrail::CheckExtends(int64_t size, const audit::Hash& root,
                                const audit::Checkpoint& earlier, std::string_view what) {
  if (earlier.size > size) {
    return Alarm("the log has " + std::to_string(size) + " entries but " + std::string(what) +
                 " covers " + std::to_string(earlier.size) + ": entries were removed");
  }
  if (earlier.size == 0) {
    return Status::Ok();  // every log extends the empty one
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<audit::Hash> proof,
                            audit::ProveTree(size, earlier.size, Reader()));
  if (!audit::CheckTree(proof, size, root, earlier.size, earlier.root).ok()) {
    return Alarm("the log's first " + std::to_string(earlier.size) + " entries differ from " +
                 std::string(what) + ": entries were changed, removed or inserted");
  }
  return Status::Ok();
}

Status AuditTrail::Sign() {
  if (!signer_.has_value()) {
    return FailedPrecondition("no audit signing key at " + key_path_);
  }
  std::lock_guard<std::mutex> lock(sign_mu_);
  CHANCERY_ASSIGN_OR_RETURN(audit::NoteVerifier verifier, OwnVerifier(nullptr));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::CheckpointRow> latest, store_.LatestCheckpoint());
  if (!latest.has_value()) {
    return Alarm(
        "the store has no checkpoint, though chancery init signs one: refusing to "
        "start a new log in a store that is not new");
  }
  Result<audit::Checkpoint> last = audit::OpenCheckpoint(latest->note, verifier);
  if (!last.ok()) {
    return Alarm("the latest stored checkpoint (size " + std::to_string(latest->size) +
                 ") does not verify: " + std::string(last.status().message()));
  }
  if (last->size != latest->size) {
    return Alarm("the checkpoint stored as size " + std::to_string(latest->size) +
                 " is signed for size " + std::to_string(last->size));
  }
  CHANCERY_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  const int64_t size = head.first;
  CHANCERY_ASSIGN_OR_RETURN(audit::Hash root, audit::TreeHash(size, Reader()));
  CHANCERY_RETURN_IF_ERROR(CheckExtends(size, root, *last, "the latest stored checkpoint"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<audit::Checkpoint> mine, ReadState(verifier));
  if (mine.has_value()) {
    CHANCERY_RETURN_IF_ERROR(CheckExtends(
        size, root, *mine, "the last checkpoint this key signed (" + state_path_ + ")"));
  }
  if (size == last->size) {
    return Status::Ok();  // nothing new to vouch for
  }
  audit::Checkpoint next;
  next.origin = verifier.name;
  next.size = size;
  next.root = root;
  const std::string note = audit::SignCheckpoint(*signer_, verifier, next);
  store::WriteBatch batch;
  batch.checkpoints.push_back({size, note, clock_.NowMicros()});
  CHANCERY_RETURN_IF_ERROR(store_.Write(std::move(batch)).status());
  if (!mine.has_value() || mine->size < size) {
    CHANCERY_RETURN_IF_ERROR(WriteState(note));
  }
  return Status::Ok();
}

Status AuditTrail::OpenVerifier(const AuditVerifyOptions& options, AuditReport* report,
                                audit::NoteVerifier* verifier) {
  if (options.key.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(*verifier, audit::ParseVerifierKey(*options.key));
    report->key_source = "the verifier key given (" + verifier->name + ")";
    if (Result<audit::NoteVerifier> own = OwnVerifier(nullptr);
        !own.ok() || own->public_key != verifier->public_key) {
      report->status = own.ok() ? Alarm("the key beside the store (" + key_path_ +
                                        ") is not the verifier key given: either the key file "
                                        "or the log was replaced")
                                : own.status();
    }
    return Status::Ok();
  }
  report->key_source = "the key beside the store (" + key_path_ + ")";
  Result<audit::NoteVerifier> own = OwnVerifier(&report->key_source);
  if (!own.ok()) {
    report->status = own.status();
    return Status::Ok();
  }
  *verifier = std::move(own).value();
  return Status::Ok();
}

Status AuditTrail::LoadCheckpoints(const audit::NoteVerifier& verifier, AuditReport* report,
                                   std::vector<audit::Checkpoint>* checkpoints) {
  for (int64_t after = -1;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::CheckpointRow> rows,
                              store_.ListCheckpoints(after, kPage));
    if (rows.empty()) {
      break;
    }
    for (const store::CheckpointRow& row : rows) {
      Result<audit::Checkpoint> opened = audit::OpenCheckpoint(row.note, verifier);
      if (!opened.ok()) {
        report->status = Corruption("audit checkpoint " + std::to_string(row.size) + ": " +
                                    std::string(opened.status().message()));
        return Status::Ok();
      }
      if (opened->size != row.size) {
        report->status = Corruption("audit checkpoint " + std::to_string(row.size) +
                                    ": its note says size " + std::to_string(opened->size));
        return Status::Ok();
      }
      checkpoints->push_back(std::move(opened).value());
    }
    after = rows.back().size;
  }
  if (checkpoints->empty()) {
    report->status = Corruption(
        "audit log has no signed checkpoint, though chancery init signs one: checkpoints were "
        "deleted");
    return Status::Ok();
  }
  Result<std::optional<audit::Checkpoint>> state = ReadState(verifier);
  if (!state.ok()) {
    report->status = state.status();
    return Status::Ok();
  }
  report->checkpoints = static_cast<int64_t>(checkpoints->size());
  if (state->has_value()) {
    checkpoints->push_back(**state);  // checked like the stored ones, at its size
  }
  std::sort(checkpoints->begin(), checkpoints->end(),
            [](const audit::Checkpoint& a, const audit::Checkpoint& b) { return a.size < b.size; });
  return Status::Ok();
}

namespace {

// The log's leaves in order: builds the Merkle tree, checks each signed root at its size, and
// compares the hashes the tree stores with the ones the leaves give, a page at a time.
class TreeWalk {
 public:
  TreeWalk(store::Store& store, const std::vector<audit::Checkpoint>& checkpoints)
      : store_(store), checkpoints_(checkpoints) {}

  Status Start() { return CheckDue(); }

  // Adds the leaf of entry tree().size() + 1.
  Status Add(const audit::Hash& leaf) {
    const int64_t seq = tree_.size() + 1;
    const size_t before = expected_.size();
    tree_.Add(leaf, &expected_);
    owners_.insert(owners_.end(), expected_.size() - before, seq);
    if (expected_.size() >= kCompareBatch) {
      CHANCERY_RETURN_IF_ERROR(Compare());
    }
    return CheckDue();
  }

  // Compares what is still pending; call after the last leaf.
  Status Finish() { return Compare(); }

  const audit::CompactRange& tree() const { return tree_; }

  size_t next_checkpoint() const { return next_; }

 private:
  static constexpr size_t kCompareBatch = 8192;

  Status CheckDue() {
    while (next_ < checkpoints_.size() && checkpoints_[next_].size == tree_.size()) {
      if (checkpoints_[next_].root != tree_.Root()) {
        return Corruption("audit checkpoint " + std::to_string(tree_.size()) +
                          ": the signed root differs from the log's first " +
                          std::to_string(tree_.size()) +
                          " entries (entries were changed, removed, inserted or reordered)");
      }
      ++next_;
    }
    return Status::Ok();
  }

  Status Compare() {
    if (expected_.empty()) {
      return Status::Ok();
    }
    std::vector<int64_t> indexes(expected_.size());
    for (size_t i = 0; i < indexes.size(); ++i) {
      indexes[i] = first_index_ + static_cast<int64_t>(i);
    }
    Result<std::vector<std::string>> stored = store_.ReadAuditHashes(indexes);
    if (!stored.ok()) {
      return Corruption("audit tree at entry " + std::to_string(owners_.front()) + ": " +
                        std::string(stored.status().message()));
    }
    for (size_t i = 0; i < indexes.size(); ++i) {
      if ((*stored)[i] != audit::HashToHex(expected_[i])) {
        return Corruption("audit tree: stored hash " + std::to_string(indexes[i]) +
                          " differs from what entry " + std::to_string(owners_[i]) + " gives");
      }
    }
    first_index_ += static_cast<int64_t>(expected_.size());
    expected_.clear();
    owners_.clear();
    return Status::Ok();
  }

  store::Store& store_;
  const std::vector<audit::Checkpoint>& checkpoints_;
  audit::CompactRange tree_;
  size_t next_ = 0;
  int64_t first_index_ = 0;  // stored index of expected_[0]
  std::vector<audit::Hash> expected_;
  std::vector<int64_t> owners_;  // the entry each expected hash belongs to
};

// "ok entries=F..L sha256=H ..." of an audit.archive entry, as "F..L H"; "" for other entries.
std::string ArchiveClaim(const model::AuditEvent& event) {
  if (event.action != "audit.archive" || !StartsWith(event.decision, "ok ")) {
    return "";
  }
  std::string range;
  std::string sha;
  std::string_view rest = event.decision;
  while (!rest.empty()) {
    const size_t space = rest.find(' ');
    const std::string_view word = rest.substr(0, space);
    rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    if (StartsWith(word, "entries=")) {
      range = std::string(word.substr(8));
    } else if (StartsWith(word, "sha256=")) {
      sha = std::string(word.substr(7));
    }
  }
  return range + " " + sha;
}

}  // namespace

Result<AuditReport> AuditTrail::Verify(const AuditVerifyOptions& options) {
  AuditReport report;
  audit::NoteVerifier verifier;
  CHANCERY_RETURN_IF_ERROR(OpenVerifier(options, &report, &verifier));
  if (!report.status.ok()) {
    return report;
  }
  std::vector<audit::Checkpoint> checkpoints;
  CHANCERY_RETURN_IF_ERROR(LoadCheckpoints(verifier, &report, &checkpoints));
  if (!report.status.ok()) {
    return report;
  }
  audit::ChainVerifier chain;
  TreeWalk walk(store_, checkpoints);
  std::set<std::string> claims;  // what audit.archive entries say was moved out
  auto on_entry = [&](const model::AuditEvent& event) -> Status {
    CHANCERY_RETURN_IF_ERROR(chain.Add(event));
    if (std::string claim = ArchiveClaim(event); !claim.empty()) {
      claims.insert(std::move(claim));
    }
    return walk.Add(HashFromRaw(audit::LeafHash(event)));
  };
  report.status = walk.Start();
  // Entries moved out of the store: from their segment files, or by their stored leaves.
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AuditSegmentRow> segments,
                            store_.ListAuditSegments());
  for (const store::AuditSegmentRow& seg : segments) {
    if (!report.status.ok()) {
      break;
    }
    if (seg.first != chain.size() + 1 || seg.last < seg.first) {
      report.status = Corruption("audit segment " + std::to_string(seg.first) + ".." +
                                 std::to_string(seg.last) + " does not follow entry " +
                                 std::to_string(chain.size()));
      break;
    }
    report.archived += seg.last - seg.first + 1;
    if (!options.without_segments) {
      report.status = ReadSegment(seg, options.segments_dir, on_entry);
      continue;
    }
    report.archived_unchecked += seg.last - seg.first + 1;
    for (int64_t i = seg.first - 1; report.status.ok() && i < seg.last;) {
      std::vector<int64_t> leaves;
      for (; i < seg.last && leaves.size() < kPage; ++i) {
        leaves.push_back(audit::StoredHashIndex(0, i));
      }
      Result<std::vector<audit::Hash>> hashes = Reader()(leaves);
      if (!hashes.ok()) {
        report.status = Corruption("audit tree: " + std::string(hashes.status().message()));
        break;
      }
      for (const audit::Hash& leaf : *hashes) {
        report.status = walk.Add(leaf);
        if (!report.status.ok()) {
          break;
        }
      }
    }
    chain.Resume(seg.last, seg.last_hash);
  }
  // The entries still in the store.
  for (int64_t after = segments.empty() ? 0 : segments.back().last; report.status.ok();) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<model::AuditEvent> page, store_.ReadAudit(after, kPage));
    if (page.empty()) {
      break;
    }
    for (const model::AuditEvent& event : page) {
      report.status = on_entry(event);
      if (!report.status.ok()) {
        break;
      }
    }
    after = page.back().seq;
  }
  if (report.status.ok()) {
    report.status = walk.Finish();
  }
  report.entries = chain.size();
  if (!report.status.ok()) {
    return report;
  }
  // Each segment was moved out by an audit.archive entry naming its file's digest: that entry
  // is in the signed tree, and a segment row an intruder made up has none. The entry comes after
  // the segment's last entry, so the last segment's is always still in the store; without the
  // segment files the others' may be in a later segment, unread.
  for (size_t i = 0; i < segments.size(); ++i) {
    const store::AuditSegmentRow& seg = segments[i];
    const std::string claim =
        std::to_string(seg.first) + ".." + std::to_string(seg.last) + " " + seg.sha256;
    const bool readable = !options.without_segments || i + 1 == segments.size();
    if (readable && claims.count(claim) == 0) {
      report.status = Corruption("audit segment " + std::to_string(seg.first) + ".." +
                                 std::to_string(seg.last) +
                                 ": no audit.archive entry of the log moved it out with that "
                                 "digest (entries were deleted and the segment made up)");
      return report;
    }
  }
  if (walk.next_checkpoint() < checkpoints.size()) {
    report.status = Corruption("audit log truncated: a signed checkpoint covers " +
                               std::to_string(checkpoints.back().size) + " entries, the log has " +
                               std::to_string(report.entries));
    return report;
  }
  const audit::Checkpoint& latest = checkpoints.back();
  report.checkpoint_size = latest.size;
  report.uncovered = report.entries - latest.size;
  // The stored tree, which the next checkpoint will be signed over, must match the entries too.
  Result<audit::Hash> stored_root = audit::TreeHash(report.entries, Reader());
  if (!stored_root.ok() || *stored_root != walk.tree().Root()) {
    report.status = Corruption("audit tree: the stored Merkle hashes differ from the entries (" +
                               (stored_root.ok() ? std::string("different root")
                                                 : std::string(stored_root.status().message())) +
                               ")");
  }
  return report;
}

Result<std::string> AuditTrail::VerifierKey() {
  CHANCERY_ASSIGN_OR_RETURN(audit::NoteVerifier verifier, OwnVerifier(nullptr));
  return verifier.KeyString();
}

Result<std::string> AuditTrail::LatestNote() {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::CheckpointRow> latest, store_.LatestCheckpoint());
  if (!latest.has_value()) {
    return NotFound("the audit log has no checkpoint");
  }
  return latest->note;
}

Result<InclusionProof> AuditTrail::ProveInclusion(int64_t index, int64_t size) {
  CHANCERY_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  if (size < 1 || size > head.first) {
    return InvalidArgument("tree size " + std::to_string(size) + " is not in 1.." +
                           std::to_string(head.first));
  }
  InclusionProof proof;
  proof.index = index;
  proof.size = size;
  CHANCERY_ASSIGN_OR_RETURN(proof.proof, audit::ProveLeaf(size, index, Reader()));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<audit::Hash> leaf,
                            Reader()({audit::StoredHashIndex(0, index)}));
  proof.leaf = leaf.at(0);
  CHANCERY_ASSIGN_OR_RETURN(proof.root, audit::TreeHash(size, Reader()));
  return proof;
}

Result<ConsistencyProof> AuditTrail::ProveConsistency(int64_t from, int64_t to) {
  CHANCERY_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  if (to > head.first) {
    return InvalidArgument("tree size " + std::to_string(to) + " is beyond the log's " +
                           std::to_string(head.first) + " entries");
  }
  ConsistencyProof proof;
  proof.from = from;
  proof.to = to;
  CHANCERY_ASSIGN_OR_RETURN(proof.proof, audit::ProveTree(to, from, Reader()));
  CHANCERY_ASSIGN_OR_RETURN(proof.old_root, audit::TreeHash(from, Reader()));
  CHANCERY_ASSIGN_OR_RETURN(proof.new_root, audit::TreeHash(to, Reader()));
  return proof;
}

}  // namespace chancery::records::internal
