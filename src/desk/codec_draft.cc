// JSON bodies of the desk's directory and draft rows (docs/desk.md "Storage"). nlohmann::json is
// the adapter here: its exceptions are caught in this file and become kCorruption.
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "chancery/format/json.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"

namespace chancery::desk::internal {

namespace {

using Json = nlohmann::json;

std::string Dump(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json ClearanceToJson(const security::Clearance& c) {
  return Json{{"level", c.level},
              {"categories", c.categories},
              {"groups", c.groups},
              {"offices", c.offices}};
}

security::Clearance ClearanceFromJson(const Json& j) {
  security::Clearance c;
  c.level = j.at("level").get<std::string>();
  c.categories = j.at("categories").get<std::vector<std::string>>();
  c.groups = j.at("groups").get<std::vector<std::string>>();
  c.offices = j.at("offices").get<std::vector<std::string>>();
  return c;
}

Json LabelToJson(const model::Label& l) {
  return Json{{"classification", l.classification},
              {"categories", l.categories},
              {"releasable_to", l.releasable_to}};
}

model::Label LabelFromJson(const Json& j) {
  model::Label l;
  l.classification = j.at("classification").get<std::string>();
  l.categories = j.at("categories").get<std::vector<std::string>>();
  l.releasable_to = j.at("releasable_to").get<std::vector<std::string>>();
  return l;
}

Json SpecToJsonValue(const DraftSpec& spec) {
  Json j;
  j["office"] = spec.office;
  // The content is a model::Cable in its documented JSON form (docs/format/json.md).
  j["content"] = Json::parse(format::CableToJson(spec.content), nullptr, false);
  j["rule"] = Json{{"clearers", spec.rule.clearers},
                   {"approvers", spec.rule.approvers},
                   {"required", spec.rule.required}};
  j["conditions"] = spec.conditions;
  j["reply_by_micros"] = spec.reply_by_micros.has_value() ? Json(*spec.reply_by_micros) : Json();
  return j;
}

Result<DraftSpec> SpecFromJsonValue(const Json& j, std::string_view key) {
  DraftSpec spec;
  spec.office = j.at("office").get<std::string>();
  CHANCERY_ASSIGN_OR_RETURN(spec.content,
                            format::CableFromJson(Dump(j.at("content")), std::string(key)));
  const Json& rule = j.at("rule");
  spec.rule.clearers = rule.at("clearers").get<std::vector<std::string>>();
  spec.rule.approvers = rule.at("approvers").get<std::vector<std::string>>();
  spec.rule.required = rule.at("required").get<uint32_t>();
  spec.conditions = j.at("conditions").get<std::vector<std::string>>();
  if (!j.at("reply_by_micros").is_null()) {
    spec.reply_by_micros = j.at("reply_by_micros").get<int64_t>();
  }
  return spec;
}

Json SignatureToJson(const Signature& s) {
  return Json{{"signer", s.signer},
              {"public_key", s.public_key},
              {"digest", s.digest},
              {"value", s.value},
              {"time_micros", s.time_micros}};
}

Signature SignatureFromJson(const Json& j) {
  Signature s;
  s.signer = j.at("signer").get<std::string>();
  s.public_key = j.at("public_key").get<std::string>();
  s.digest = j.at("digest").get<std::string>();
  s.value = j.at("value").get<std::string>();
  s.time_micros = j.at("time_micros").get<int64_t>();
  return s;
}

Json StepToJson(const ApprovalStep& step) {
  return Json{{"kind", static_cast<int>(step.kind)},
              {"user", step.user},
              {"state", static_cast<int>(step.state)},
              {"comment", step.comment},
              {"draft_version", step.draft_version},
              {"signature", step.signature ? SignatureToJson(*step.signature) : Json()},
              {"time_micros", step.time_micros}};
}

Result<ApprovalStep> StepFromJson(const Json& j, std::string_view key) {
  ApprovalStep step;
  const int kind = j.at("kind").get<int>();
  const int state = j.at("state").get<int>();
  if (kind < 0 || kind > static_cast<int>(StepKind::kCondition) || state < 0 ||
      state > static_cast<int>(StepState::kVoided)) {
    return Corruption("draft row " + std::string(key) + ": bad step kind or state");
  }
  step.kind = static_cast<StepKind>(kind);
  step.state = static_cast<StepState>(state);
  step.user = j.at("user").get<std::string>();
  step.comment = j.at("comment").get<std::string>();
  step.draft_version = j.at("draft_version").get<int64_t>();
  if (!j.at("signature").is_null()) {
    step.signature = SignatureFromJson(j.at("signature"));
  }
  step.time_micros = j.at("time_micros").get<int64_t>();
  return step;
}

Result<Draft> DraftFromJsonValue(const Json& j, std::string_view key) {
  Draft d;
  d.id = j.at("id").get<std::string>();
  d.version = j.at("version").get<int64_t>();
  const int state = j.at("state").get<int>();
  if (state < 0 || state > static_cast<int>(DraftState::kReleased)) {
    return Corruption("draft row " + std::string(key) + ": bad state " + std::to_string(state));
  }
  d.state = static_cast<DraftState>(state);
  d.drafter = j.at("drafter").get<std::string>();
  CHANCERY_ASSIGN_OR_RETURN(d.spec, SpecFromJsonValue(j.at("spec"), key));
  d.banner = LabelFromJson(j.at("banner"));
  for (const Json& step : j.at("steps")) {
    CHANCERY_ASSIGN_OR_RETURN(ApprovalStep s, StepFromJson(step, key));
    d.steps.push_back(std::move(s));
  }
  d.created_micros = j.at("created_micros").get<int64_t>();
  d.updated_micros = j.at("updated_micros").get<int64_t>();
  d.released_cable_id = j.at("released_cable_id").get<std::string>();
  if (auto editors = j.find("editors"); editors != j.end()) {
    d.editors = editors->get<std::vector<std::string>>();  // absent before issue 12
  }
  return d;
}

Directory DirectoryFromJsonValue(const Json& j) {
  Directory d;
  for (const Json& o : j.at("organizations")) {
    d.organizations.push_back({o.at("id").get<std::string>(), o.at("name").get<std::string>()});
  }
  for (const Json& o : j.at("offices")) {
    Office office;
    office.id = o.at("id").get<std::string>();
    office.name = o.at("name").get<std::string>();
    office.kind = static_cast<OfficeKind>(o.at("kind").get<int>());
    office.organization = o.at("organization").get<std::string>();
    office.parent = o.at("parent").get<std::string>();
    office.clearance = ClearanceFromJson(o.at("clearance"));
    office.series = o.at("series").get<std::string>();
    office.escalation = o.value("escalation", "");  // absent before issue 12
    d.offices.push_back(std::move(office));
  }
  for (const Json& g : j.at("groups")) {
    d.groups.push_back({g.at("id").get<std::string>(), g.at("name").get<std::string>(),
                        g.at("members").get<std::vector<std::string>>()});
  }
  for (const Json& g : j.at("grants")) {
    d.grants.push_back({g.at("user").get<std::string>(), static_cast<Role>(g.at("role").get<int>()),
                        g.at("office").get<std::string>()});
  }
  if (auto people = j.find("people"); people != j.end()) {  // absent before issue 12
    for (const Json& p : *people) {
      d.people.push_back({p.at("user").get<std::string>(), p.at("name").get<std::string>()});
    }
  }
  return d;
}

// Runs `fn` over the parsed body, turning any JSON error into kCorruption naming the row.
template <typename T, typename Fn>
Result<T> Decode(std::string_view json, std::string_view what, Fn fn) {
  Json j = Json::parse(json, nullptr, false);
  if (j.is_discarded()) {
    return Corruption(std::string(what) + ": malformed json");
  }
  try {
    return fn(j);
  } catch (const Json::exception& e) {
    return Corruption(std::string(what) + ": " + e.what());
  }
}

}  // namespace

std::string DraftSpecToJson(const DraftSpec& spec) {
  return Dump(SpecToJsonValue(spec));
}

Result<DraftSpec> DraftSpecFromJson(std::string_view json, std::string_view key) {
  return Decode<DraftSpec>(json, std::string(kDraftVersions) + "/" + std::string(key),
                           [&](const Json& j) { return SpecFromJsonValue(j, key); });
}

std::string DraftToJson(const Draft& draft) {
  Json steps = Json::array();
  for (const ApprovalStep& step : draft.steps) {
    steps.push_back(StepToJson(step));
  }
  Json j{{"id", draft.id},
         {"version", draft.version},
         {"state", static_cast<int>(draft.state)},
         {"drafter", draft.drafter},
         {"spec", SpecToJsonValue(draft.spec)},
         {"banner", LabelToJson(draft.banner)},
         {"steps", std::move(steps)},
         {"created_micros", draft.created_micros},
         {"updated_micros", draft.updated_micros},
         {"released_cable_id", draft.released_cable_id},
         {"editors", draft.editors}};
  return Dump(j);
}

Result<Draft> DraftFromJson(std::string_view json, std::string_view key) {
  return Decode<Draft>(json, std::string(kDrafts) + "/" + std::string(key),
                       [&](const Json& j) { return DraftFromJsonValue(j, key); });
}

std::string DirectoryToJson(const Directory& directory) {
  Json orgs = Json::array();
  for (const Organization& o : directory.organizations) {
    orgs.push_back(Json{{"id", o.id}, {"name", o.name}});
  }
  Json offices = Json::array();
  for (const Office& o : directory.offices) {
    offices.push_back(Json{{"id", o.id},
                           {"name", o.name},
                           {"kind", static_cast<int>(o.kind)},
                           {"organization", o.organization},
                           {"parent", o.parent},
                           {"clearance", ClearanceToJson(o.clearance)},
                           {"series", o.series},
                           {"escalation", o.escalation}});
  }
  Json groups = Json::array();
  for (const AddresseeGroup& g : directory.groups) {
    groups.push_back(Json{{"id", g.id}, {"name", g.name}, {"members", g.members}});
  }
  Json grants = Json::array();
  for (const RoleGrant& g : directory.grants) {
    grants.push_back(
        Json{{"user", g.user}, {"role", static_cast<int>(g.role)}, {"office", g.office}});
  }
  Json people = Json::array();
  for (const Person& p : directory.people) {
    people.push_back(Json{{"user", p.user}, {"name", p.name}});
  }
  return Dump(Json{{"organizations", std::move(orgs)},
                   {"offices", std::move(offices)},
                   {"groups", std::move(groups)},
                   {"grants", std::move(grants)},
                   {"people", std::move(people)}});
}

Result<Directory> DirectoryFromJson(std::string_view json) {
  return Decode<Directory>(json, std::string(kDirectory) + "/current", [](const Json& j) {
    return Result<Directory>(DirectoryFromJsonValue(j));
  });
}

}  // namespace chancery::desk::internal
