// chancery file add|carry|list|get: digital objects of a record version (docs/archive.md
// "Digital objects"). Every verb reads through archive::Files, which decides read access like a
// show of the record version: a record the user may not read has no files.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "chancery/archive/files.h"

#include "cli.h"
#include "desk_common.h"

namespace chancery::cli {
namespace {

struct FileArgs {
  std::string as;
  std::string id;
  std::string path;  // add: the file to attach
  std::string name;  // add: the name (default: PATH's file name); get, carry: the file
  std::string kind = "scan";
  std::string type;      // add: the declared media type (default: sniffed)
  std::string replaces;  // add --kind redacted-scan: the original's file
  std::string out;       // get: where to write
  int64_t version = 0;
  int64_t max_bytes = int64_t{50} << 20;
};

struct FileSession {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Files> files;
  security::Subject subject;
};

Result<FileSession> OpenFiles(const GlobalOptions& global, const FileArgs& a) {
  FileSession s;
  CHANCERY_ASSIGN_OR_RETURN(s.records, OpenRecords(global));
  CHANCERY_ASSIGN_OR_RETURN(s.subject, SubjectFor(*s.records, a.as));
  archive::FilesOptions options;
  options.key_dir = KeyDir(global);
  options.max_bytes = a.max_bytes;
  CHANCERY_ASSIGN_OR_RETURN(s.files, archive::Files::Open(*s.records, std::move(options)));
  return s;
}

void PrintFile(const archive::FileInfo& f) {
  std::printf("%-32s %-14s %-16s %10lld  sha256 %s  v%lld  %s %s\n", f.name.c_str(),
              std::string(archive::FileKindName(f.kind)).c_str(), f.media_type.c_str(),
              static_cast<long long>(f.size), f.sha256.c_str(), static_cast<long long>(f.version),
              f.attached_by.c_str(), FormatMicros(f.attached_micros).c_str());
  if (!f.replaces.empty()) {
    std::printf("%-32s replaces %s (sha256 %s), signed by %s\n", "", f.replaces.c_str(),
                f.replaces_sha256.c_str(), f.attached_by.c_str());
  }
  if (!f.carried_from.empty()) {
    std::printf("%-32s carried from %s\n", "", f.carried_from.c_str());
  }
}

int Add(const GlobalOptions& global, const FileArgs& a) {
  archive::FileUpload upload;
  Result<archive::FileKind> kind = archive::ParseFileKind(a.kind);
  if (!kind.ok()) {
    return Fail(kind.status());
  }
  upload.kind = *kind;
  upload.name = a.name.empty() ? std::filesystem::path(a.path).filename().string() : a.name;
  upload.declared_type = a.type;
  upload.version = a.version;
  upload.replaces = a.replaces;
  std::error_code ec;
  const auto size = std::filesystem::file_size(a.path, ec);
  if (ec) {
    return Fail(IoError(a.path + ": " + ec.message()));
  }
  if (static_cast<int64_t>(size) > a.max_bytes) {
    // Refused before reading it; Attach says the same for bytes given in memory.
    return Fail(InvalidArgument(a.path + ": " + std::to_string(size) +
                                " bytes exceed the limit of " + std::to_string(a.max_bytes) +
                                " bytes (--max-bytes)"));
  }
  std::ifstream in(a.path, std::ios::binary);
  upload.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return Fail(IoError(a.path + ": cannot read"));
  }
  Result<FileSession> s = OpenFiles(global, a);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<archive::FileInfo> info = s->files->Attach(s->subject, a.id, std::move(upload));
  if (!info.ok()) {
    return Fail(info.status());
  }
  std::printf("attached to %s version %lld:\n", info->record_id.c_str(),
              static_cast<long long>(info->version));
  PrintFile(*info);
  return kExitOk;
}

int Carry(const GlobalOptions& global, const FileArgs& a) {
  Result<FileSession> s = OpenFiles(global, a);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<archive::FileInfo> info = s->files->Carry(s->subject, a.id, a.name);
  if (!info.ok()) {
    return Fail(info.status());
  }
  std::printf("carried to %s:\n", info->record_id.c_str());
  PrintFile(*info);
  return kExitOk;
}

int List(const GlobalOptions& global, const FileArgs& a) {
  Result<FileSession> s = OpenFiles(global, a);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<std::vector<archive::FileInfo>> files = s->files->List(s->subject, a.id, a.version);
  if (!files.ok()) {
    return Fail(files.status());
  }
  for (const archive::FileInfo& f : *files) {
    PrintFile(f);
  }
  if (files->empty()) {
    std::printf("(no files)\n");
  }
  return kExitOk;
}

int Get(const GlobalOptions& global, const FileArgs& a) {
  Result<FileSession> s = OpenFiles(global, a);
  if (!s.ok()) {
    return Fail(s.status());
  }
  archive::FileInfo info;
  Result<std::string> bytes = s->files->Read(s->subject, a.id, a.name, a.version, 0, -1, &info);
  if (!bytes.ok()) {
    return Fail(bytes.status());
  }
  if (a.out == "-") {
    std::fwrite(bytes->data(), 1, bytes->size(), stdout);
    return kExitOk;
  }
  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
  out.close();
  if (!out) {
    return Fail(IoError(a.out + ": cannot write"));
  }
  std::fprintf(stderr, "wrote %s (%lld bytes, %s, sha256 %s)\n", a.out.c_str(),
               static_cast<long long>(info.size), info.media_type.c_str(), info.sha256.c_str());
  return kExitOk;
}

}  // namespace

