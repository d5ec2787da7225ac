// JSON forms of the cable desk's values (DTO mapping for the desk routes; docs/api/openapi.yaml
// has the schemas). Times are ISO 8601 UTC strings ("2026-11-26T22:53:42Z"), null when unset.
// Pure; never throws.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "chancery/base/result.h"
#include "chancery/desk/desk.h"

namespace chancery::server {

// "2026-11-26T22:53:42Z", or null for 0.
nlohmann::json IsoMicros(int64_t micros);
// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ" (UTC); kInvalidArgument naming `what`.
Result<int64_t> ParseIsoMicros(std::string_view text, std::string_view what);

// A draft spec from a request body: {office, text (cable text, docs/format/cable-text.md) or
// content (a cable in the JSON of docs/format/json.md), rule: {clearers, approvers, required},
// conditions, reply_by}. kInvalidArgument naming the member; cable errors keep their
// "draft:line:col" position.
Result<desk::DraftSpec> DraftSpecFromJson(const nlohmann::json& body);

nlohmann::json DraftSpecJson(const desk::DraftSpec& spec);
nlohmann::json DraftJson(const desk::Draft& draft);
nlohmann::json ReleaseJson(const desk::Release& release);
nlohmann::json DeliveryJson(const desk::Delivery& delivery);
nlohmann::json InboxItemJson(const desk::InboxItem& item);
nlohmann::json EscalationJson(const desk::Escalation& escalation);
nlohmann::json ThreadJson(const desk::ThreadNode& node);
// {version, text (the directory file format), organizations, offices, groups, grants}.
nlohmann::json DirectoryJson(const desk::Directory& directory, int64_t version);

}  // namespace chancery::server
