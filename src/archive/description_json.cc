// JSON forms of description edits, histories, diffs and edit requests (docs/server.md
// "Description"). nlohmann::json exceptions are caught here and become a Status.
#include <exception>

#include <nlohmann/json.hpp>

#include "chancery/archive/description.h"
#include "chancery/base/clock.h"

namespace chancery::archive {
namespace {

using Json = nlohmann::ordered_json;

Json ChangeJson(const FieldChange& c) {
  return Json{{"field", c.field},    {"list", c.list},   {"old", c.old_values},
              {"new", c.new_values}, {"added", c.added}, {"removed", c.removed}};
}

Json EditJson(const DescriptionEdit& e) {
  Json changes = Json::array();
  for (const FieldChange& c : e.changes) {
    changes.push_back(ChangeJson(c));
  }
  return Json{{"number", e.number},
              {"record", e.record_id},
              {"base_version", e.base_version},
              {"new_version", e.new_version},
              {"editor", e.editor},
              {"time", FormatIsoUtc(e.micros)},
              {"micros", e.micros},
              {"changes", changes},
              {"public_key", e.public_key},
              {"signature", e.signature},
              {"verified", e.void_reason.empty()},
              {"void_reason", e.void_reason}};
}

}  // namespace

std::string DescriptionEditToJson(const DescriptionEdit& edit) {
  return EditJson(edit).dump();
}

std::string DescriptionHistoryToJson(std::string_view id, int64_t current_version,
                                     const std::vector<DescriptionEdit>& edits) {
  Json list = Json::array();
  for (const DescriptionEdit& e : edits) {
    list.push_back(EditJson(e));
  }
  return Json{{"record", std::string(id)}, {"current_version", current_version}, {"edits", list}}
      .dump();
}

std::string DescriptionDiffToJson(const DescriptionDiff& diff) {
  Json fields = Json::array();
  for (const FieldChange& c : diff.fields) {
    fields.push_back(ChangeJson(c));
  }
  return Json{{"record", diff.record_id},
              {"from", diff.from},
              {"to", diff.to},
              {"fields", fields},
              {"other_changes", diff.other_changes}}
      .dump();
}

Result<DescriptionRequest> DescriptionRequestFromJson(std::string_view body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return InvalidArgument("description edit: the body is not a JSON object");
  }
  DescriptionRequest r;
  for (const auto& [key, value] : j.items()) {
    if (key != "base_version" && key != "changes") {
      return InvalidArgument("description edit: unknown member \"" + key + "\"");
    }
  }
  if (j.contains("base_version")) {
    if (!j["base_version"].is_number_integer() || j["base_version"].get<int64_t>() < 1) {
      return InvalidArgument("description edit: base_version: a version number (1, 2, ...)");
    }
    r.base_version = j["base_version"].get<int64_t>();
  }
  if (!j.contains("changes") || !j["changes"].is_array()) {
    return InvalidArgument("description edit: changes: an array of {op, field, value}");
  }
  size_t i = 0;
  for (const nlohmann::json& c : j["changes"]) {
    const std::string where = "description edit: changes[" + std::to_string(i++) + "]";
    if (!c.is_object()) {
      return InvalidArgument(where + ": not an object");
    }
    for (const auto& [key, value] : c.items()) {
      if (key != "op" && key != "field" && key != "value") {
        return InvalidArgument(where + ": unknown member \"" + key + "\"");
      }
      if (!value.is_string()) {
        return InvalidArgument(where + "." + key + ": not a string");
      }
    }
    DescriptionChange change;
    const std::string op = c.value("op", "");
    if (op == "set") {
      change.op = DescriptionOp::kSet;
    } else if (op == "add") {
      change.op = DescriptionOp::kAdd;
    } else if (op == "remove") {
      change.op = DescriptionOp::kRemove;
    } else {
      return InvalidArgument(where + ".op: \"" + op + "\" is not set, add or remove");
    }
    change.field = c.value("field", "");
    change.value = c.value("value", "");
    r.changes.push_back(std::move(change));
  }
  return r;
}

}  // namespace chancery::archive