void RegisterFiles(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* file = app.add_subcommand("file", "digital objects: scans and files of a record version");
  file->require_subcommand(1);
  auto args = std::make_shared<FileArgs>();

  auto* add = file->add_subcommand("add", "attach a file (PDF, PNG, JPEG, TIFF, WebP)");
  add->add_option("id", args->id, "record id or serial (a published version: ID.pN)")->required();
  add->add_option("path", args->path, "the file")->required();
  add->add_option("--kind", args->kind, "scan (default), redacted-scan or other");
  add->add_option("--name", args->name, "the name to store it under (default: PATH's name)");
  add->add_option("--type", args->type, "declared media type; must match the bytes");
  add->add_option("--replaces", args->replaces,
                  "redacted-scan: the original's file it replaces (its name)");
  add->add_option("--version", args->version, "record version (default: the current one)");
  add->add_option("--max-bytes", args->max_bytes, "largest file accepted (default 50 MB)");
  add->add_option("--as", args->as, "act as this user")->required();
  add->callback([&global, &run, args] { run = [&global, args] { return Add(global, *args); }; });

  auto* carry = file->add_subcommand(
      "carry", "copy the original's scan onto a published version that withheld nothing");
  carry->add_option("id", args->id, "published version id (ID.pN)")->required();
  carry->add_option("name", args->name, "the original's file")->required();
  carry->add_option("--as", args->as, "act as this user")->required();
  carry->callback(
      [&global, &run, args] { run = [&global, args] { return Carry(global, *args); }; });

  auto* list = file->add_subcommand("list", "the files of a record version");
  list->add_option("id", args->id, "record id or serial")->required();
  list->add_option("--version", args->version, "record version (default: the current one)");
  list->add_option("--as", args->as, "act as this user (default: the public reader)");
  list->callback([&global, &run, args] { run = [&global, args] { return List(global, *args); }; });

  auto* get = file->add_subcommand("get", "write a file's bytes");
  get->add_option("id", args->id, "record id or serial")->required();
  get->add_option("name", args->name, "the file's name")->required();
  get->add_option("-o,--out", args->out, "where to write (- for stdout)")->required();
  get->add_option("--version", args->version, "record version (default: the current one)");
  get->add_option("--as", args->as, "act as this user (default: the public reader)");
  get->callback([&global, &run, args] { run = [&global, args] { return Get(global, *args); }; });
}

}  // namespace chancery::cli
