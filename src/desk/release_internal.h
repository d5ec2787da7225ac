// Release, delivery and thread internals shared by release.cc, release_*.cc, delivery.cc,
// thread.cc and codec_release.cc (docs/desk.md "Release", "Distribution and delivery",
// "Threads"). Pure helpers (time, serials, recipient expansion) and the store rows that carry,
// beside the public Release/Delivery values, what listings need to decide access and show a line
// without loading the record. Private to src/desk; thread-compatible values, pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/desk/desk.h"
#include "chancery/desk/directory.h"
#include "chancery/model/cable.h"
#include "chancery/security/decide.h"

#include "desk/desk_impl.h"

namespace chancery::desk::internal {

// Rendered serial -> cable id of every released cable, so that a reference naming a serial
// ("(63) B-Yin-692") resolves inside a transaction. Body = the cable id.
inline constexpr std::string_view kSerials = "desk.serial";
// Inbox pages: how many queue rows one Inbox/Overdue call reads at most per page.
inline constexpr size_t kPageSize = 200;

// A UTC calendar time from microseconds since the epoch (negative = before 1970).
struct UtcTime {
  int32_t year = 1970;
  int32_t month = 1;
  int32_t day = 1;
  int32_t hour = 0;
  int32_t minute = 0;
  int32_t second = 0;
};

UtcTime ToUtc(int64_t micros);
// The date-time group "DDHHMMZ MON YY" in UTC (../shared/reference/cable-desk.md §B.2),
// e.g. "131200Z MAR 63".
std::string FormatDtg(int64_t micros);
// The release moment as a model::Date of minute precision ("1963-03-13T12:00Z").
model::Date ReleaseDate(int64_t micros);
// "(<yy>) <series>-<n>" as on the seed: RenderSerial("B-Yin", 1963, 692) == "(63) B-Yin-692".
std::string RenderSerial(std::string_view series, int32_t year, int64_t number);
// "<series>-<year>-<n>" with every byte outside [A-Za-z0-9._:-] replaced by '_'.
std::string SerialCableId(std::string_view series, int32_t year, int64_t number);

// The next serial number of `series` in `year` inside `txn` (serial_start.cc): the sequence's
// next value, shifted by the start a registry officer set for archive backfill, if any.
Result<int64_t> NextSerial(store::Txn& txn, std::string_view series, int32_t year);

// One recipient office of a release, after group expansion.
struct Recipient {
  std::string office;
  model::AddresseeRole role = model::AddresseeRole::kAction;
  model::PrecedenceRank rank = model::PrecedenceRank::kRoutine;
  std::string via;  // the addressee that reached it first: the office itself or a group id
};

// The recipient offices of `addressees` (each names an office or group of `directory`), sorted by
// office and unique. An office reached twice keeps the highest precedence, and the action role
// if any addressee reaching it is an action one. An addressee without its own precedence gets
// `cable_rank`; kUnknown ranks become ROUTINE. kFailedPrecondition naming an addressee that is
// neither an office nor a group.
Result<std::vector<Recipient>> ExpandRecipients(const Directory& directory,
                                                const std::vector<model::Addressee>& addressees,
                                                model::PrecedenceRank cable_rank);

// What the desk keeps about a released cable besides its Release.
struct CableMeta {
  std::string access_class;  // security::AccessClass::Key() of the record
  std::string office;        // drafting office id
  std::string title;         // model::DisplayTitle
  std::string label;         // banner
  std::optional<int64_t> reply_by_micros;
  std::vector<std::string> parents;  // ids of the released cables it references, in order
};

// A kReleases row.
struct ReleaseRow {
  Release release;
  CableMeta meta;
};

std::string ReleaseRowToJson(const ReleaseRow& row);
// kCorruption naming the key for malformed JSON.
Result<ReleaseRow> ReleaseRowFromJson(std::string_view json, std::string_view key);

// A kDeliveries / kDue / kEscalations row: the delivery and what an inbox line shows.
struct DeliveryRow {
  Delivery delivery;
  std::string access_class;  // of the cable
  std::string title;
  std::string serial;  // rendered
  std::string label;   // banner
};

std::string DeliveryRowToJson(const DeliveryRow& row);
Result<DeliveryRow> DeliveryRowFromJson(std::string_view json, std::string_view key);

// Queues the deliveries of a release inside its transaction (release_queue.cc): one kDeliveries
// row per recipient office, kNonDelivered with the reason (and never in any queue) when the
// office may not read the cable; a kDue row per delivery that requires acknowledgement; the
// audit events. Decides once per distinct office clearance.
struct QueueInput {
  const Directory* directory = nullptr;
  const ReleaseRow* row = nullptr;
  const std::vector<Recipient>* recipients = nullptr;
};

Status QueueDeliveries(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                       const QueueInput& input);

// Records the release in its threads inside its transaction (thread.cc): a kReplies row per
// referenced released cable (closing that cable's kReplyDue row) and a kReplyDue row when the
// cable expects replies by a time.
Status RecordThread(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                    const ReleaseRow& row);

// Whether `delivery` has missed its handling-time objective at `now_micros`: not acknowledged
// when it requires acknowledgement, else still queued (never listed in an inbox).
bool IsOverdue(const Delivery& delivery, int64_t now_micros);

// "no cable ID": the one answer for a missing cable and for one the actor may not read.
Status NoCable(std::string_view cable_id);

// Decides reads by access-class key, once per distinct key (listings see few distinct classes).
// A key that does not parse is denied. Not thread-safe; one per call.
class ClassDecider {
 public:
  ClassDecider(const security::Policy& policy, const security::Subject& subject)
      : policy_(policy), subject_(subject) {}

  bool MayRead(const std::string& class_key);

 private:
  const security::Policy& policy_;
  const security::Subject& subject_;
  std::vector<std::pair<std::string, bool>> seen_;
};

// The kReleases row of `cable_id` through `txn` (or the store when txn is null), if `actor` may
// read the cable; kNotFound "no cable ID" when it is absent or unreadable.
Result<ReleaseRow> ReadableRelease(DeskImpl& desk, store::Txn* txn, const security::Subject& actor,
                                   std::string_view cable_id);

}  // namespace chancery::desk::internal
