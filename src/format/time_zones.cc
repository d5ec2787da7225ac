// TZif reader (RFC 8536) for TimeZoneDb: only what converting a past local reading needs, the
// transition times and the local time types. docs/format/dates.md §Time zones.
#include "chancery/format/time_zones.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace chancery::format {

struct TimeZoneDb::Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<uint8_t> type_of;      // the local time type from each transition on
  std::vector<int32_t> offsets;      // UT offset of each local time type, seconds
  int32_t initial_offset = 0;        // before the first transition: type 0 (RFC 8536 §3.2)

  int32_t OffsetAtUtc(int64_t utc) const {
    const auto it = std::upper_bound(transitions.begin(), transitions.end(), utc);
    if (it == transitions.begin()) {
      return initial_offset;
    }
    return offsets[type_of[static_cast<size_t>(it - transitions.begin() - 1)]];
  }
};

namespace {

bool IsZoneName(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.find("..") != zone.npos) {
    return false;
  }
  return std::all_of(zone.begin(), zone.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
           c == '_' || c == '+' || c == '-';
  });
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool Skip(size_t n) {
    if (n > data_.size() - pos_) {
      return false;
    }
    pos_ += n;
    return true;
  }

  bool Int(size_t width, int64_t* out) {
    if (width > data_.size() - pos_) {
      return false;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) {
      v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
    }
    pos_ += width;
    // Two's complement of the given width.
    const uint64_t sign = uint64_t{1} << (width * 8 - 1);
    *out = width == 8 ? static_cast<int64_t>(v)
                      : static_cast<int64_t>(v ^ sign) - static_cast<int64_t>(sign);
    return true;
  }

  size_t pos() const { return pos_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Counts {
  int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool ReadHeader(Reader* r, char* version, Counts* c) {
  int64_t magic = 0;
  int64_t v = 0;
  if (!r->Int(4, &magic) || magic != 0x545A6966 || !r->Int(1, &v) || !r->Skip(15)) {
    return false;
  }
  *version = static_cast<char>(v);
  return r->Int(4, &c->isut) && r->Int(4, &c->isstd) && r->Int(4, &c->leap) &&
         r->Int(4, &c->time) && r->Int(4, &c->type) && r->Int(4, &c->chars) && c->type > 0 &&
         c->time >= 0 && c->time < 100000 && c->type < 256;
}

// The data block after a header, with `width`-byte times (4 in version 1, 8 after).
bool ReadBlock(Reader* r, const Counts& c, size_t width, std::vector<int64_t>* transitions,
               std::vector<uint8_t>* type_of, std::vector<int32_t>* offsets) {
  for (int64_t i = 0; i < c.time; ++i) {
    int64_t t = 0;
    if (!r->Int(width, &t)) {
      return false;
    }
    transitions->push_back(t);
  }
  for (int64_t i = 0; i < c.time; ++i) {
    int64_t type = 0;
    if (!r->Int(1, &type) || type < 0 || type >= c.type) {
      return false;
    }
    type_of->push_back(static_cast<uint8_t>(type));
  }
  for (int64_t i = 0; i < c.type; ++i) {
    int64_t utoff = 0;
    int64_t ignored = 0;
    if (!r->Int(4, &utoff) || !r->Int(1, &ignored) || !r->Int(1, &ignored)) {
      return false;
    }
    offsets->push_back(static_cast<int32_t>(utoff));
  }
  const size_t rest =
      static_cast<size_t>(c.chars + c.leap * (static_cast<int64_t>(width) + 4) + c.isstd + c.isut);
  return r->Skip(rest) && std::is_sorted(transitions->begin(), transitions->end());
}

}  // namespace

TimeZoneDb::TimeZoneDb(std::string root) : root_(std::move(root)) {}

TimeZoneDb::~TimeZoneDb() = default;

Result<const TimeZoneDb::Zone*> TimeZoneDb::Load(std::string_view name) {
  if (auto it = zones_.find(name); it != zones_.end()) {
    return it->second.get();
  }
  const std::string zone(name);
  if (!IsZoneName(name)) {
    return NotFound("no time zone " + zone);
  }
  std::ifstream in(root_ + "/" + zone, std::ios::binary);
  if (!in) {
    return NotFound("no time zone " + zone);
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string data = buffer.str();
  Reader r(data);
  char version = 0;
  Counts c;
  auto z = std::make_unique<Zone>();
  const Status bad = Corruption("time zone " + zone + ": malformed TZif data");
  if (!ReadHeader(&r, &version, &c) ||
      !ReadBlock(&r, c, 4, &z->transitions, &z->type_of, &z->offsets)) {
    return bad;
  }
  if (version >= '2') {
    // The version 2+ block repeats the data with 64-bit times; "slim" files hold it only there.
    *z = Zone();
    if (!ReadHeader(&r, &version, &c) ||
        !ReadBlock(&r, c, 8, &z->transitions, &z->type_of, &z->offsets)) {
      return bad;
    }
  }
  z->initial_offset = z->offsets[0];
  const Zone* out = z.get();
  zones_.emplace(zone, std::move(z));
  return out;
}

Result<int32_t> TimeZoneDb::OffsetForLocal(std::string_view zone, int64_t local_seconds) {
  CHANCERY_ASSIGN_OR_RETURN(const Zone* z, Load(zone));
  // A reading belongs to the instant local - offset; try the offset in force a day before and
  // a day after (a transition moves the clock by at most a day), and keep the earliest that fits.
  for (int64_t probe : {local_seconds - 86400, local_seconds + 86400}) {
    const int32_t offset = z->OffsetAtUtc(probe);
    if (z->OffsetAtUtc(local_seconds - offset) == offset) {
      return offset;
    }
  }
  // In a gap (the clock was set forward past this reading): the offset before the change.
  return z->OffsetAtUtc(local_seconds - 86400);
}

Result<model::Date> TimeZoneDb::Localize(std::string_view zone, const model::Date& local) {
  const model::Date wall = local.AtOffset(0, "");
  CHANCERY_ASSIGN_OR_RETURN(int32_t offset, OffsetForLocal(zone, wall.SortSeconds()));
  const auto minutes = static_cast<int32_t>(std::lround(offset / 60.0));
  return local.AtOffset(minutes, zone);
}

}  // namespace chancery::format
