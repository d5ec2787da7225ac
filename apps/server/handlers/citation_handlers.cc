// Citations and record versions over HTTP (docs/citations.md): GET /api/records/{id}/citation
// ?style=S&version=N and GET /api/records/{id}/versions/{n}. A record or version the caller may
// not read is the 404 of a missing one (Records::ShowVersion).
#include <nlohmann/json.hpp>

#include "chancery/format/citation.h"
#include "chancery/format/json.h"
#include "chancery/records/content_hash.h"
#include "chancery/records/records.h"

#include "handlers.h"
#include "request_parse.h"

namespace chancery::server::handlers {

namespace {

constexpr int64_t kMaxVersion = 999'999'999'999;

}  // namespace

Result<Reply> GetCitation(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(
      format::CitationStyle style,
      format::ParseCitationStyle(FindParam(call.query, "style").value_or("wilson")));
  int64_t version = 0;
  if (std::optional<std::string> v = FindParam(call.query, "version"); v && !v->empty()) {
    CHANCERY_ASSIGN_OR_RETURN(version, ParseIntParam("version", *v, 1, kMaxVersion));
  }
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion found,
                            s.records->ShowVersion(call.subject, call.path["id"], version));
  const format::CitedVersion cited{found.version, PublicUrl(s, call.http),
                                   records::ContentHash(found.cable)};
  Reply reply;
  reply.body = format::RenderCitation(found.cable, cited, style);
  reply.content_type = std::string(format::CitationContentType(style));
  if (FindParam(call.query, "download").has_value()) {
    // The id charset ([A-Za-z0-9._:-]) is safe in a quoted file name.
    reply.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"" + found.cable.id + "-v" +
                                   std::to_string(found.version) + "." +
                                   std::string(format::CitationFileExtension(style)) + "\"");
  }
  return reply;
}

Result<Reply> GetRecordVersion(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t n, ParseIntParam("n", call.path["n"], 1, kMaxVersion));
  CHANCERY_ASSIGN_OR_RETURN(records::RecordVersion found,
                            s.records->ShowVersion(call.subject, call.path["id"], n));
  const std::string hash = records::ContentHash(found.cable);
  nlohmann::ordered_json body = {
      {"id", found.cable.id},
      {"version", found.version},
      {"current", found.current},
      {"hash", hash},
      {"permalink",
       format::VersionPermalink(PublicUrl(s, call.http), found.cable.id, found.version)},
      {"record", nlohmann::ordered_json::parse(format::CableToJson(found.cable))},
  };
  return JsonReply(body.dump());
}

}  // namespace chancery::server::handlers
