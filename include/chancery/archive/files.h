// Digital objects (docs/archive.md "Digital objects", docs/decisions/0013-digital-objects.md): a
// record VERSION may carry files, a scan of the original (PDF or images) or another file, shown
// beside its text in the reading room.
//
// Access: a file is read exactly as its record version is read, through
// records::Records::ShowVersion (security::Decide on the record's label and the version's):
// for a reader who may not read the version, its files, their names and their count do not
// exist; every call answers kNotFound "no record ID", the same as for a record that does not
// exist.
//
// Writing: the archivist attaches scans and other files (a role grants no read: the archivist
// must also read the version). Bytes, metadata and the audit entry are written in ONE store
// transaction; a failure writes nothing but its "deny" audit entry. Files are immutable: a name
// is attached once per record version.
//
// Publication: a published version ("<id>.p<N>") does not carry its original's files. When the
// publication withheld nothing, the archivist may carry the original's scan over (Carry) or
// attach one. When anything was withheld, a scan or other file of the original is refused
// (kFailedPrecondition saying why); only a reviewer may attach a redacted scan in its place,
// naming the original's file it replaces, Ed25519-signed with the reviewer's desk key over
// FileMessage() and audited.
//
// Only PDF, PNG, JPEG, TIFF and WebP are accepted, recognised by their magic bytes; a declared
// media type and the name's extension must agree with them.
//
// Thread-safe (as the store).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::archive {

enum class FileKind : int8_t {
  kScan = 0,      // a scan of the original document
  kRedactedScan,  // a scan of a published version with its withheld passages blacked out
  kOther,         // anything else the archivist keeps with the record (finding aid, envelope)
};
std::string_view FileKindName(FileKind kind);  // "scan", "redacted-scan", "other"
// kInvalidArgument naming the text and the accepted kinds.
Result<FileKind> ParseFileKind(std::string_view text);

// A file attached to a record version, without its bytes.
struct FileInfo {
  std::string record_id;
  int64_t version = 0;     // the record version it is attached to
  std::string name;        // [A-Za-z0-9_-][A-Za-z0-9._-]{0,127}, with the type's extension
  std::string media_type;  // "application/pdf", "image/png", "image/jpeg", "image/tiff", ...
  int64_t size = 0;        // bytes
  std::string sha256;      // hex SHA-256 of the bytes
  FileKind kind = FileKind::kScan;
  std::string attached_by;
  int64_t attached_micros = 0;
  // A redacted scan: the original's file it replaces ("<id>/v<N>/<name>") and that file's
  // SHA-256; a carried scan: the file it was copied from ("<id>/v<N>/<name>").
  std::string replaces;
  std::string replaces_sha256;
  std::string carried_from;
  // A redacted scan: the reviewer's Ed25519 signature (hex) over FileMessage() and their key.
  std::string signature;
  std::string public_key;
};

// A file to attach.
struct FileUpload {
  std::string name;
  std::string declared_type;  // "" = take the sniffed type; else it must equal it
  FileKind kind = FileKind::kScan;
  int64_t version = 0;   // the record version; 0 = the current one
  std::string replaces;  // redacted-scan: the name of the original's file it replaces
  std::string bytes;
};

struct FilesOptions {
  // The per-user signing keys (the desk's): <db>.keys. Required.
  std::string key_dir;
  // Time source; nullptr = the system clock. Not owned.
  const Clock* clock = nullptr;
  // Largest file accepted, in bytes.
  int64_t max_bytes = int64_t{50} << 20;
};

class Files {
 public:
  // `records` must outlive the Files. kInvalidArgument without key_dir or with max_bytes < 1.
  static Result<std::unique_ptr<Files>> Open(records::Records& records, FilesOptions options);
  virtual ~Files() = default;

  // Attaches a file to record `id` (id or serial) version upload.version. kNotFound "no record
  // ID" unless the actor reads that version; kPermissionDenied without the role (archivist;
  // reviewer for a redacted scan); kInvalidArgument naming the file for a bad name, an empty or
  // over-limit file, bytes that are not an accepted type, a declared type or extension that
  // disagrees with them; kAlreadyExists for a name already attached to that version;
  // kFailedPrecondition for the publication rules above.
  virtual Result<FileInfo> Attach(const security::Subject& actor, std::string_view id,
                                  FileUpload upload) = 0;
  // Archivist: copies the scan `name` of the original onto published version `published_id`,
  // which must have withheld nothing (kFailedPrecondition otherwise).
  virtual Result<FileInfo> Carry(const security::Subject& actor, std::string_view published_id,
                                 std::string_view name) = 0;
  // The files of version `version` (0 = current) in name order.
  virtual Result<std::vector<FileInfo>> List(const security::Subject& subject, std::string_view id,
                                             int64_t version) = 0;
  // One file's metadata; kNotFound "no file NAME in record ID version N" when the version is
  // readable but has no such file.
  virtual Result<FileInfo> Stat(const security::Subject& subject, std::string_view id,
                                std::string_view name, int64_t version) = 0;
  // Bytes [offset, offset + length) of the file (length < 0: to the end), with its metadata in
  // *info. Same access as Stat; kInvalidArgument for an offset past the end.
  virtual Result<std::string> Read(const security::Subject& subject, std::string_view id,
                                   std::string_view name, int64_t version, int64_t offset,
                                   int64_t length, FileInfo* info) = 0;
};

// The accepted media type of `bytes` from their magic bytes; kInvalidArgument saying what they
// look like otherwise ("empty", "HTML or text", ...).
Result<std::string> SniffMediaType(std::string_view bytes);
// kInvalidArgument naming the name when it is not a plain file name (no '/', '\', "..", leading
// '.', control characters; 1 to 128 of [A-Za-z0-9._-]).
Status CheckFileName(std::string_view name);
// What a reviewer signs for a redacted scan: "chancery-file-v1\n" + record id, version, name,
// media type, size, sha256, kind, replaces, replaces_sha256, actor, micros, one per line.
std::string FileMessage(const FileInfo& info);

}  // namespace chancery::archive
