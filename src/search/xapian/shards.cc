#include "search/xapian/shards.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>
#include <utility>

#include "search/xapian/owner_only.h"

namespace chancery::search::internal {
namespace {

// Parses a shard directory name "c<int64>" (part 0) or "c<int64>.<uint32 >= 1, no leading 0>";
// false for anything else, such as "c5.creating" or "c5.2.creating".
bool ParseShardName(std::string_view name, ShardKey* key) {
  if (name.size() < 2 || name.front() != 'c') {
    return false;
  }
  const char* end = name.data() + name.size();
  auto [class_end, class_ec] = std::from_chars(name.data() + 1, end, key->access_class);
  if (class_ec != std::errc()) {
    return false;
  }
  key->part = 0;
  if (class_end == end) {
    return true;
  }
  if (*class_end != '.' || class_end + 1 == end || class_end[1] == '0') {
    return false;
  }
  auto [part_end, part_ec] = std::from_chars(class_end + 1, end, key->part);
  return part_ec == std::errc() && part_end == end && key->part != 0;
}

void AddShard(const std::string& dir, ShardKey key, std::map<ShardKey, Xapian::Database>* shards,
              std::vector<ShardKey>* opened, bool* changed) {
  auto cached = shards->find(key);
  if (cached != shards->end()) {
    // reopen() is cheap when nothing was committed: it reads the revision and returns false.
    *changed = cached->second.reopen() || *changed;
    opened->push_back(key);
    return;
  }
  const std::string path = ShardPath(dir, key);
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    return;
  }
  shards->emplace(key, Xapian::Database(path));
  opened->push_back(key);
  *changed = true;
}

}  // namespace

uint32_t PartOf(std::string_view id, uint32_t parts) {
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  for (char c : id) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ULL;  // FNV-1a 64 prime
  }
  return static_cast<uint32_t>(hash % parts);
}

std::string ShardName(ShardKey key) {
  std::string name = "c" + std::to_string(key.access_class);
  return key.part == 0 ? name : name + "." + std::to_string(key.part);
}

std::string ShardPath(const std::string& dir, ShardKey key) {
  return dir + "/" + ShardName(key);
}

Status CreateShardIfMissing(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::Ok();
  }
  // The suffix makes ListShards() skip a leftover from a crash; it is overwritten next time.
  const std::string temp = path + ".creating";
  Xapian::WritableDatabase(temp, Xapian::DB_CREATE_OR_OVERWRITE).close();
  RestrictTree(temp);  // Xapian made it 0777 & ~umask
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    return IoError("cannot create search shard " + path + ": " + ec.message());
  }
  return Status::Ok();
}

Result<std::vector<ShardKey>> ListShards(const std::string& dir) {
  std::error_code ec;
  std::vector<ShardKey> shards;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    ShardKey key;
    if (it->is_directory(ec) && ParseShardName(it->path().filename().string(), &key)) {
      shards.push_back(key);
    }
  }
  if (ec) {
    return IoError("cannot list search shards in " + dir + ": " + ec.message());
  }
  std::sort(shards.begin(), shards.end());
  return shards;
}

Xapian::Database ShardReaders::Open(const std::vector<int64_t>& classes,
                                    std::map<int64_t, int64_t>* counts) {
  std::vector<int64_t> sorted = classes;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<ShardKey> opened;
  bool changed = rebuild_ || sorted != last_classes_;
  rebuild_ = false;
  for (int64_t access_class : sorted) {
    for (uint32_t part = 0; part < parts_; ++part) {
      AddShard(dir_, ShardKey{access_class, part}, &shards_, &opened, &changed);
    }
  }
  counts->clear();
  for (const ShardKey& key : opened) {
    (*counts)[key.access_class] += static_cast<int64_t>(shards_.at(key).get_doccount());
  }
  if (!changed && opened == last_opened_) {
    return last_combined_;
  }
  Xapian::Database combined;
  for (const ShardKey& key : opened) {
    combined.add_database(shards_.at(key));
  }
  last_classes_ = std::move(sorted);
  last_opened_ = std::move(opened);
  last_combined_ = combined;
  return combined;
}

std::unique_ptr<ShardReaders> ReaderPool::Acquire() {
  std::lock_guard<std::mutex> lock(mu_);
  if (free_.empty()) {
    return std::make_unique<ShardReaders>(dir_, parts_, generation_);
  }
  std::unique_ptr<ShardReaders> readers = std::move(free_.back());
  free_.pop_back();
  return readers;
}

void ReaderPool::Release(std::unique_ptr<ShardReaders> readers) {
  std::lock_guard<std::mutex> lock(mu_);
  if (readers->Generation() == generation_) {
    free_.push_back(std::move(readers));
  }
}

void ReaderPool::Reset(uint32_t parts) {
  std::lock_guard<std::mutex> lock(mu_);
  free_.clear();
  parts_ = parts;
  ++generation_;
}

}  // namespace chancery::search::internal
