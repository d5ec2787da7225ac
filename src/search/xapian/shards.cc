#include "search/xapian/shards.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>
#include <utility>

namespace chancery::search::internal {
namespace {

// Parses a shard directory name "c<int64>"; false for anything else.
bool ParseShardName(std::string_view name, int64_t* access_class) {
  if (name.size() < 2 || name.front() != 'c') {
    return false;
  }
  name.remove_prefix(1);
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), *access_class);
  return ec == std::errc() && end == name.data() + name.size();
}

}  // namespace

std::string ShardPath(const std::string& dir, int64_t access_class) {
  return dir + "/c" + std::to_string(access_class);
}

Status CreateShardIfMissing(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::Ok();
  }
  // The suffix makes ListShards() skip a leftover from a crash; it is overwritten next time.
  const std::string temp = path + ".creating";
  Xapian::WritableDatabase(temp, Xapian::DB_CREATE_OR_OVERWRITE).close();
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    return IoError("cannot create search shard " + path + ": " + ec.message());
  }
  return Status::Ok();
}

Result<std::vector<int64_t>> ListShards(const std::string& dir) {
  std::error_code ec;
  std::vector<int64_t> classes;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    int64_t access_class = 0;
    if (it->is_directory(ec) && ParseShardName(it->path().filename().string(), &access_class)) {
      classes.push_back(access_class);
    }
  }
  if (ec) {
    return IoError("cannot list search shards in " + dir + ": " + ec.message());
  }
  std::sort(classes.begin(), classes.end());
  return classes;
}

Xapian::Database ShardReaders::Open(const std::vector<int64_t>& classes) {
  std::vector<int64_t> sorted = classes;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<int64_t> opened;
  bool changed = rebuild_ || sorted != last_classes_;
  rebuild_ = false;
  for (int64_t access_class : sorted) {
    auto cached = shards_.find(access_class);
    if (cached != shards_.end()) {
      // reopen() is cheap when nothing was committed: it reads the revision and returns false.
      changed = cached->second.reopen() || changed;
      opened.push_back(access_class);
      continue;
    }
    std::string path = ShardPath(dir_, access_class);
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) {
      continue;
    }
    shards_.emplace(access_class, Xapian::Database(path));
    opened.push_back(access_class);
    changed = true;
  }
  if (!changed && opened == last_opened_) {
    return last_combined_;
  }
  Xapian::Database combined;
  for (int64_t access_class : opened) {
    combined.add_database(shards_.at(access_class));
  }
  last_classes_ = std::move(sorted);
  last_opened_ = std::move(opened);
  last_combined_ = combined;
  return combined;
}

std::unique_ptr<ShardReaders> ReaderPool::Acquire() {
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.empty()) {
    return std::make_unique<ShardReaders>(dir_);
  }
  std::unique_ptr<ShardReaders> readers = std::move(free_.back());
  free_.pop_back();
  return readers;
}

void ReaderPool::Release(std::unique_ptr<ShardReaders> readers) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.push_back(std::move(readers));
}

}  // namespace chancery::search::internal
