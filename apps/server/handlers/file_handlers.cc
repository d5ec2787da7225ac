// Digital objects over HTTP (docs/archive.md "Digital objects", docs/server.md): the files of a
// record version, one file's bytes (ETag, single byte ranges), and attaching a file. Every route
// goes through archive::Files, which reads the record version first (Records::ShowVersion): a
// file of a record the caller may not read is the 404 of a missing record, same bytes.
#include <nlohmann/json.hpp>

#include "chancery/archive/files.h"
#include "chancery/records/records.h"

#include "handlers.h"
#include "json/desk_json.h"

namespace chancery::server::handlers {

namespace {

// What a file response may do in the browser: nothing (no script, no plugin, no form, no
// navigation); only the reading room's own pages may frame it.
constexpr char kFileCsp[] =
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
    "frame-ancestors 'self'";

Result<std::unique_ptr<archive::Files>> FilesOf(Services& s) {
  archive::FilesOptions options;
  options.key_dir = KeyDirOf(*s.config);
  options.max_bytes = kMaxFileBytes;
  return archive::Files::Open(*s.records, std::move(options));
}

Result<int64_t> VersionParam(const Call& call) {
  const std::optional<std::string> v = FindParam(call.query, "version");
  if (!v.has_value() || v->empty())
    return int64_t{0};
  return ParseIntParam("version", *v, 1, int64_t{1} << 40);
}

nlohmann::json FileJson(const archive::FileInfo& f) {
  nlohmann::json j = {{"name", f.name},
                      {"media_type", f.media_type},
                      {"size", f.size},
                      {"sha256", f.sha256},
                      {"kind", std::string(archive::FileKindName(f.kind))},
                      {"record", f.record_id},
                      {"version", f.version},
                      {"attached_by", f.attached_by},
                      {"attached", IsoMicros(f.attached_micros)},
                      {"url", "/api/records/" + f.record_id + "/files/" + f.name +
                                  "?version=" + std::to_string(f.version)}};
  if (!f.replaces.empty()) {
    j["replaces"] = f.replaces;
    j["replaces_sha256"] = f.replaces_sha256;
    j["signature"] = f.signature;
    j["public_key"] = f.public_key;
  }
  if (!f.carried_from.empty())
    j["carried_from"] = f.carried_from;
  return j;
}

// A single range "bytes=A-B", "bytes=A-" or "bytes=-N" over `size` bytes as [first, last];
// std::nullopt for no usable Range (several ranges, another unit: the whole file is sent);
// an error for one that is unsatisfiable (416).
Result<std::optional<std::pair<int64_t, int64_t>>> ParseRange(const std::string& header,
                                                              int64_t size) {
  using Out = std::optional<std::pair<int64_t, int64_t>>;
  if (header.rfind("bytes=", 0) != 0 || header.find(',') != std::string::npos)
    return Out();
  const std::string spec = header.substr(6);
  const size_t dash = spec.find('-');
  if (dash == std::string::npos)
    return Out();
  const auto number = [](const std::string& t, int64_t* out) {
    if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string::npos)
      return false;
    *out = std::stoll(t);
    return true;
  };
  int64_t first = 0;
  int64_t last = size - 1;
  const std::string a = spec.substr(0, dash);
  const std::string b = spec.substr(dash + 1);
  if (a.empty()) {
    int64_t n = 0;
    if (!number(b, &n))
      return Out();
    if (n == 0)
      return InvalidArgument("range " + header + " is empty");
    first = std::max<int64_t>(0, size - n);
  } else {
    if (!number(a, &first))
      return Out();
    if (!b.empty()) {
      if (!number(b, &last))
        return Out();
      last = std::min(last, size - 1);
    }
    if (first >= size || last < first)
      return InvalidArgument("range " + header + " is outside the file's " + std::to_string(size) +
                             " bytes");
  }
  return Out(std::make_pair(first, last));
}

}  // namespace

