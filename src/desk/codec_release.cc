// JSON bodies of the release and delivery rows (docs/desk.md "Release", "Distribution and
// delivery"). Bodies are compact: members equal to their default are omitted. nlohmann::json
// exceptions are caught here and become kCorruption naming the collection and key.
#include <exception>
#include <string>

#include <nlohmann/json.hpp>

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

using Json = nlohmann::json;

Status Malformed(std::string_view collection, std::string_view key, std::string_view what) {
  return Corruption(std::string(collection) + "/" + std::string(key) + ": " + std::string(what));
}

template <typename T>
void PutIf(Json& j, const char* name, const T& value, const T& fallback) {
  if (value != fallback) {
    j[name] = value;
  }
}

Json SignatureJson(const Signature& s) {
  return Json{{"signer", s.signer},
              {"public_key", s.public_key},
              {"digest", s.digest},
              {"value", s.value},
              {"time", s.time_micros}};
}

Signature SignatureFrom(const Json& j) {
  Signature s;
  s.signer = j.value("signer", "");
  s.public_key = j.value("public_key", "");
  s.digest = j.value("digest", "");
  s.value = j.value("value", "");
  s.time_micros = j.value("time", int64_t{0});
  return s;
}

Json ReleaseJson(const Release& r) {
  Json j{{"cable", r.cable_id},
         {"draft", r.draft_id},
         {"series", r.serial.series},
         {"year", r.serial.year},
         {"number", r.serial.number},
         {"serial", r.serial.original},
         {"dtg", r.dtg},
         {"released", r.released_micros},
         {"releaser", r.releaser},
         {"signature", SignatureJson(r.signature)},
         {"recipients", r.recipients}};
  // docs/desk.md "Storage": a v1 row has no commitment members; a v2 row no v1 ones.
  if (r.commitment_version >= 2) {
    j["commitment_version"] = r.commitment_version;
    j["commitment_seed"] = r.commitment_seed;
    j["commitment_root"] = r.commitment_root;
  } else {
    j["text_digest"] = r.text_digest;
    j["merkle_root"] = r.merkle_root;
    j["salts"] = r.salts;
  }
  return j;
}

Release ReleaseFrom(const Json& j) {
  Release r;
  r.cable_id = j.at("cable").get<std::string>();
  r.draft_id = j.value("draft", "");
  r.serial.series = j.value("series", "");
  r.serial.year = j.value("year", int32_t{0});
  r.serial.number = j.value("number", int64_t{0});
  r.serial.original = j.value("serial", "");
  r.dtg = j.value("dtg", "");
  r.released_micros = j.value("released", int64_t{0});
  r.releaser = j.value("releaser", "");
  r.commitment_version = j.value("commitment_version", int32_t{1});
  r.commitment_seed = j.value("commitment_seed", "");
  r.commitment_root = j.value("commitment_root", "");
  r.text_digest = j.value("text_digest", "");
  r.merkle_root = j.value("merkle_root", "");
  r.salts = j.value("salts", std::vector<std::string>{});
  if (j.contains("signature")) {
    r.signature = SignatureFrom(j.at("signature"));
  }
  r.recipients = j.value("recipients", std::vector<std::string>{});
  return r;
}

Json DeliveryJson(const Delivery& d) {
  Json j{{"cable", d.cable_id}, {"office", d.office}};
  if (d.role != model::AddresseeRole::kAction) {
    j["role"] = std::string(model::AddresseeRoleName(d.role));
  }
  j["precedence"] = std::string(model::PrecedenceRankName(d.precedence));
  j["dtg"] = d.dtg;
  j["queued"] = d.queued_micros;
  PutIf<int64_t>(j, "due", d.due_micros, 0);
  PutIf<bool>(j, "requires_ack", d.requires_ack, false);
  j["state"] = std::string(DeliveryStateName(d.state));
  PutIf<std::string>(j, "reason", d.reason, "");
  PutIf<int64_t>(j, "delivered", d.delivered_micros, 0);
  PutIf<std::string>(j, "acknowledged_by", d.acknowledged_by, "");
  PutIf<int64_t>(j, "acknowledged", d.acknowledged_micros, 0);
  PutIf<int64_t>(j, "escalated", d.escalated_micros, 0);
  return j;
}

bool ParseDeliveryState(std::string_view name, DeliveryState* state) {
  for (DeliveryState s : {DeliveryState::kQueued, DeliveryState::kDelivered,
                          DeliveryState::kAcknowledged, DeliveryState::kNonDelivered}) {
    if (DeliveryStateName(s) == name) {
      *state = s;
      return true;
    }
  }
  return false;
}

