// Opening, health, document counts and rebuilding of the Xapian SearchIndex (xapian_index.h;
// docs/search.md "Checks and repair").
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include <fcntl.h>

#include "chancery/base/durable_file.h"
#include "chancery/search/shard_files.h"

#include "search/xapian/layout_file.h"
#include "search/xapian/marker_file.h"
#include "search/xapian/owner_only.h"
#include "search/xapian/xapian_error.h"
#include "search/xapian/xapian_index.h"

namespace chancery::search::internal {

Status Damaged(std::string_view detail) {
  return Corruption("search index damaged (" + std::string(detail) + "): run chancery reindex");
}

XapianIndex::XapianIndex(const IndexOptions& options, uint32_t parts, int64_t applied_seq,
                         Status damage)
    : options_(options),
      dir_(options.dir),
      snippet_text_bytes_(options.snippet_text_bytes),
      applied_seq_(applied_seq),
      parts_(parts),
      writers_(std::make_unique<ShardWriters>(dir_, parts)),
      pool_(dir_, parts),
      damage_(std::move(damage)) {}

Status XapianIndex::Health() const {
  std::lock_guard<std::mutex> lock(mu_);
  return damage_;
}

Result<std::map<int64_t, int64_t>> XapianIndex::CountsByClass() {
  CHANCERY_RETURN_IF_ERROR(Health());
  CHANCERY_ASSIGN_OR_RETURN(std::vector<ShardKey> shards, ListShards(dir_));
  std::map<int64_t, int64_t> counts;
  for (const ShardKey& key : shards) {
    if (key.part >= parts_) {
      continue;  // never written: no record hashes there
    }
    try {
      counts[key.access_class] +=
          static_cast<int64_t>(Xapian::Database(ShardPath(dir_, key)).get_doccount());
    } catch (const Xapian::Error& e) {
      return Damaged(FromXapianError(e, "shard " + ShardName(key)).message());
    }
  }
  return counts;
}

void XapianIndex::SetExpectedCounts(std::map<int64_t, int64_t> counts, int64_t at_change_seq) {
  auto expected = std::make_shared<Expected>();
  expected->counts = std::move(counts);
  expected->seq = at_change_seq;
  std::lock_guard<std::mutex> lock(mu_);
  expected_ = std::move(expected);
}

Status XapianIndex::CheckCounts(const std::vector<int64_t>& classes,
                                const std::map<int64_t, int64_t>& counts) const {
  std::shared_ptr<const Expected> expected;
  {
    std::lock_guard<std::mutex> lock(mu_);
    expected = expected_;
  }
  if (expected == nullptr || expected->seq < 0) {
    return Status::Ok();
  }
  for (int64_t access_class : classes) {
    auto have = counts.find(access_class);
    auto want = expected->counts.find(access_class);
    const int64_t held = have == counts.end() ? 0 : have->second;
    const int64_t stored = want == expected->counts.end() ? 0 : want->second;
    if (held == stored) {
      continue;
    }
    // Another process may have moved the index on since the counts were given: then they say
    // nothing about what the shards hold now.
    Result<int64_t> marker = ReadMarker(MarkerPath());
    if (marker.ok() && *marker != expected->seq) {
      return Status::Ok();
    }
    return Damaged("class " + std::to_string(access_class) + " holds " + std::to_string(held) +
                   " documents, the store " + std::to_string(stored));
  }
  return Status::Ok();
}

Status XapianIndex::CheckNoOtherWriter() const {
  Result<std::vector<ShardKey>> shards = ListShards(dir_);
  if (!shards.ok()) {
    return Status::Ok();  // nothing readable to protect: it is replaced wholesale
  }
  for (const ShardKey& key : *shards) {
    try {
      Xapian::WritableDatabase(ShardPath(dir_, key), Xapian::DB_OPEN).close();
    } catch (const Xapian::DatabaseLockError& e) {
      return Unavailable("search index " + dir_ + " is being written by another process (shard " +
                         ShardName(key) + "): stop it and try again");
    } catch (const Xapian::Error&) {
      // A damaged shard: it goes with the rest.
    }
  }
  return Status::Ok();
}

Status XapianIndex::SwapIn(const std::string& built) {
  std::error_code ec;
  const bool had_old = std::filesystem::exists(dir_, ec);
  if (!had_old) {
    if (std::rename(built.c_str(), dir_.c_str()) != 0) {
      return IoError("cannot rename " + built + " to " + dir_ + ": " + std::strerror(errno));
    }
  } else if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, dir_.c_str(), RENAME_EXCHANGE) != 0) {
    // No atomic exchange on this file system: move the old one aside first. A crash in between
    // leaves no index, which the next open recreates empty and the change log refills.
    const std::string aside = dir_ + ".old";
    std::filesystem::remove_all(aside, ec);
    if (std::rename(dir_.c_str(), aside.c_str()) != 0 ||
        std::rename(built.c_str(), dir_.c_str()) != 0) {
      return IoError("cannot move rebuilt search index " + built + " to " + dir_ + ": " +
                     std::strerror(errno));
    }
    std::filesystem::remove_all(aside, ec);
  }
  const std::string parent = std::filesystem::path(dir_).parent_path().string();
  CHANCERY_RETURN_IF_ERROR(SyncDirectory(parent.empty() ? "." : parent));
  std::filesystem::remove_all(built, ec);  // the old index, after an exchange
  if (ec) {
    return IoError("cannot delete the old search index " + built + ": " + ec.message());
  }
  return Status::Ok();
}

