// Private to src/archive: the digital objects' store rows and codecs (file_types.cc) shared with
// the Files implementation (file_store.cc, file_read.cc).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chancery/archive/files.h"
#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::archive::internal {

// Store collections (docs/archive.md "Digital objects").
// One row per file: key "<id>/<version:06>/<name>", group "<id>", sort "<version:06>/<name>".
inline constexpr std::string_view kFiles = "archive.file";
// The bytes, in chunks of kFileChunk bytes, base64 (the store's bodies are text):
// key "<id>/<version:06>/<name>/<n:06>".
inline constexpr std::string_view kFileChunks = "archive.file-chunk";
inline constexpr int64_t kFileChunk = int64_t{1} << 20;

std::string FileKey(std::string_view id, int64_t version, std::string_view name);
std::string ChunkKey(std::string_view file_key, int64_t n);
// "<id>/v<N>/<name>": how a file is named in messages, audit entries and `replaces`.
std::string FileRef(std::string_view id, int64_t version, std::string_view name);

std::string FileInfoToJson(const FileInfo& info);
Result<FileInfo> FileInfoFromJson(std::string_view json);

std::string Base64Encode(std::string_view bytes);
// kCorruption for text that is not base64 (a damaged row).
Result<std::string> Base64Decode(std::string_view text);

// The extensions a media type's file name may end in (".pdf"; ".jpg" and ".jpeg"; ...).
bool ExtensionFits(std::string_view name, std::string_view media_type);

}  // namespace chancery::archive::internal

namespace chancery::archive::internal {

class FilesImpl final : public Files {
 public:
  FilesImpl(records::Records& records, FilesOptions options);

  Result<FileInfo> Attach(const security::Subject& actor, std::string_view id,
                          FileUpload upload) override;
  Result<FileInfo> Carry(const security::Subject& actor, std::string_view published_id,
                         std::string_view name) override;
  Result<std::vector<FileInfo>> List(const security::Subject& subject, std::string_view id,
                                     int64_t version) override;
  Result<FileInfo> Stat(const security::Subject& subject, std::string_view id,
                        std::string_view name, int64_t version) override;
  Result<std::string> Read(const security::Subject& subject, std::string_view id,
                           std::string_view name, int64_t version, int64_t offset, int64_t length,
                           FileInfo* info) override;

 private:
  // The version as the subject reads it (Records::ShowVersion: the one access decision).
  Result<records::RecordVersion> Readable(const security::Subject& subject, std::string_view id,
                                          int64_t version);
  // The file row of a version already found readable; kNotFound naming it when absent.
  Result<FileInfo> Row(std::string_view id, int64_t version, std::string_view name);
  // Bytes [offset, offset + length) of a stored file.
  Result<std::string> Bytes(const FileInfo& info, int64_t offset, int64_t length);
  Result<FileInfo> AttachChecked(const security::Subject& actor, std::string_view id,
                                 FileUpload& upload);
  Result<FileInfo> CarryChecked(const security::Subject& actor, std::string_view published_id,
                                std::string_view name);
  // Writes the row, its chunks and the audit entry in one transaction (signing a redacted scan
  // there with the actor's key). kAlreadyExists when the name is taken.
  Status Store(const security::Subject& actor, FileInfo* info, std::string_view bytes);
  // Appends a "deny: ..." audit entry for a refused write and returns `refused`.
  Status Deny(const security::Subject& actor, std::string_view action, std::string_view target,
              const Status& refused);
  int64_t Now() const;

  records::Records& records_;
  FilesOptions options_;
  SystemClock system_clock_;
};

}  // namespace chancery::archive::internal
