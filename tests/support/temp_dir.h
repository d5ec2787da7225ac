// TempDir: a fresh directory per test, removed with everything in it when the object goes away
// (hermetic tests, STYLE.md §3.5).
#pragma once

#include <string>

namespace chancery::testing {

class TempDir {
 public:
  TempDir();
  // A fresh directory under `parent` instead of the system temp directory.
  explicit TempDir(const std::string& parent);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // path() + "/" + name
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

// A temp dir on a RAM-backed file system (/dev/shm) when there is one, else the usual one: for
// tests that create many stores, where fsync on a disk would dominate.
std::string FastTempParent();

// Reads a whole file; aborts the test with a failure message if it cannot.
std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& content);

// A seed for randomized tests: $CHANCERY_TEST_SEED if set, else from the clock. Printed to
// stderr so that a failure can be replayed.
uint64_t RandomSeed();

}  // namespace chancery::testing
