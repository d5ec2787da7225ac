// Attaching digital objects (docs/archive.md "Digital objects"): the checks, the publication
// rules, and the one transaction that writes a file's row, its bytes and its audit entry.
#include <algorithm>

#include "chancery/audit/signing.h"
#include "chancery/desk/keys.h"

#include "archive/archive_impl.h"
#include "archive/file_internal.h"

namespace chancery::archive {

Result<std::unique_ptr<Files>> Files::Open(records::Records& records, FilesOptions options) {
  if (options.key_dir.empty()) {
    return InvalidArgument("files: key_dir is required");
  }
  if (options.max_bytes < 1) {
    return InvalidArgument("files: max_bytes must be at least 1");
  }
  return std::unique_ptr<Files>(new internal::FilesImpl(records, std::move(options)));
}

namespace internal {

namespace {

std::string Megabytes(int64_t bytes) {
  const int64_t tenths = (bytes * 10 + (1 << 19)) >> 20;
  return std::to_string(tenths / 10) + (tenths % 10 != 0 ? "." + std::to_string(tenths % 10) : "") +
         " MB";
}

// The name, size and type checks: kInvalidArgument naming the file.
Status CheckUpload(const FileUpload& upload, int64_t max_bytes, std::string* media_type) {
  CHANCERY_RETURN_IF_ERROR(CheckFileName(upload.name));
  const std::string where = "file " + upload.name + ": ";
  const auto size = static_cast<int64_t>(upload.bytes.size());
  if (size > max_bytes) {
    return InvalidArgument(where + std::to_string(size) + " bytes (" + Megabytes(size) +
                           ") exceed the limit of " + std::to_string(max_bytes) + " bytes (" +
                           Megabytes(max_bytes) + ")");
  }
  Result<std::string> sniffed = SniffMediaType(upload.bytes);
  if (!sniffed.ok()) {
    return InvalidArgument(where + std::string(sniffed.status().message()));
  }
  if (!upload.declared_type.empty() && upload.declared_type != *sniffed) {
    return InvalidArgument(where + "declared as " + upload.declared_type + " but its bytes are " +
                           *sniffed);
  }
  if (!ExtensionFits(upload.name, *sniffed)) {
    return InvalidArgument(where + "its bytes are " + *sniffed +
                           ": the name must end in that type's extension");
  }
  *media_type = std::move(sniffed).value();
  return Status::Ok();
}

}  // namespace

FilesImpl::FilesImpl(records::Records& records, FilesOptions options)
    : records_(records), options_(std::move(options)) {}

int64_t FilesImpl::Now() const {
  return (options_.clock != nullptr ? options_.clock : &system_clock_)->NowMicros();
}

Status FilesImpl::Deny(const security::Subject& actor, std::string_view action,
                       std::string_view target, const Status& refused) {
  store::WriteBatch batch;
  model::AuditEvent event;
  event.time_micros = Now();
  event.actor = actor.name;
  event.action = std::string(action);
  event.target = std::string(target);
  event.decision = "deny: " + refused.ToString();
  batch.audit.push_back(std::move(event));
  batch.durability = store::Durability::kProcessCrash;
  CHANCERY_RETURN_IF_ERROR(records_.store().Write(std::move(batch)).status());
  return refused;
}

Result<FileInfo> FilesImpl::Attach(const security::Subject& actor, std::string_view id,
                                   FileUpload upload) {
  Result<FileInfo> done = AttachChecked(actor, id, upload);
  if (!done.ok()) {
    return Deny(actor, "file.attach", std::string(id) + "/" + upload.name, done.status());
  }
  CHANCERY_RETURN_IF_ERROR(records_.Checkpoint());
  return done;
}

Result<FileInfo> FilesImpl::AttachChecked(const security::Subject& actor, std::string_view id,
                                          FileUpload& upload) {
  // Read access first: a role grants no read, and a hidden record is a missing one.
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion rv, Readable(actor, id, upload.version));
  const bool redacted = upload.kind == FileKind::kRedactedScan;
  const std::string_view role = redacted ? "reviewer" : "archivist";
  if (!HasRole(actor, role)) {
    return PermissionDenied("attaching a " + std::string(FileKindName(upload.kind)) +
                            " needs the " + std::string(role) + " role");
  }
  FileInfo info;
  CHANCERY_RETURN_IF_ERROR(CheckUpload(upload, options_.max_bytes, &info.media_type));
  const model::Publication& pub = rv.cable.publication;
  if (pub.Empty() && redacted) {
    return FailedPrecondition(rv.cable.id +
                              " is not a published version: a redacted scan replaces the "
                              "original's scan on a published version (" +
                              rv.cable.id + ".pN)");
  }
  if (!pub.Empty() && !pub.in_full && !redacted) {
    return FailedPrecondition(
        rv.cable.id + " was published in part (" + std::to_string(pub.redactions.size()) +
        " passage(s) withheld): an unredacted " + std::string(FileKindName(upload.kind)) +
        " would show what was withheld; a reviewer attaches a redacted scan in its place "
        "(kind redacted-scan, naming the original's file it replaces)");
  }
  if (redacted) {
    if (upload.replaces.empty()) {
      return InvalidArgument("file " + upload.name +
                             ": a redacted scan names the original's file it replaces");
    }
    CHANCERY_RETURN_IF_ERROR(CheckFileName(upload.replaces));
    CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion original,
                              Readable(actor, pub.of, pub.of_version));
    CHANCERY_ASSIGN_OR_RETURN(FileInfo replaced,
                              Row(original.cable.id, original.version, upload.replaces));
    info.replaces = FileRef(replaced.record_id, replaced.version, replaced.name);
    info.replaces_sha256 = replaced.sha256;
  }
  info.record_id = rv.cable.id;
  info.version = rv.version;
  info.name = upload.name;
  info.size = static_cast<int64_t>(upload.bytes.size());
  info.sha256 = audit::Sha256Hex(upload.bytes);
  info.kind = upload.kind;
  info.attached_by = actor.name;
  CHANCERY_RETURN_IF_ERROR(Store(actor, &info, upload.bytes));
  return info;
}

