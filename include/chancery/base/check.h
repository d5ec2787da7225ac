// Invariant checks. CHANCERY_CHECK is always on, for invariants whose violation would corrupt
// stored data or the audit chain; CHANCERY_DCHECK only in debug builds. Never check input with
// these: input errors are a Status.
#pragma once

namespace chancery::internal {
[[noreturn]] void CheckFailed(const char* condition, const char* file, int line);
}  // namespace chancery::internal

#define CHANCERY_CHECK(cond)                                               \
  do {                                                                     \
    if (!(cond)) ::chancery::internal::CheckFailed(#cond, __FILE__, __LINE__); \
  } while (false)

#ifdef NDEBUG
#define CHANCERY_DCHECK(cond) \
  do {                        \
  } while (false)
#else
#define CHANCERY_DCHECK(cond) CHANCERY_CHECK(cond)
#endif