Status XapianIndex::Rebuild(int64_t applied_change_seq,
                            const std::function<Status(SearchIndex& fresh)>& fill) {
  if (applied_change_seq < 0) {
    return InvalidArgument("search rebuild: negative change seq " +
                           std::to_string(applied_change_seq));
  }
  writers_ = std::make_unique<ShardWriters>(dir_, parts_);  // closes ours (pending work is lost)
  CHANCERY_RETURN_IF_ERROR(CheckNoOtherWriter());
  const std::string built = dir_ + ".rebuild";
  std::error_code ec;
  std::filesystem::remove_all(built, ec);
  if (ec) {
    return IoError("cannot delete " + built + ": " + ec.message());
  }
  IndexOptions fresh_options = options_;
  fresh_options.dir = built;
  fresh_options.parts = Health().ok() ? parts_ : options_.parts;
  {
    CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<SearchIndex> fresh, OpenXapianIndex(fresh_options));
    CHANCERY_RETURN_IF_ERROR(fresh->Health());
    CHANCERY_RETURN_IF_ERROR(fill(*fresh));
    CHANCERY_RETURN_IF_ERROR(fresh->Commit(applied_change_seq));
  }  // closes its writers before the swap
  CHANCERY_RETURN_IF_ERROR(SwapIn(built));
  CHANCERY_ASSIGN_OR_RETURN(parts_, OpenLayout(dir_, fresh_options.parts));
  writers_ = std::make_unique<ShardWriters>(dir_, parts_);
  pool_.Reset(parts_);
  applied_seq_.store(applied_change_seq);
  std::lock_guard<std::mutex> lock(mu_);
  damage_ = Status::Ok();
  expected_.reset();
  return Status::Ok();
}

}  // namespace chancery::search::internal

namespace chancery::search {

Result<std::unique_ptr<SearchIndex>> OpenXapianIndex(const IndexOptions& options) {
  if (options.dir.empty()) {
    return InvalidArgument("search index: options.dir is required");
  }
  if (options.parts > internal::kMaxParts) {
    return InvalidArgument("search index " + options.dir + ": parts " +
                           std::to_string(options.parts) + " exceeds " +
                           std::to_string(internal::kMaxParts));
  }
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) {
    return IoError("cannot create search index directory " + options.dir + ": " + ec.message());
  }
  CHANCERY_RETURN_IF_ERROR(internal::RestrictIndexDirectory(options.dir));
  Status damage;
  uint32_t parts = 1;
  int64_t applied_seq = 0;
  if (Result<uint32_t> layout = internal::OpenLayout(options.dir, options.parts); layout.ok()) {
    parts = *layout;
  } else {
    damage = internal::Damaged(layout.status().message());
  }
  if (Result<int64_t> marker = internal::ReadMarker(options.dir + "/applied_seq"); marker.ok()) {
    applied_seq = *marker;
  } else if (damage.ok()) {
    damage = internal::Damaged(marker.status().message());
  }
  return std::unique_ptr<SearchIndex>(
      std::make_unique<internal::XapianIndex>(options, parts, applied_seq, std::move(damage)));
}

}  // namespace chancery::search

namespace chancery::search {

Result<size_t> CountShards(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec) && !ec) {
    return size_t{0};
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<internal::ShardKey> shards, internal::ListShards(dir));
  return shards.size();
}

}  // namespace chancery::search
