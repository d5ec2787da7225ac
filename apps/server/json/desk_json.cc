#include "desk_json.h"

#include <ctime>

#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"

#include "request_parse.h"

namespace chancery::server {

namespace {

nlohmann::json CableJson(const model::Cable& cable) {
  return nlohmann::json::parse(format::CableToJson(cable), nullptr, false);
}

Result<model::Cable> ContentFrom(const nlohmann::json& body) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> text, StringMember(body, "text"));
  if (text)
    return format::ParseCableText(*text, "draft");
  auto it = body.find("content");
  if (it == body.end() || !it->is_object()) {
    return InvalidArgument("member text or content: one is required");
  }
  Result<model::Cable> cable = format::CableFromJson(Dump(*it), "content");
  if (!cable.ok())
    return InvalidArgument(cable.status().message());
  return cable;
}

nlohmann::json SignatureJson(const std::optional<desk::Signature>& s) {
  if (!s)
    return nullptr;
  return {{"signer", s->signer},
          {"public_key", s->public_key},
          {"digest", s->digest},
          {"value", s->value},
          {"time", IsoMicros(s->time_micros)}};
}

}  // namespace

nlohmann::json IsoMicros(int64_t micros) {
  if (micros == 0)
    return nullptr;
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buffer);
}

Result<int64_t> ParseIsoMicros(std::string_view text, std::string_view what) {
  const std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') {
    tm = std::tm{};
    end = strptime(s.c_str(), "%Y-%m-%d", &tm);
  }
  if (end == nullptr || *end != '\0') {
    return InvalidArgument(std::string(what) +
                           ": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got \"" + s + "\"");
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000000;
}

Result<desk::DraftSpec> DraftSpecFromJson(const nlohmann::json& body) {
  desk::DraftSpec spec;
  CHANCERY_ASSIGN_OR_RETURN(spec.content, ContentFrom(body));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> office, StringMember(body, "office"));
  spec.office = office.value_or(spec.content.office);
  if (auto rule = body.find("rule"); rule != body.end()) {
    if (!rule->is_object())
      return InvalidArgument("member rule: expected an object");
    CHANCERY_ASSIGN_OR_RETURN(spec.rule.clearers, StringListMember(*rule, "clearers"));
    CHANCERY_ASSIGN_OR_RETURN(spec.rule.approvers, StringListMember(*rule, "approvers"));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> required, IntMember(*rule, "required"));
    if (required && (*required < 0 || *required > 1000)) {
      return InvalidArgument("member rule.required: expected 0..1000");
    }
    spec.rule.required = static_cast<uint32_t>(required.value_or(0));
  }
  CHANCERY_ASSIGN_OR_RETURN(spec.conditions, StringListMember(body, "conditions"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> reply_by, StringMember(body, "reply_by"));
  if (reply_by && !reply_by->empty()) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t micros, ParseIsoMicros(*reply_by, "member reply_by"));
    spec.reply_by_micros = micros;
  }
  return spec;
}

nlohmann::json DraftSpecJson(const desk::DraftSpec& spec) {
  return {{"office", spec.office},
          {"content", CableJson(spec.content)},
          {"text", format::RenderCableText(spec.content)},
          {"rule",
           {{"clearers", spec.rule.clearers},
            {"approvers", spec.rule.approvers},
            {"required", spec.rule.required}}},
          {"conditions", spec.conditions},
          {"reply_by", spec.reply_by_micros ? IsoMicros(*spec.reply_by_micros) : nullptr}};
}

nlohmann::json DraftJson(const desk::Draft& d) {
  nlohmann::json steps = nlohmann::json::array();
  for (const desk::ApprovalStep& s : d.steps) {
    steps.push_back({{"kind", desk::StepKindName(s.kind)},
                     {"user", s.user},
                     {"state", desk::StepStateName(s.state)},
                     {"comment", s.comment},
                     {"draft_version", s.draft_version},
                     {"signature", SignatureJson(s.signature)},
                     {"time", IsoMicros(s.time_micros)}});
  }
  return {{"id", d.id},
          {"version", d.version},
          {"state", desk::DraftStateName(d.state)},
          {"drafter", d.drafter},
          {"title", model::DisplayTitle(d.spec.content)},
          {"banner", d.banner.ToBanner()},
          {"spec", DraftSpecJson(d.spec)},
          {"steps", std::move(steps)},
          {"created", IsoMicros(d.created_micros)},
          {"updated", IsoMicros(d.updated_micros)},
          {"released_cable_id", d.released_cable_id.empty() ? nlohmann::json(nullptr)
                                                            : nlohmann::json(d.released_cable_id)}};
}

