// Local times of places: the system time zone database read directly (TZif files, RFC 8536,
// under /usr/share/zoneinfo) and the table of FRUS dateline places and their IANA zones
// (docs/format/dates.md §Zone table). A local reading such as "Taipei, February 25, 1961,
// 9 p.m." becomes 21:00+08:00[Asia/Taipei] with the offset the zone had at that moment,
// daylight saving time included (Washington is EST or EDT as the tz database records it).
//
// TimeZoneDb caches the zones it has read; it is thread-compatible (one per parse).
// FrusPlaceZone is pure and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/date.h"

namespace chancery::format {

class TimeZoneDb {
 public:
  // Reads zones from `root` (default: the system tz database).
  explicit TimeZoneDb(std::string root = "/usr/share/zoneinfo");
  ~TimeZoneDb();
  TimeZoneDb(const TimeZoneDb&) = delete;
  TimeZoneDb& operator=(const TimeZoneDb&) = delete;

  // Seconds east of UTC in `zone` ("Asia/Taipei") at the instant whose wall-clock reading there
  // is `local_seconds` (seconds since 1970-01-01T00:00 of the local clock). Where the clock
  // was set back and a reading occurs twice, the earlier instant's offset (the offset before the
  // change); where it was set forward and a reading never occurs, the offset before the change.
  // Errors: kNotFound "no time zone ZONE" when the zone's file is missing or the name is not a
  // zone name; kCorruption "time zone ZONE: ..." for a malformed file.
  Result<int32_t> OffsetForLocal(std::string_view zone, int64_t local_seconds);

  // `local` (a date-time read as a local clock reading) as a local time at its offset in
  // `zone`, the offset rounded to whole minutes (local mean time offsets of the 19th century
  // have seconds). Errors as OffsetForLocal. REQUIRES: local.HasTime().
  Result<model::Date> Localize(std::string_view zone, const model::Date& local);

 private:
  struct Zone;
  Result<const Zone*> Load(std::string_view zone);

  std::string root_;
  std::map<std::string, std::unique_ptr<Zone>, std::less<>> zones_;
};

// The IANA zone of a FRUS dateline place ("Taipei" -> "Asia/Taipei", "Camp David, Maryland"
// -> "America/New_York", "SecDel MC/27 Geneva" -> "Europe/Zurich"); empty when the place is not
// in the table. The whole place is looked up, then each comma-separated part, then its last
// word.
std::string_view FrusPlaceZone(std::string_view place);
// True when the place table is sorted by place, as the lookup requires (for tests).
bool FrusPlaceTableIsSorted();

}  // namespace chancery::format
