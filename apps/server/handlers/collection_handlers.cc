// Collections over HTTP (docs/archive.md "Browsing", docs/api/openapi.yaml): the list, a
// table of contents, a record's previous/next in each collection it is in, and archivists'
// curated collections. Every read is what the caller may read (archive/collections.h); a record
// or collection the caller may not see is 404 like a missing one.
#include <nlohmann/json.hpp>

#include "chancery/archive/collections.h"

#include "handlers.h"
#include "request_parse.h"

namespace chancery::server::handlers {
namespace {

using Json = nlohmann::json;

Json EntryJson(const archive::CollectionEntry& e) {
  return {{"id", e.id}, {"title", e.title}, {"date", e.date}, {"number", e.number}};
}

Json SummaryJson(const archive::CollectionSummary& c) {
  return {{"id", c.id},
          {"kind", archive::CollectionKindName(c.kind)},
          {"title", c.title},
          {"description", c.description},
          {"count", c.count}};
}

Result<std::unique_ptr<archive::Collections>> Open(Services& s) {
  return archive::Collections::Open(*s.records);
}

// {title, description, sections: [{title, members: [id]}]} or {members: [id]}.
Result<archive::CuratedCollection> CuratedFromBody(const std::string& body) {
  const Json j = Json::parse(body, nullptr, false);
  if (!j.is_object())
    return InvalidArgument("body: not a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (key != "id" && key != "title" && key != "description" && key != "sections" &&
        key != "members") {
      return InvalidArgument("body: unknown field \"" + key + "\"");
    }
  }
  archive::CuratedCollection c;
  const auto text = [&](const char* key, std::string* out) -> Status {
    if (!j.contains(key))
      return Status::Ok();
    if (!j[key].is_string())
      return InvalidArgument(std::string(key) + ": expected a string");
    *out = j[key].get<std::string>();
    return Status::Ok();
  };
  CHANCERY_RETURN_IF_ERROR(text("id", &c.id));
  CHANCERY_RETURN_IF_ERROR(text("title", &c.title));
  CHANCERY_RETURN_IF_ERROR(text("description", &c.description));
  const auto ids = [](const Json& v, const std::string& where,
                      std::vector<std::string>* out) -> Status {
    if (!v.is_array())
      return InvalidArgument(where + ": expected an array of record ids");
    for (const Json& m : v) {
      if (!m.is_string())
        return InvalidArgument(where + ": expected an array of record ids");
      out->push_back(m.get<std::string>());
    }
    return Status::Ok();
  };
  if (j.contains("members")) {
    archive::CuratedSection first;
    CHANCERY_RETURN_IF_ERROR(ids(j["members"], "members", &first.members));
    c.sections.push_back(std::move(first));
  }
  if (j.contains("sections")) {
    if (!j["sections"].is_array())
      return InvalidArgument("sections: expected an array");
    for (size_t i = 0; i < j["sections"].size(); ++i) {
      const Json& s = j["sections"][i];
      const std::string where = "sections/" + std::to_string(i);
      if (!s.is_object())
        return InvalidArgument(where + ": expected an object");
      archive::CuratedSection section;
      if (s.contains("title")) {
        if (!s["title"].is_string())
          return InvalidArgument(where + "/title: expected a string");
        section.title = s["title"].get<std::string>();
      }
      if (s.contains("members")) {
        CHANCERY_RETURN_IF_ERROR(ids(s["members"], where + "/members", &section.members));
      }
      c.sections.push_back(std::move(section));
    }
  }
  return c;
}

Json CuratedJson(const archive::CuratedCollection& c) {
  Json sections = Json::array();
  for (const auto& s : c.sections)
    sections.push_back({{"title", s.title}, {"members", s.members}});
  return {{"id", c.id}, {"title", c.title}, {"description", c.description}, {"sections", sections}};
}

}  // namespace

Result<Reply> ListCollections(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(auto collections, Open(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::CollectionSummary> list,
                            collections->List(call.subject));
  Json items = Json::array();
  for (const auto& c : list)
    items.push_back(SummaryJson(c));
  return JsonReply(Dump({{"items", std::move(items)}}));
}

Result<Reply> GetCollection(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(auto collections, Open(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::CollectionToc toc,
                            collections->Toc(call.subject, call.path["id"]));
  Json j = SummaryJson(toc.summary);
  j["sections"] = Json::array();
  for (const auto& section : toc.sections) {
    Json entries = Json::array();
    for (const auto& e : section.entries)
      entries.push_back(EntryJson(e));
    j["sections"].push_back({{"path", section.path}, {"entries", std::move(entries)}});
  }
  return JsonReply(Dump(j));
}

Result<Reply> RecordNeighbours(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(auto collections, Open(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::Neighbours> around,
                            collections->Around(call.subject, call.path["id"]));
  Json items = Json::array();
  for (const auto& n : around) {
    items.push_back({{"collection", n.collection},
                     {"kind", archive::CollectionKindName(n.kind)},
                     {"title", n.title},
                     {"chapter", n.chapter},
                     {"index", n.index},
                     {"count", n.count},
                     {"previous", n.previous ? EntryJson(*n.previous) : Json(nullptr)},
                     {"next", n.next ? EntryJson(*n.next) : Json(nullptr)}});
  }
  return JsonReply(Dump({{"id", call.path["id"]}, {"collections", std::move(items)}}));
}

Result<Reply> CreateCollection(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(auto collections, Open(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::CuratedCollection c, CuratedFromBody(call.http.body));
  CHANCERY_RETURN_IF_ERROR(collections->Create(call.subject, c));
  CHANCERY_ASSIGN_OR_RETURN(archive::CuratedCollection stored,
                            collections->Curated(call.subject, c.id));
  return JsonReply(Dump(CuratedJson(stored)), 201);
}

// Replaces the fields the body gives (title, description, members or sections) of a curated
// collection, as one change: nothing is stored when any of it is refused.
Result<Reply> PutCollection(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(auto collections, Open(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::CuratedCollection body, CuratedFromBody(call.http.body));
  const std::string id = call.path["id"];
  if (!body.id.empty() && body.id != id)
    return InvalidArgument("id: differs from the path");
  CHANCERY_ASSIGN_OR_RETURN(archive::CuratedCollection c, collections->Curated(call.subject, id));
  const Json j = Json::parse(call.http.body, nullptr, false);
  if (j.contains("title"))
    c.title = body.title;
  if (j.contains("description"))
    c.description = body.description;
  if (j.contains("sections") || j.contains("members"))
    c.sections = body.sections;
  CHANCERY_RETURN_IF_ERROR(collections->Replace(call.subject, c));
  CHANCERY_ASSIGN_OR_RETURN(archive::CuratedCollection stored,
                            collections->Curated(call.subject, id));
  return JsonReply(Dump(CuratedJson(stored)));
}

}  // namespace chancery::server::handlers
