// Reading digital objects (docs/archive.md "Digital objects"). Every read first reads the record
// version through Records::ShowVersion, the reading room's one access decision: a version the
// subject may not read has no files, names or counts; the error is the missing record's.
#include "chancery/audit/signing.h"

#include "archive/file_internal.h"

namespace chancery::archive::internal {

Result<records::RecordVersion> FilesImpl::Readable(const security::Subject& subject,
                                                   std::string_view id, int64_t version) {
  if (version < 0) {
    return NotFound("no record " + std::string(id));
  }
  return records_.ShowVersion(subject, id, version);
}

Result<FileInfo> FilesImpl::Row(std::string_view id, int64_t version, std::string_view name) {
  const Status missing = NotFound("no file " + std::string(name) + " in record " + std::string(id) +
                                  " version " + std::to_string(version));
  if (!CheckFileName(name).ok()) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            records_.store().GetDoc(kFiles, FileKey(id, version, name)));
  if (!row.has_value()) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(FileInfo info, FileInfoFromJson(row->body));
  if (info.record_id != id || info.version != version || info.name != name) {
    return Corruption("file row " + FileKey(id, version, name) + " names another file");
  }
  return info;
}

Result<std::string> FilesImpl::Bytes(const FileInfo& info, int64_t offset, int64_t length) {
  if (offset < 0 || offset > info.size) {
    return InvalidArgument("file " + info.name + ": offset " + std::to_string(offset) +
                           " is past its end (" + std::to_string(info.size) + " bytes)");
  }
  const int64_t end = length < 0 ? info.size : std::min(info.size, offset + length);
  const std::string key = FileKey(info.record_id, info.version, info.name);
  std::string out;
  out.reserve(static_cast<size_t>(end - offset));
  for (int64_t n = offset / kFileChunk; n * kFileChunk < end; ++n) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                              records_.store().GetDoc(kFileChunks, ChunkKey(key, n)));
    if (!row.has_value()) {
      return Corruption("file " + FileRef(info.record_id, info.version, info.name) + ": chunk " +
                        std::to_string(n) + " is missing");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::string chunk, Base64Decode(row->body));
    const int64_t chunk_start = n * kFileChunk;
    const int64_t from = std::max(offset, chunk_start) - chunk_start;
    const int64_t to =
        std::min(end, chunk_start + static_cast<int64_t>(chunk.size())) - chunk_start;
    if (to > from) {
      out.append(chunk, static_cast<size_t>(from), static_cast<size_t>(to - from));
    }
  }
  if (static_cast<int64_t>(out.size()) != end - offset) {
    return Corruption("file " + FileRef(info.record_id, info.version, info.name) +
                      ": stored bytes are shorter than its size");
  }
  if (offset == 0 && end == info.size && audit::Sha256Hex(out) != info.sha256) {
    return Corruption("file " + FileRef(info.record_id, info.version, info.name) +
                      ": stored bytes do not match its SHA-256");
  }
  return out;
}

Result<std::vector<FileInfo>> FilesImpl::List(const security::Subject& subject, std::string_view id,
                                              int64_t version) {
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion rv, Readable(subject, id, version));
  store::DocQuery q;
  q.collection = std::string(kFiles);
  q.group = rv.cable.id;
  q.limit = 100000;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, records_.store().ListDocs(q));
  std::vector<FileInfo> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(FileInfo info, FileInfoFromJson(row.body));
    if (info.record_id == rv.cable.id && info.version == rv.version) {
      out.push_back(std::move(info));
    }
  }
  return out;
}

Result<FileInfo> FilesImpl::Stat(const security::Subject& subject, std::string_view id,
                                 std::string_view name, int64_t version) {
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion rv, Readable(subject, id, version));
  return Row(rv.cable.id, rv.version, name);
}

Result<std::string> FilesImpl::Read(const security::Subject& subject, std::string_view id,
                                    std::string_view name, int64_t version, int64_t offset,
                                    int64_t length, FileInfo* info) {
  CHANCERY_ASSIGN_OR_RETURN(FileInfo found, Stat(subject, id, name, version));
  CHANCERY_ASSIGN_OR_RETURN(std::string bytes, Bytes(found, offset, length));
  if (info != nullptr) {
    *info = std::move(found);
  }
  return bytes;
}

}  // namespace chancery::archive::internal