Result<FileInfo> FilesImpl::Carry(const security::Subject& actor, std::string_view published_id,
                                  std::string_view name) {
  Result<FileInfo> done = CarryChecked(actor, published_id, name);
  if (!done.ok()) {
    return Deny(actor, "file.carry", std::string(published_id) + "/" + std::string(name),
                done.status());
  }
  CHANCERY_RETURN_IF_ERROR(records_.Checkpoint());
  return done;
}

Result<FileInfo> FilesImpl::CarryChecked(const security::Subject& actor,
                                         std::string_view published_id, std::string_view name) {
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion rv, Readable(actor, published_id, 0));
  if (!HasRole(actor, "archivist")) {
    return PermissionDenied("carrying a scan to a published version needs the archivist role");
  }
  CHANCERY_RETURN_IF_ERROR(CheckFileName(name));
  const model::Publication& pub = rv.cable.publication;
  if (pub.Empty()) {
    return FailedPrecondition(rv.cable.id + " is not a published version: nothing to carry");
  }
  if (!pub.in_full) {
    return FailedPrecondition(
        rv.cable.id + " was published in part (" + std::to_string(pub.redactions.size()) +
        " passage(s) withheld): the original's scan would show what was withheld; a reviewer "
        "attaches a redacted scan in its place");
  }
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion original,
                            Readable(actor, pub.of, pub.of_version));
  CHANCERY_ASSIGN_OR_RETURN(FileInfo from, Row(original.cable.id, original.version, name));
  if (from.kind == FileKind::kRedactedScan) {
    return FailedPrecondition("file " + std::string(name) + " is a redacted scan: not carried");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string bytes, Bytes(from, 0, -1));
  FileInfo info = from;
  info.record_id = rv.cable.id;
  info.version = rv.version;
  info.attached_by = actor.name;
  info.carried_from = FileRef(from.record_id, from.version, from.name);
  info.replaces.clear();
  info.replaces_sha256.clear();
  info.signature.clear();
  info.public_key.clear();
  CHANCERY_RETURN_IF_ERROR(Store(actor, &info, bytes));
  return info;
}

Status FilesImpl::Store(const security::Subject& actor, FileInfo* info, std::string_view bytes) {
  const std::string key = FileKey(info->record_id, info->version, info->name);
  desk::KeyRing keys(records_.store(), options_.key_dir);
  return records_.store().Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> existing, txn.GetDoc(kFiles, key));
    if (existing.has_value()) {
      return AlreadyExists("file " + info->name + " is already attached to " + info->record_id +
                           " version " + std::to_string(info->version) +
                           " (files are not replaced; attach it under another name)");
    }
    info->attached_micros = Now();
    if (info->kind == FileKind::kRedactedScan) {
      CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, keys.SignerFor(txn, actor.name, [&] {
        model::AuditEvent e;
        e.time_micros = Now();
        e.actor = actor.name;
        return e;
      }));
      info->public_key = signer.public_key_hex();
      info->signature = audit::SignMessage(signer, FileMessage(*info));
    }
    store::DocRow row;
    row.collection = std::string(kFiles);
    row.key = key;
    row.group = info->record_id;
    row.sort = key.substr(info->record_id.size() + 1);
    row.body = FileInfoToJson(*info);
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row, 0).status());
    for (int64_t n = 0; n * kFileChunk < static_cast<int64_t>(bytes.size()); ++n) {
      store::DocRow chunk;
      chunk.collection = std::string(kFileChunks);
      chunk.key = ChunkKey(key, n);
      chunk.body = Base64Encode(
          bytes.substr(static_cast<size_t>(n * kFileChunk), static_cast<size_t>(kFileChunk)));
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(chunk, 0).status());
    }
    store::WriteBatch batch;
    model::AuditEvent event;
    event.time_micros = info->attached_micros;
    event.actor = actor.name;
    event.action = info->carried_from.empty() ? "file.attach" : "file.carry";
    event.target = FileRef(info->record_id, info->version, info->name);
    event.decision = "ok: " + std::string(FileKindName(info->kind)) + " " + info->media_type + " " +
                     std::to_string(info->size) + " bytes sha256 " + info->sha256 +
                     (info->replaces.empty() ? "" : " replaces " + info->replaces) +
                     (info->carried_from.empty() ? "" : " from " + info->carried_from);
    event.ids = {info->record_id};
    batch.audit.push_back(std::move(event));
    return txn.Write(std::move(batch)).status();
  });
}

}  // namespace internal
}  // namespace chancery::archive
