// Committed fields of a record and redaction of withheld runs (docs/format/proof.md §3, §6.2).
// nlohmann::json exceptions are caught here and become a Status.
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/format/json.h"

#include "archive/commitment_internal.h"

namespace chancery::archive {
namespace internal {

bool IsCommittedPointer(std::string_view pointer) {
  for (std::string_view excluded : {"/id", "/current_label", "/publication"}) {
    if (pointer.substr(0, excluded.size()) == excluded &&
        (pointer.size() == excluded.size() || pointer[excluded.size()] == '/')) {
      return false;
    }
  }
  return true;
}

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<LeafUnit> FieldUnits(const Field& field, size_t field_index) {
  std::vector<LeafUnit> out;
  if (!field.is_string) {
    out.push_back({field_index, 0, "json:" + field.value, false});
    return out;
  }
  std::vector<Unit> units = SplitUnits(field.value);
  if (units.empty()) {
    out.push_back({field_index, 0, "", false});
    return out;
  }
  out.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    out.push_back({field_index, i, std::move(units[i].text), units[i].word});
  }
  return out;
}

std::vector<LeafUnit> AllUnits(const std::vector<Field>& fields) {
  std::vector<LeafUnit> all;
  for (size_t f = 0; f < fields.size(); ++f) {
    std::vector<LeafUnit> units = FieldUnits(fields[f], f);
    all.insert(all.end(), std::make_move_iterator(units.begin()),
               std::make_move_iterator(units.end()));
  }
  return all;
}

}  // namespace internal

namespace {

using Ordered = nlohmann::ordered_json;

Result<Ordered> OrderedJsonOf(const model::Cable& cable) {
  Ordered json = Ordered::parse(format::CableToJson(cable), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Internal("cable " + cable.id + ": its JSON form does not parse");
  }
  return json;
}

std::string RunName(const WithheldRun& run) {
  return "field " + run.pointer + ": units " + std::to_string(run.first_unit) + ".." +
         std::to_string(run.end_unit);
}

// Checks the runs of one string field (sorted by first unit) against its units.
Status CheckRuns(const std::vector<Unit>& units, const std::vector<const WithheldRun*>& runs) {
  size_t previous_end = 0;
  for (const WithheldRun* run : runs) {
    if (run->first_unit >= run->end_unit || run->end_unit > units.size()) {
      return InvalidArgument(RunName(*run) + ": empty or out of range (the field has " +
                             std::to_string(units.size()) + " units)");
    }
    if (!units[run->first_unit].word || !units[run->end_unit - 1].word) {
      return InvalidArgument(RunName(*run) + ": a run must start and end on a word unit");
    }
    if (run->first_unit < previous_end) {
      return InvalidArgument(RunName(*run) + ": overlaps another withheld run");
    }
    previous_end = run->end_unit;
  }
  return Status::Ok();
}

std::string Redact(const std::vector<Unit>& units, const std::vector<const WithheldRun*>& runs) {
  std::string out;
  size_t at = 0;
  for (const WithheldRun* run : runs) {
    for (; at < run->first_unit; ++at) {
      out += units[at].text;
    }
    out += run->marker;
    at = run->end_unit;
  }
  for (; at < units.size(); ++at) {
    out += units[at].text;
  }
  return out;
}

Result<model::Cable> Apply(const model::Cable& original, const std::vector<WithheldRun>& runs) {
  CHANCERY_ASSIGN_OR_RETURN(Ordered json, OrderedJsonOf(original));
  std::vector<std::pair<std::string, Ordered*>> leaves;
  std::string pointer;
  internal::CollectLeaves(json, pointer, /*committed_only=*/true, &leaves);
  for (const WithheldRun& run : runs) {
    const bool known = std::any_of(leaves.begin(), leaves.end(),
                                   [&](const auto& leaf) { return leaf.first == run.pointer; });
    if (!known) {
      return InvalidArgument(RunName(run) + ": no committed field has this pointer");
    }
  }
  for (auto& [leaf_pointer, leaf] : leaves) {
    std::vector<const WithheldRun*> field_runs;
    for (const WithheldRun& run : runs) {
      if (run.pointer == leaf_pointer) {
        field_runs.push_back(&run);
      }
    }
    if (field_runs.empty()) {
      continue;
    }
    if (!leaf->is_string()) {
      return InvalidArgument(RunName(*field_runs.front()) + ": not a string field");
    }
    std::sort(field_runs.begin(), field_runs.end(),
              [](const auto* a, const auto* b) { return a->first_unit < b->first_unit; });
    const std::vector<Unit> units = SplitUnits(leaf->get<std::string>());
    CHANCERY_RETURN_IF_ERROR(CheckRuns(units, field_runs));
    *leaf = Redact(units, field_runs);
  }
  Result<model::Cable> redacted = format::CableFromJson(json.dump());
  if (!redacted.ok()) {
    return InvalidArgument(
        "cable " + original.id +
        ": the redacted version is not a valid cable: " + std::string(redacted.status().message()));
  }
  return redacted;
}

}  // namespace

Result<std::vector<Field>> CommittedFields(const model::Cable& cable) {
  try {
    CHANCERY_ASSIGN_OR_RETURN(Ordered json, OrderedJsonOf(cable));
    std::vector<std::pair<std::string, Ordered*>> leaves;
    std::string pointer;
    internal::CollectLeaves(json, pointer, /*committed_only=*/true, &leaves);
    std::vector<Field> fields;
    fields.reserve(leaves.size());
    for (const auto& [leaf_pointer, leaf] : leaves) {
      fields.push_back(internal::FieldOf(leaf_pointer, *leaf));
    }
    return fields;
  } catch (const std::exception& e) {
    return Internal("cable " + cable.id + ": " + e.what());
  }
}

Result<model::Cable> ApplyRedactions(const model::Cable& original,
                                     const std::vector<WithheldRun>& runs) {
  try {
    return Apply(original, runs);
  } catch (const std::exception& e) {
    return InvalidArgument("cable " + original.id + ": " + e.what());
  }
}

}  // namespace chancery::archive
