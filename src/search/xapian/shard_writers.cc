#include "search/xapian/shard_writers.h"

#include <optional>
#include <utility>

#include "search/xapian/document_builder.h"
#include "search/xapian/owner_only.h"
#include "search/xapian/parallel.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search::internal {
namespace {

// Deletes the document of `id_term` from every database of `by_class` except `keep`'s, marking
// the ones it was in as dirty. May throw Xapian::Error.
void DeleteFromOthers(const std::string& id_term, std::optional<int64_t> keep,
                      std::map<int64_t, Xapian::WritableDatabase>* by_class,
                      std::set<int64_t>* dirty) {
  for (auto& [access_class, db] : *by_class) {
    if (access_class != keep && db.term_exists(id_term)) {
      db.delete_document(id_term);
      dirty->insert(access_class);
    }
  }
}

}  // namespace

ShardWriters::ShardWriters(std::string dir, uint32_t parts) : dir_(std::move(dir)), parts_(parts) {}

Result<Xapian::WritableDatabase*> ShardWriters::Writer(uint32_t part, int64_t access_class) {
  std::map<int64_t, Xapian::WritableDatabase>& by_class = parts_[part].by_class;
  auto it = by_class.find(access_class);
  if (it == by_class.end()) {
    const std::string path = ShardPath(dir_, ShardKey{access_class, part});
    CHANCERY_RETURN_IF_ERROR(CreateShardIfMissing(path));
    it = by_class.emplace(access_class, Xapian::WritableDatabase(path, Xapian::DB_OPEN)).first;
    RestrictFiles(path);  // the lock file Xapian just made
  }
  return &it->second;
}

Status ShardWriters::OpenAll() {
  if (all_open_) {
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<ShardKey> shards, ListShards(dir_));
  for (const ShardKey& key : shards) {
    if (key.part >= Parts()) {
      continue;  // never written: no record hashes there
    }
    try {
      CHANCERY_RETURN_IF_ERROR(Writer(key.part, key.access_class).status());
    } catch (const Xapian::Error& e) {
      return FromXapianError(e, "search open of shard " + ShardPath(dir_, key));
    }
  }
  all_open_ = true;
  return Status::Ok();
}

Status ShardWriters::Write(uint32_t part, const std::string& id, int64_t access_class,
                           const Xapian::Document& doc, bool created) {
  try {
    Part& shards = parts_[part];
    const std::string id_term = IdTerm(id);
    if (!created) {
      DeleteFromOthers(id_term, access_class, &shards.by_class, &shards.dirty);
    }
    CHANCERY_ASSIGN_OR_RETURN(Xapian::WritableDatabase * db, Writer(part, access_class));
    db->replace_document(id_term, doc);
    shards.dirty.insert(access_class);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search put " + id);
  }
}

Status ShardWriters::Remove(std::string_view id) {
  Part& shards = parts_[PartOf(id, Parts())];
  try {
    DeleteFromOthers(IdTerm(id), std::nullopt, &shards.by_class, &shards.dirty);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search remove " + std::string(id));
  }
}

Status ShardWriters::Commit() {
  std::vector<ShardKey> dirty;
  for (uint32_t part = 0; part < Parts(); ++part) {
    for (int64_t access_class : parts_[part].dirty) {
      dirty.push_back(ShardKey{access_class, part});
    }
  }
  std::vector<char> committed(dirty.size(), 0);
  Status status = ParallelFor(dirty.size(), [&](size_t i) -> Status {
    try {
      parts_[dirty[i].part].by_class.at(dirty[i].access_class).commit();
      RestrictFiles(ShardPath(dir_, dirty[i]));  // a commit may create or replace files
      committed[i] = 1;
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapianError(e, "search commit of shard " + ShardName(dirty[i]));
    }
  });
  for (size_t i = 0; i < dirty.size(); ++i) {
    if (committed[i] != 0) {
      parts_[dirty[i].part].dirty.erase(dirty[i].access_class);
    }
  }
  return status;
}

Status ShardWriters::DeleteAllAndCommit() {
  return ParallelFor(parts_.size(), [&](size_t part) -> Status {
    Part& shards = parts_[part];
    for (auto& [access_class, db] : shards.by_class) {
      try {
        std::vector<Xapian::docid> docids;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
          docids.push_back(*it);
        }
        for (Xapian::docid docid : docids) {
          db.delete_document(docid);
        }
        db.commit();
        RestrictFiles(ShardPath(dir_, ShardKey{access_class, static_cast<uint32_t>(part)}));
        shards.dirty.erase(access_class);
      } catch (const Xapian::Error& e) {
        return FromXapianError(e,
                               "search clear of shard " +
                                   ShardName(ShardKey{access_class, static_cast<uint32_t>(part)}));
      }
    }
    return Status::Ok();
  });
}

}  // namespace chancery::search::internal
