// Moving the oldest audit entries out of the store into segment files, and reading them back
// for verification (docs/format/audit-log.md §14).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "chancery/audit/signing.h"
#include "chancery/base/strings.h"

#include "records/audit_trail.h"

namespace chancery::records::internal {

namespace {

constexpr std::string_view kSegmentFormat = "chancery-audit-segment/1";

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) {
        return false;
      }
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// A string field: a JSON string when it is UTF-8, else {"hex": "..."} (the log keeps bytes as
// given, and the segment must give back exactly what was hashed).
nlohmann::json Field(const std::string& s) {
  if (IsValidUtf8(s)) {
    return s;
  }
  return nlohmann::json{{"hex", HexEncode(s)}};
}

Result<std::string> FieldFrom(const nlohmann::json& j, std::string_view what) {
  if (j.is_string()) {
    return j.get<std::string>();
  }
  if (j.is_object() && j.size() == 1 && j.contains("hex") && j["hex"].is_string()) {
    std::string bytes;
    if (HexDecode(j["hex"].get<std::string>(), &bytes)) {
      return bytes;
    }
  }
  return Corruption(std::string(what) + " is neither a string nor {\"hex\": ...}");
}

std::string EntryLine(const model::AuditEvent& e) {
  nlohmann::json ids = nlohmann::json::array();
  for (const std::string& id : e.ids) {
    ids.push_back(Field(id));
  }
  nlohmann::json j{{"seq", e.seq},
                   {"time_micros", e.time_micros},
                   {"actor", Field(e.actor)},
                   {"action", Field(e.action)},
                   {"target", Field(e.target)},
                   {"decision", Field(e.decision)},
                   {"ids", std::move(ids)},
                   {"prev_hash", e.prev_hash},
                   {"hash", e.hash}};
  return j.dump() + "\n";
}

Result<model::AuditEvent> EntryFromLine(std::string_view line, const std::string& where) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
      !j.contains("time_micros") || !j["time_micros"].is_number_integer() || !j.contains("ids") ||
      !j["ids"].is_array() || !j.contains("prev_hash") || !j["prev_hash"].is_string() ||
      !j.contains("hash") || !j["hash"].is_string()) {
    return Corruption(where + ": not an audit entry");
  }
  model::AuditEvent e;
  e.seq = j["seq"].get<int64_t>();
  e.time_micros = j["time_micros"].get<int64_t>();
  for (const char* name : {"actor", "action", "target", "decision"}) {
    if (!j.contains(name)) {
      return Corruption(where + ": no " + name);
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(e.actor, FieldFrom(j["actor"], where + ": actor"));
  CHANCERY_ASSIGN_OR_RETURN(e.action, FieldFrom(j["action"], where + ": action"));
  CHANCERY_ASSIGN_OR_RETURN(e.target, FieldFrom(j["target"], where + ": target"));
  CHANCERY_ASSIGN_OR_RETURN(e.decision, FieldFrom(j["decision"], where + ": decision"));
  for (const nlohmann::json& id : j["ids"]) {
    CHANCERY_ASSIGN_OR_RETURN(std::string value, FieldFrom(id, where + ": ids"));
    e.ids.push_back(std::move(value));
  }
  e.prev_hash = j["prev_hash"].get<std::string>();
  e.hash = j["hash"].get<std::string>();
  return e;
}

// Writes the segment through `fd`, hashing what it writes.
class SegmentWriter {
 public:
  explicit SegmentWriter(int fd) : fd_(fd) {}

  Status Write(std::string_view bytes) {
    hasher_.Update(bytes);
    while (!bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) {
          continue;
        }
        return IoError(std::string("write: ") + std::strerror(errno));
      }
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return Status::Ok();
  }

  std::string Digest() { return hasher_.HexDigest(); }

 private:
  int fd_;
  audit::Sha256Hasher hasher_;
};

Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return IoError("cannot open " + dir + ": " + std::strerror(errno));
  }
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::Ok() : IoError("cannot sync " + dir + ": " + std::strerror(errno));
}

}  // namespace

std::string AuditTrail::SegmentDir(const std::string& dir) const {
  return dir.empty() ? default_segments_dir_ : dir;
}

Status AuditTrail::ReadSegment(const store::AuditSegmentRow& row, const std::string& dir,
                               const std::function<Status(const model::AuditEvent&)>& fn) {
  const std::string path = SegmentDir(dir) + "/" + row.file;
  const std::string range = std::to_string(row.first) + ".." + std::to_string(row.last);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Corruption("audit segment " + path + " (entries " + range +
                      ") cannot be read: " + std::strerror(errno) +
                      "; pass --segments DIR where it was moved, or --without-segments to "
                      "check those entries by their tree hashes only");
  }
  audit::Sha256Hasher hasher;
  std::string line;
  int64_t line_no = 0;
  int64_t expected = row.first;
  while (std::getline(in, line)) {
    ++line_no;
    hasher.Update(line);
    if (!in.eof()) {
      hasher.Update("\n");
    }
    const std::string where = path + ":" + std::to_string(line_no);
    if (line_no == 1) {
      nlohmann::json header = nlohmann::json::parse(line, nullptr, false);
      if (!header.is_object() || header.value("format", "") != kSegmentFormat ||
          header.value("first", int64_t{-1}) != row.first ||
          header.value("last", int64_t{-1}) != row.last) {
        return Corruption(where + ": not the header of audit segment " + range);
      }
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(model::AuditEvent event, EntryFromLine(line, where));
    if (event.seq != expected || event.seq > row.last) {
      return Corruption(where + ": entry " + std::to_string(event.seq) + " where entry " +
                        std::to_string(expected) + " belongs");
    }
    ++expected;
    CHANCERY_RETURN_IF_ERROR(fn(event));
  }
  if (expected != row.last + 1) {
    return Corruption("audit segment " + path + " ends at entry " + std::to_string(expected - 1) +
                      ", not " + std::to_string(row.last));
  }
  if (hasher.HexDigest() != row.sha256) {
    return Corruption("audit segment " + path +
                      ": its SHA-256 is not the one recorded when it "
                      "was moved out (the file was changed)");
  }
  return Status::Ok();
}