Result<Reply> ListFiles(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Files> files, FilesOf(s));
  CHANCERY_ASSIGN_OR_RETURN(int64_t version, VersionParam(call));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::FileInfo> list,
                            files->List(call.subject, call.path["id"], version));
  nlohmann::json out = nlohmann::json::array();
  for (const archive::FileInfo& f : list)
    out.push_back(FileJson(f));
  return JsonReply(Dump({{"files", std::move(out)}}));
}

Result<Reply> GetFile(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Files> files, FilesOf(s));
  CHANCERY_ASSIGN_OR_RETURN(int64_t version, VersionParam(call));
  // Access first: for a hidden record this is the missing record's 404.
  CHANCERY_ASSIGN_OR_RETURN(archive::FileInfo info,
                            files->Stat(call.subject, call.path["id"], call.path["name"], version));
  Reply reply;
  reply.content_type = info.media_type;
  const std::string etag = "\"" + info.sha256 + "\"";
  reply.headers = {{"ETag", etag},
                   {"Accept-Ranges", "bytes"},
                   {"Content-Disposition", "inline; filename=\"" + info.name + "\""},
                   {"X-Content-Type-Options", "nosniff"},
                   {"Content-Security-Policy", kFileCsp},
                   {"X-Frame-Options", "SAMEORIGIN"}};
  if (call.http.get_header_value("If-None-Match") == etag) {
    reply.status = 304;
    return reply;
  }
  int64_t offset = 0;
  int64_t length = -1;
  const std::string range = call.http.get_header_value("Range");
  const std::string if_range = call.http.get_header_value("If-Range");
  if (!range.empty() && (if_range.empty() || if_range == etag)) {
    Result<std::optional<std::pair<int64_t, int64_t>>> r = ParseRange(range, info.size);
    if (!r.ok()) {
      Reply refused;
      refused.status = 416;
      refused.body = Dump({{"error", std::string(r.status().message())}});
      refused.headers = {{"Content-Range", "bytes */" + std::to_string(info.size)}};
      return refused;
    }
    if (r->has_value()) {
      offset = (*r)->first;
      length = (*r)->second - (*r)->first + 1;
      reply.status = 206;
      reply.headers.emplace_back("Content-Range", "bytes " + std::to_string((*r)->first) + "-" +
                                                      std::to_string((*r)->second) + "/" +
                                                      std::to_string(info.size));
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(reply.body, files->Read(call.subject, info.record_id, info.name,
                                                    info.version, offset, length, nullptr));
  return reply;
}

// Body: the file's bytes; Content-Type: its declared type (application/octet-stream or none:
// the type is taken from the bytes). Query: name (required), kind (scan, redacted-scan, other),
// version, replaces (redacted-scan). Or ?carry=NAME with no body: carry the original's scan.
Result<Reply> AttachFile(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Files> files, FilesOf(s));
  if (std::optional<std::string> carry = FindParam(call.query, "carry"); carry.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(archive::FileInfo info,
                              files->Carry(call.subject, call.path["id"], *carry));
    return JsonReply(Dump(FileJson(info)), 201);
  }
  archive::FileUpload upload;
  const std::optional<std::string> name = FindParam(call.query, "name");
  if (!name.has_value() || name->empty())
    return InvalidArgument("query parameter name: required (the file's name, e.g. scan.pdf)");
  upload.name = *name;
  CHANCERY_ASSIGN_OR_RETURN(upload.kind,
                            archive::ParseFileKind(FindParam(call.query, "kind").value_or("scan")));
  CHANCERY_ASSIGN_OR_RETURN(upload.version, VersionParam(call));
  upload.replaces = FindParam(call.query, "replaces").value_or("");
  std::string type = call.http.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  if (type != "application/octet-stream")
    upload.declared_type = type;
  upload.bytes = call.http.body;
  CHANCERY_ASSIGN_OR_RETURN(archive::FileInfo info,
                            files->Attach(call.subject, call.path["id"], std::move(upload)));
  return JsonReply(Dump(FileJson(info)), 201);
}

}  // namespace chancery::server::handlers