Result<Delivery> DeliveryFrom(const Json& j, std::string_view key) {
  Delivery d;
  d.cable_id = j.at("cable").get<std::string>();
  d.office = j.at("office").get<std::string>();
  const std::string role = j.value("role", "action");
  d.role = role == "info" ? model::AddresseeRole::kInfo : model::AddresseeRole::kAction;
  if (!model::ParsePrecedenceRank(j.value("precedence", "ROUTINE"), &d.precedence)) {
    return Malformed(kDeliveries, key, "unknown precedence");
  }
  d.dtg = j.value("dtg", "");
  d.queued_micros = j.value("queued", int64_t{0});
  d.due_micros = j.value("due", int64_t{0});
  d.requires_ack = j.value("requires_ack", false);
  if (!ParseDeliveryState(j.value("state", "queued"), &d.state)) {
    return Malformed(kDeliveries, key, "unknown delivery state");
  }
  d.reason = j.value("reason", "");
  d.delivered_micros = j.value("delivered", int64_t{0});
  d.acknowledged_by = j.value("acknowledged_by", "");
  d.acknowledged_micros = j.value("acknowledged", int64_t{0});
  d.escalated_micros = j.value("escalated", int64_t{0});
  return d;
}

Result<Json> ParseObject(std::string_view json, std::string_view collection, std::string_view key) {
  Json j = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) {
    return Malformed(collection, key, "body is not a json object");
  }
  return j;
}

}  // namespace

std::string ReleaseToJson(const Release& release) {
  return ReleaseJson(release).dump();
}

Result<Release> ReleaseFromJson(std::string_view json, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(Json j, ParseObject(json, kReleases, key));
  try {
    return ReleaseFrom(j);
  } catch (const std::exception& e) {
    return Malformed(kReleases, key, e.what());
  }
}

std::string DeliveryToJson(const Delivery& delivery) {
  return DeliveryJson(delivery).dump();
}

Result<Delivery> DeliveryFromJson(std::string_view json, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(Json j, ParseObject(json, kDeliveries, key));
  try {
    return DeliveryFrom(j, key);
  } catch (const std::exception& e) {
    return Malformed(kDeliveries, key, e.what());
  }
}

std::string ReleaseRowToJson(const ReleaseRow& row) {
  Json j = ReleaseJson(row.release);
  Json meta{{"class", row.meta.access_class},
            {"office", row.meta.office},
            {"title", row.meta.title},
            {"label", row.meta.label}};
  if (row.meta.reply_by_micros.has_value()) {
    meta["reply_by"] = *row.meta.reply_by_micros;
  }
  if (!row.meta.parents.empty()) {
    meta["parents"] = row.meta.parents;
  }
  j["meta"] = std::move(meta);
  return j.dump();
}

Result<ReleaseRow> ReleaseRowFromJson(std::string_view json, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(Json j, ParseObject(json, kReleases, key));
  try {
    ReleaseRow row;
    row.release = ReleaseFrom(j);
    const Json& meta = j.at("meta");
    row.meta.access_class = meta.at("class").get<std::string>();
    row.meta.office = meta.value("office", "");
    row.meta.title = meta.value("title", "");
    row.meta.label = meta.value("label", "");
    if (meta.contains("reply_by")) {
      row.meta.reply_by_micros = meta.at("reply_by").get<int64_t>();
    }
    row.meta.parents = meta.value("parents", std::vector<std::string>{});
    return row;
  } catch (const std::exception& e) {
    return Malformed(kReleases, key, e.what());
  }
}

std::string DeliveryRowToJson(const DeliveryRow& row) {
  Json j = DeliveryJson(row.delivery);
  j["class"] = row.access_class;
  j["title"] = row.title;
  j["serial"] = row.serial;
  j["label"] = row.label;
  return j.dump();
}

Result<DeliveryRow> DeliveryRowFromJson(std::string_view json, std::string_view key) {
  CHANCERY_ASSIGN_OR_RETURN(Json j, ParseObject(json, kDeliveries, key));
  try {
    DeliveryRow row;
    CHANCERY_ASSIGN_OR_RETURN(row.delivery, DeliveryFrom(j, key));
    row.access_class = j.at("class").get<std::string>();
    row.title = j.value("title", "");
    row.serial = j.value("serial", "");
    row.label = j.value("label", "");
    return row;
  } catch (const std::exception& e) {
    return Malformed(kDeliveries, key, e.what());
  }
}

}  // namespace chancery::desk::internal