nlohmann::json ReleaseJson(const desk::Release& r) {
  return {{"cable_id", r.cable_id},
          {"draft_id", r.draft_id},
          {"serial", r.serial.original},
          {"series", r.serial.series},
          {"year", r.serial.year},
          {"number", r.serial.number},
          {"dtg", r.dtg},
          {"released", IsoMicros(r.released_micros)},
          {"releaser", r.releaser},
          // v2 releases sign a salted commitment (docs/format/proof.md); v1 releases signed the
          // text digest and the paragraph root. The commitment seed is secret and never sent.
          {"commitment_version", r.commitment_version},
          {"commitment_root", r.commitment_root},
          {"text_digest", r.text_digest},
          {"merkle_root", r.merkle_root},
          {"signature", SignatureJson(r.signature)},
          {"recipients", r.recipients}};
}

nlohmann::json DeliveryJson(const desk::Delivery& d) {
  return {{"cable_id", d.cable_id},
          {"office", d.office},
          {"role", model::AddresseeRoleName(d.role)},
          {"precedence", model::PrecedenceRankName(d.precedence)},
          {"dtg", d.dtg},
          {"queued", IsoMicros(d.queued_micros)},
          {"due", IsoMicros(d.due_micros)},
          {"requires_ack", d.requires_ack},
          {"state", desk::DeliveryStateName(d.state)},
          {"reason", d.reason},
          {"delivered", IsoMicros(d.delivered_micros)},
          {"acknowledged_by", d.acknowledged_by},
          {"acknowledged", IsoMicros(d.acknowledged_micros)},
          {"escalated", IsoMicros(d.escalated_micros)}};
}

nlohmann::json InboxItemJson(const desk::InboxItem& item) {
  return {{"delivery", DeliveryJson(item.delivery)},
          {"title", item.title},
          {"serial", item.serial},
          {"label", item.label},
          {"overdue", item.overdue}};
}

nlohmann::json EscalationJson(const desk::Escalation& e) {
  return {{"delivery", DeliveryJson(e.delivery)},
          {"addressee", e.addressee},
          {"title", e.title},
          {"serial", e.serial},
          {"label", e.label}};
}

nlohmann::json ThreadJson(const desk::ThreadNode& node) {
  nlohmann::json replies = nlohmann::json::array();
  for (const desk::ThreadNode& reply : node.replies)
    replies.push_back(ThreadJson(reply));
  return {{"cable_id", node.cable_id},
          {"title", node.title},
          {"serial", node.serial},
          {"dtg", node.dtg},
          {"reply_by", node.reply_by_micros ? IsoMicros(*node.reply_by_micros) : nullptr},
          {"reply_overdue", node.reply_overdue},
          {"replies", std::move(replies)}};
}

nlohmann::json DirectoryJson(const desk::Directory& d, int64_t version) {
  nlohmann::json orgs = nlohmann::json::array(), offices = nlohmann::json::array(),
                 groups = nlohmann::json::array(), grants = nlohmann::json::array();
  for (const desk::Organization& o : d.organizations) {
    orgs.push_back({{"id", o.id}, {"name", o.name}});
  }
  for (const desk::Office& o : d.offices) {
    offices.push_back({{"id", o.id},
                       {"name", o.name},
                       {"kind", desk::OfficeKindName(o.kind)},
                       {"organization", o.organization},
                       {"parent", o.parent},
                       {"series", o.series},
                       {"escalation", o.escalation},
                       {"clearance_level", o.clearance.level},
                       {"clearance_categories", o.clearance.categories}});
  }
  for (const desk::AddresseeGroup& g : d.groups) {
    groups.push_back({{"id", g.id}, {"name", g.name}, {"members", g.members}});
  }
  for (const desk::RoleGrant& g : d.grants) {
    grants.push_back({{"user", g.user}, {"role", desk::RoleName(g.role)}, {"office", g.office}});
  }
  return {{"version", version},    {"text", desk::RenderDirectory(d)},
          {"organizations", orgs}, {"offices", offices},
          {"groups", groups},      {"grants", grants}};
}

}  // namespace chancery::server
