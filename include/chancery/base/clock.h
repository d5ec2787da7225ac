// Clock is the source of wall-clock time (an I/O seam, like leveldb's Env). SystemClock reads the
// real clock; FakeClock is set by tests. Both are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace chancery {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch, UTC.
  virtual int64_t NowMicros() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t micros = 0) : now_(micros) {}
  int64_t NowMicros() const override { return now_.load(); }
  void Set(int64_t micros) { now_.store(micros); }
  void Advance(int64_t micros) { now_.fetch_add(micros); }

 private:
  std::atomic<int64_t> now_;
};

// Formats microseconds since the epoch as ISO 8601 UTC with second precision:
// "2026-11-26T19:46:16Z".
std::string FormatIsoUtc(int64_t micros);

}  // namespace chancery
