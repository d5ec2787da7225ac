// Serials for archive backfill (docs/desk.md "Serials"): a registry officer sets where a series'
// numbering starts in a year, so that a cable entered in 2026 from the 1963 register can be
// released as "(63) B-Yin-692". The store's gapless sequence still counts 1, 2, 3...; the start
// row shifts it, and may be set only while the sequence is unused, so that the shifted numbers
// stay gapless and unique and never go backwards.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chancery/desk/directory_edit.h"

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

constexpr std::string_view kSerialStartAction = "desk.serial.start";

std::string StartKey(std::string_view series, int32_t year) {
  return std::string(series) + "/" + std::to_string(year);
}

// The start set for (series, year): the first serial number, if any.
Result<std::optional<int64_t>> ReadStart(store::Txn& txn, std::string_view series, int32_t year) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            txn.GetDoc(kSerialStarts, StartKey(series, year)));
  if (!row.has_value()) {
    return std::optional<int64_t>();
  }
  const nlohmann::json j = nlohmann::json::parse(row->body, nullptr, false);
  if (!j.is_object() || !j.contains("first") || !j["first"].is_number_integer()) {
    return Corruption("desk.serial-start row " + row->key + ": no integer \"first\"");
  }
  return std::optional<int64_t>(j["first"].get<int64_t>());
}

Status CheckArguments(std::string_view series, int32_t year, int64_t first) {
  if (!IsValidDirectoryId(series)) {
    return InvalidArgument("series \"" + std::string(series) + "\" is not [A-Za-z0-9._-]{1,64}");
  }
  if (year < 1 || year > 9999) {
    return InvalidArgument("serial year " + std::to_string(year) + " is not in 1..9999");
  }
  if (first < 1) {
    return InvalidArgument("first serial " + std::to_string(first) + " is not at least 1");
  }
  return Status::Ok();
}

// Sets the start inside `txn`; *decision says what was done, for the audit entry.
Status SetStartInTxn(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                     std::string_view series, int32_t year, int64_t first, std::string* decision) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t issued, txn.PeekSequence(SerialSequence(series, year)));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> start, ReadStart(txn, series, year));
  const std::string wanted = RenderSerial(series, year, first);
  if (issued > 0) {
    const int64_t last = start.value_or(1) - 1 + issued;
    if (first == last + 1) {
      *decision = "ok: unchanged, next " + wanted;
      return Status::Ok();
    }
    return FailedPrecondition(
        "series " + std::string(series) + " year " + std::to_string(year) +
        " has issued serials up to " + RenderSerial(series, year, last) + ": starting at " +
        wanted +
        (first <= last ? " would reuse a serial or go backwards"
                       : " would leave a gap (the next is " + std::to_string(last + 1) + ")"));
  }
  store::DocRow row;
  row.collection = std::string(kSerialStarts);
  row.key = StartKey(series, year);
  row.body =
      nlohmann::json{{"first", first}, {"set_by", actor.name}, {"time_micros", desk.NowMicros()}}
          .dump();
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
  *decision = "ok: next " + wanted;
  return Status::Ok();
}

}  // namespace

Result<int64_t> NextSerial(store::Txn& txn, std::string_view series, int32_t year) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> start, ReadStart(txn, series, year));
  CHANCERY_ASSIGN_OR_RETURN(int64_t value, txn.NextSequence(SerialSequence(series, year)));
  return start.value_or(1) - 1 + value;
}

Status DeskImpl::SetSerialStart(const security::Subject& actor, std::string_view series,
                                int32_t year, int64_t first) {
  const std::string target = StartKey(series, year);
  std::string decision;
  Status done = CheckArguments(series, year, first);
  if (done.ok() && !actor.administrator) {
    done = PermissionDenied("user " + actor.name +
                            " may not set serial starts: registry officers (administrators) only");
  }
  if (done.ok()) {
    done = store().Transact([&](store::Txn& txn) -> Status {
      CHANCERY_RETURN_IF_ERROR(SetStartInTxn(*this, txn, actor, series, year, first, &decision));
      return AppendAudit(txn, {Event(actor, std::string(kSerialStartAction), target, decision)});
    });
  }
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, std::string(kSerialStartAction), target,
                                             "deny: " + std::string(done.message()))));
    return done;
  }
  return AfterMutation();
}

}  // namespace chancery::desk::internal
