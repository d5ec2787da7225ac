#include "review_json.h"

#include "desk_json.h"
#include "request_parse.h"

namespace chancery::server {

namespace {

nlohmann::json SpansJson(const std::vector<archive::Span>& spans) {
  nlohmann::json list = nlohmann::json::array();
  for (const archive::Span& s : spans)
    list.push_back(s.ToString());
  return list;
}

}  // namespace

nlohmann::json DecisionJson(const archive::Decision& d) {
  nlohmann::json j = {
      {"id", d.id},
      {"record", d.record_id},
      {"round", d.round},
      {"version", d.version},
      {"digest", d.digest},
      {"kind", std::string(archive::DecisionKindName(d.kind))},
      {"spans", SpansJson(d.spans)},
      {"actor", d.actor},
      {"time", IsoMicros(d.micros)},
      {"signature", d.signature},
      {"public_key", d.public_key},
      {"void", d.void_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.void_reason)}};
  if (!d.phrase.empty())
    j["phrase"] = d.phrase;
  if (!d.code.empty())
    j["code"] = d.code;
  if (!d.office.empty())
    j["office"] = d.office;
  if (!d.answers.empty()) {
    j["answers"] = d.answers;
    j["answer"] = d.answer_withhold ? "withhold" : "release";
  }
  return j;
}

nlohmann::json PublishedVersionJson(const archive::PublishedVersion& p) {
  nlohmann::json j = {
      {"number", p.number},       {"id", p.record_id},           {"of_version", p.of_version},
      {"archivist", p.archivist}, {"time", IsoMicros(p.micros)}, {"in_full", p.in_full},
      {"codes", p.codes}};
  if (p.withdrawn_micros != 0) {
    j["withdrawn"] = {{"time", IsoMicros(p.withdrawn_micros)},
                      {"by", p.withdrawn_by},
                      {"reason", p.withdrawal_reason},
                      {"signature", p.withdrawal_signature},
                      {"public_key", p.withdrawal_public_key}};
  }
  return j;
}

nlohmann::json ReviewRequestJson(const archive::ReviewRequest& r) {
  return {{"id", r.id},          {"record", r.record_id},       {"requester", r.requester},
          {"text", r.text},      {"time", IsoMicros(r.micros)}, {"state", r.state},
          {"outcome", r.outcome}};
}

nlohmann::json QueueItemJson(const archive::QueueItem& item) {
  return {{"record", item.record_id},
          {"title", item.title},
          {"label", item.label},
          {"state", std::string(archive::ReviewStateName(item.state))},
          {"due", IsoMicros(item.due_micros)},
          {"age_days", item.age_micros / 86'400'000'000LL},
          {"requests", item.requests},
          {"waiting_for", item.waiting_for}};
}

nlohmann::json ExemptionsJson(const std::vector<security::Exemption>& exemptions) {
  nlohmann::json list = nlohmann::json::array();
  for (const security::Exemption& e : exemptions)
    list.push_back({{"code", e.code}, {"text", e.text}, {"authority", e.authority}});
  return list;
}

nlohmann::json ReviewStatusJson(const archive::ReviewStatus& s,
                                const std::vector<security::Exemption>& exemptions) {
  nlohmann::json decisions = nlohmann::json::array();
  for (const archive::Decision& d : s.decisions)
    decisions.push_back(DecisionJson(d));
  nlohmann::json published = nlohmann::json::array();
  for (const archive::PublishedVersion& p : s.published)
    published.push_back(PublishedVersionJson(p));
  nlohmann::json requests = nlohmann::json::array();
  for (const archive::ReviewRequest& r : s.requests)
    requests.push_back(ReviewRequestJson(r));
  return {{"record", s.record_id},
          {"title", s.title},
          {"label", s.label},
          {"state", std::string(archive::ReviewStateName(s.state))},
          {"version", s.version},
          {"round", s.round},
          {"due", IsoMicros(s.due_micros)},
          {"needs_concurrence", s.needs_concurrence},
          {"concurred", s.concurred},
          {"open_referrals", s.open_referrals},
          {"decisions", std::move(decisions)},
          {"published", std::move(published)},
          {"requests", std::move(requests)},
          {"exemptions", ExemptionsJson(exemptions)}};
}

Result<std::vector<archive::Span>> SpansMember(const nlohmann::json& body, std::string_view name) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> texts, StringListMember(body, name));
  std::vector<archive::Span> spans;
  spans.reserve(texts.size());
  for (const std::string& text : texts) {
    Result<archive::Span> span = archive::Span::Parse(text);
    if (!span.ok())
      return InvalidArgument("member " + std::string(name) + ": " +
                             std::string(span.status().message()));
    spans.push_back(std::move(span).value());
  }
  return spans;
}

}  // namespace chancery::server