Result<AuditSegment> AuditTrail::Archive(const AuditArchiveOptions& options,
                                         model::AuditEvent event) {
  std::lock_guard<std::mutex> lock(archive_mu_);
  AuditVerifyOptions check;
  check.segments_dir = options.dir;
  CHANCERY_ASSIGN_OR_RETURN(AuditReport report, Verify(check));
  if (!report.status.ok()) {
    return FailedPrecondition("the audit log does not verify, so nothing was moved: " +
                              std::string(report.status.message()));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AuditSegmentRow> segments,
                            store_.ListAuditSegments());
  const int64_t first = segments.empty() ? 1 : segments.back().last + 1;
  CHANCERY_ASSIGN_OR_RETURN(auto head, store_.AuditHead());
  const int64_t limit =
      options.through > 0 ? std::min(options.through, head.first - 1) : head.first - 1;
  // The largest checkpoint size in [first, limit] whose last entry is old enough.
  std::optional<store::CheckpointRow> chosen;
  for (int64_t after = first - 1;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::CheckpointRow> rows,
                              store_.ListCheckpoints(after, 1024));
    if (rows.empty()) {
      break;
    }
    bool done = false;
    for (store::CheckpointRow& row : rows) {
      if (row.size > limit) {
        done = true;
        break;
      }
      if (options.before_micros > 0) {
        CHANCERY_ASSIGN_OR_RETURN(std::vector<model::AuditEvent> at,
                                  store_.ReadAudit(row.size - 1, 1));
        if (at.empty() || at.front().time_micros >= options.before_micros) {
          done = true;
          break;
        }
      }
      chosen = std::move(row);
    }
    if (done) {
      break;
    }
    after = rows.back().size;
  }
  if (!chosen.has_value()) {
    return FailedPrecondition("no audit entries to move out: none from entry " +
                              std::to_string(first) +
                              " up to a signed checkpoint is old enough (a segment ends where a "
                              "checkpoint does, and the newest entry always stays)");
  }
  const int64_t last = chosen->size;
  const std::string dir = SegmentDir(options.dir);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return IoError("cannot create " + dir + ": " + ec.message());
  }
  std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace, ec);
  const std::string name = "audit-" + std::to_string(first) + "-" + std::to_string(last) + ".jsonl";
  const std::string path = dir + "/" + name;
  const std::string temp = path + ".tmp." + audit::RandomHex(8);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError("cannot create " + temp + ": " + std::strerror(errno));
  }
  SegmentWriter out(fd);
  std::string last_hash;
  auto write_all = [&]() -> Status {
    nlohmann::json header{
        {"format", kSegmentFormat}, {"first", first}, {"last", last}, {"checkpoint", chosen->note}};
    CHANCERY_RETURN_IF_ERROR(out.Write(header.dump() + "\n"));
    for (int64_t after = first - 1; after < last;) {
      CHANCERY_ASSIGN_OR_RETURN(
          std::vector<model::AuditEvent> page,
          store_.ReadAudit(after, static_cast<size_t>(std::min<int64_t>(4096, last - after))));
      if (page.empty() || page.front().seq != after + 1) {
        return Corruption("audit entry " + std::to_string(after + 1) +
                          " vanished while it was being moved out");
      }
      std::string chunk;
      for (const model::AuditEvent& e : page) {
        chunk += EntryLine(e);
        last_hash = e.hash;
      }
      CHANCERY_RETURN_IF_ERROR(out.Write(chunk));
      after = page.back().seq;
    }
    if (::fsync(fd) != 0) {
      return IoError("cannot sync " + temp + ": " + std::strerror(errno));
    }
    return Status::Ok();
  };
  Status written = write_all();
  ::close(fd);
  if (written.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    written = IoError("cannot rename " + temp + ": " + std::strerror(errno));
  }
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  CHANCERY_RETURN_IF_ERROR(SyncDir(dir));
  const std::string sha256 = out.Digest();
  event.target = name;
  event.decision = "ok entries=" + std::to_string(first) + ".." + std::to_string(last) +
                   " sha256=" + sha256 + " checkpoint=" + std::to_string(last);
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  batch.audit_segment =
      store::AuditSegmentRow{first, last, name, sha256, last_hash, clock_.NowMicros()};
  // The file is complete and synced before the store forgets the entries; a crash in between
  // leaves the entries in the store and a file the next archive rewrites.
  CHANCERY_RETURN_IF_ERROR(store_.Write(std::move(batch)).status());
  return AuditSegment{first, last, path, sha256};
}

}  // namespace chancery::records::internal
