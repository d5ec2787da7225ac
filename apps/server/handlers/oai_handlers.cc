// OAI-PMH 2.0 over HTTP (docs/oai.md): GET /oai?verb=... and POST /oai with an
// application/x-www-form-urlencoded body. Every answer is 200 text/xml; a malformed request is
// the protocol's badArgument or badVerb in the XML, never an HTTP error (a store failure is
// the only 500, with no part of a page).
#include "chancery/archive/oai.h"

#include "handlers.h"
#include "oai_schema.h"
#include "request_parse.h"

namespace chancery::server::handlers {

Result<Reply> Oai(Services& s, Call& call) {
  archive::OaiOptions options;
  const std::string base = PublicUrl(s, call.http);
  options.base_url = base + "/oai";
  options.record_url_base = base + "/records/";
  options.schema_url = base + "/schemas/oai-chancery-record-1.xsd";
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::OaiProvider> oai,
                            archive::OaiProvider::Open(*s.records, options));
  std::string_view raw;
  std::string why;
  if (call.http.method == "POST") {
    const std::string type = call.http.get_header_value("Content-Type");
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
      why = "a POST request's body must be application/x-www-form-urlencoded";
    }
    raw = call.http.body;
    const size_t q = call.http.target.find('?');
    if (q != std::string::npos && q + 1 < call.http.target.size()) {
      why = "a POST request carries its arguments in the body, not the URL";
    }
  } else {
    const size_t q = call.http.target.find('?');
    raw = q == std::string::npos ? std::string_view()
                                 : std::string_view(call.http.target).substr(q + 1);
  }
  Result<Params> args = ParseQueryString(raw);
  if (why.empty() && !args.ok()) {
    why = "the arguments cannot be decoded: " + std::string(args.status().message());
  }
  Reply reply;
  reply.content_type = "text/xml; charset=utf-8";
  if (!why.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(reply.body, oai->BadArgument(why));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(reply.body, oai->Handle(*args));
  }
  return reply;
}

Result<Reply> OaiChancerySchemaXsd(Services&, Call&) {
  Reply reply;
  reply.content_type = "application/xml; charset=utf-8";
  reply.body = std::string(OaiChancerySchema());
  return reply;
}

}  // namespace chancery::server::handlers
