// JSON forms of the archive's values (DTO mapping for the review routes; docs/api/openapi.yaml
// has the schemas). Times are ISO 8601 UTC strings, null when unset; spans are in their text
// form ("/body/3/text#w5-7", "" for the whole record). Pure; never throws.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/archive/archive.h"
#include "chancery/base/result.h"
#include "chancery/security/policy.h"

namespace chancery::server {

nlohmann::json DecisionJson(const archive::Decision& d);
nlohmann::json PublishedVersionJson(const archive::PublishedVersion& p);
nlohmann::json ReviewRequestJson(const archive::ReviewRequest& r);
nlohmann::json QueueItemJson(const archive::QueueItem& item);
// {code, text, authority} per exemption the policy defines, in the policy's order.
nlohmann::json ExemptionsJson(const std::vector<security::Exemption>& exemptions);
// The review of one record, with the policy's exemption codes (what a reviewer may pick from).
nlohmann::json ReviewStatusJson(const archive::ReviewStatus& status,
                                const std::vector<security::Exemption>& exemptions);

// The spans of a request body: member `name`, a list of span texts (archive::Span::Parse).
// kInvalidArgument "member NAME: ..." naming the bad span.
Result<std::vector<archive::Span>> SpansMember(const nlohmann::json& body, std::string_view name);

}  // namespace chancery::server
