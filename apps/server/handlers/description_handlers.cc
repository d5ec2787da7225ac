// Archival description over HTTP (docs/archive.md "Description", docs/server.md "Description"):
// POST /api/records/{id}/description (an archivist's signed edit), GET .../description/history
// and GET .../description/diff?from=&to=. The description module decides read access first (a
// record the caller may not read is the 404 of a missing one, same bytes), then the role, and
// audits every call, refusals included.
#include <memory>

#include "chancery/archive/description.h"
#include "chancery/records/records.h"
#include "chancery/store/store.h"

#include "handlers.h"
#include "request_parse.h"

namespace chancery::server::handlers {

namespace {

constexpr int64_t kMaxVersion = 999'999'999'999;

// A Description over the server's records and name authorities (it holds no state of its own
// beyond borrowed pointers, so one per request costs nothing worth caching).
Result<std::unique_ptr<archive::Description>> DescriptionOf(Services& s) {
  archive::DescriptionOptions options;
  options.db_path = s.config->db;
  options.key_dir = KeyDirOf(*s.config);
  options.authorities = s.authorities;
  return archive::Description::Open(*s.records, std::move(options));
}

}  // namespace

// Body: {"base_version": N, "changes": [{"op": "set"|"add"|"remove", "field": F, "value": V}]}.
Result<Reply> EditDescription(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::DescriptionRequest request,
                            archive::DescriptionRequestFromJson(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Description> d, DescriptionOf(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::DescriptionEdit edit,
                            d->Edit(call.subject, call.path["id"], request));
  return JsonReply(archive::DescriptionEditToJson(edit), 201);
}

Result<Reply> DescriptionHistory(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Description> d, DescriptionOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::DescriptionEdit> edits,
                            d->History(call.subject, call.path["id"]));
  // The caller may read the record (History decided it): its current version is theirs to know.
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta,
                            s.records->store().GetRecordMeta(call.path["id"]));
  const int64_t current = meta.has_value() ? meta->version : 0;
  return JsonReply(archive::DescriptionHistoryToJson(call.path["id"], current, edits));
}

// ?from=N&to=M (to: default the current version).
Result<Reply> DescriptionDiff(Services& s, Call& call) {
  std::optional<std::string> from_text = FindParam(call.query, "from");
  if (!from_text || from_text->empty()) {
    return InvalidArgument("parameter from: required (a version number)");
  }
  CHANCERY_ASSIGN_OR_RETURN(int64_t from, ParseIntParam("from", *from_text, 1, kMaxVersion));
  int64_t to = 0;
  if (std::optional<std::string> t = FindParam(call.query, "to"); t && !t->empty()) {
    CHANCERY_ASSIGN_OR_RETURN(to, ParseIntParam("to", *t, 1, kMaxVersion));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<archive::Description> d, DescriptionOf(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::DescriptionDiff diff,
                            d->Diff(call.subject, call.path["id"], from, to));
  return JsonReply(archive::DescriptionDiffToJson(diff));
}

}  // namespace chancery::server::handlers
