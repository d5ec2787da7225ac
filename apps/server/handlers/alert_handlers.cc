// Saved searches, alerts, their Atom feeds and the sitemap (docs/alerts.md). Everything here
// is decided by archive::Alerts at delivery time for the reader as they are now.
#include <charconv>

#include "chancery/archive/alerts.h"
#include "chancery/records/content_hash.h"

#include "feeds.h"
#include "handlers.h"

namespace chancery::server::handlers {
namespace {

Result<archive::Alerts*> AlertsOf(Services& s) {
  if (s.alerts == nullptr) {
    return Unavailable("alerts unavailable");
  }
  return s.alerts;
}

nlohmann::json SavedJson(const archive::SavedSearch& s, const std::string& base) {
  return {{"id", s.id},
          {"name", s.spec.name},
          {"q", s.spec.query},
          {"from", s.spec.from},
          {"to", s.spec.to},
          {"undated", s.spec.undated},
          {"created", Rfc3339(s.created_micros)},
          {"feed", s.feed_token.empty() ? "" : base + "/feeds/" + s.feed_token + ".atom"}};
}

nlohmann::json AlertJson(const archive::Alert& a) {
  return {{"saved", a.search_id},
          {"id", a.record_id},
          {"title", a.title},
          {"date", a.date},
          {"alerted", Rfc3339(a.alerted_micros)}};
}

Reply XmlReply(std::string body, std::string content_type) {
  Reply reply;
  reply.body = std::move(body);
  reply.content_type = std::move(content_type);
  return reply;
}

}  // namespace

Result<Reply> ListSaved(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::SavedSearch> list, alerts->List(call.subject));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& saved : list) {
    out.push_back(SavedJson(saved, PublicUrl(s, call.http)));
  }
  return JsonReply(Dump({{"saved", out}}));
}

Result<Reply> CreateSaved(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  archive::SavedSearchSpec spec;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> name, StringMember(body, "name"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> q, StringMember(body, "q"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> from, StringMember(body, "from"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> to, StringMember(body, "to"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> undated, BoolMember(body, "undated"));
  spec.name = name.value_or("");
  spec.query = q.value_or("");
  spec.from = from.value_or("");
  spec.to = to.value_or("");
  spec.undated = undated.value_or(false);
  CHANCERY_ASSIGN_OR_RETURN(archive::SavedSearch saved, alerts->Save(call.subject, spec));
  return JsonReply(Dump(SavedJson(saved, PublicUrl(s, call.http))), 201);
}

Result<Reply> DeleteSaved(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_RETURN_IF_ERROR(alerts->Remove(call.subject, call.path["id"]));
  return JsonReply(Dump({{"removed", call.path["id"]}}));
}

Result<Reply> RenewSavedFeed(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::SavedSearch saved,
                            alerts->RenewFeed(call.subject, call.path["id"]));
  return JsonReply(Dump(SavedJson(saved, PublicUrl(s, call.http))));
}

Result<Reply> RevokeSavedFeed(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_RETURN_IF_ERROR(alerts->RevokeFeed(call.subject, call.path["id"]));
  CHANCERY_ASSIGN_OR_RETURN(archive::SavedSearch saved, alerts->Get(call.subject, call.path["id"]));
  return JsonReply(Dump(SavedJson(saved, PublicUrl(s, call.http))));
}

Result<Reply> ListAlerts(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  int64_t limit = static_cast<int64_t>(archive::kDefaultAlertLimit);
  if (auto text = FindParam(call.query, "limit")) {
    CHANCERY_ASSIGN_OR_RETURN(limit, ParseIntParam("limit", *text, 1, 1000));
  }
  const std::string saved = FindParam(call.query, "saved").value_or("");
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::Alert> list,
                            alerts->List(call.subject, saved, static_cast<size_t>(limit)));
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : list) {
    out.push_back(AlertJson(a));
  }
  return JsonReply(Dump({{"alerts", out}}));
}

Result<Reply> GetFeed(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  std::string token = call.path["token"];
  constexpr std::string_view kSuffix = ".atom";
  if (token.size() <= kSuffix.size() || token.substr(token.size() - kSuffix.size()) != kSuffix) {
    return NotFound("no feed");
  }
  token.resize(token.size() - kSuffix.size());
  CHANCERY_ASSIGN_OR_RETURN(archive::AlertFeed feed,
                            alerts->Feed(token, archive::kDefaultAlertLimit));
  return XmlReply(AtomFeed(feed, PublicUrl(s, call.http)), "application/atom+xml; charset=utf-8");
}

Result<Reply> SitemapIndexXml(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::SitemapEntry> entries, alerts->Sitemap());
  return XmlReply(
      SitemapIndex(entries, static_cast<size_t>(s.config->sitemap_urls), PublicUrl(s, call.http)),
      "application/xml; charset=utf-8");
}

Result<Reply> SitemapFileXml(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Alerts * alerts, AlertsOf(s));
  const std::string& file = call.path["file"];
  constexpr std::string_view kPrefix = "records-";
  constexpr std::string_view kSuffix = ".xml";
  size_t n = 0;
  const bool shaped = file.size() > kPrefix.size() + kSuffix.size() &&
                      file.compare(0, kPrefix.size(), kPrefix) == 0 &&
                      file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
  if (shaped) {
    const char* first = file.data() + kPrefix.size();
    const char* last = file.data() + file.size() - kSuffix.size();
    const auto [end, ec] = std::from_chars(first, last, n);
    if (ec != std::errc() || end != last || *first == '0') {
      n = 0;
    }
  }
  if (n == 0) {
    return NotFound("no sitemap " + file);
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::SitemapEntry> entries, alerts->Sitemap());
  std::string xml =
      SitemapFile(entries, static_cast<size_t>(s.config->sitemap_urls), n, PublicUrl(s, call.http));
  if (xml.empty()) {
    return NotFound("no sitemap " + file);
  }
  return XmlReply(std::move(xml), "application/xml; charset=utf-8");
}

}  // namespace chancery::server::handlers
