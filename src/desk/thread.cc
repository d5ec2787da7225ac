// Threads (docs/desk.md "Threads"): references between released cables, reply-by deadlines and
// the thread tree. kReplies rows (group = referenced cable, sorted by release time) are the
// edges; an open kReplyDue row marks a cable that may still be waiting for a reply: it is closed
// by a reply in the same access class, and otherwise each reader's view checks for a reply that
// reader may read (so a hidden reply never makes a deadline look met).
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

// Bounds on walking a thread, so that a damaged store cannot make a request run away.
constexpr int kMaxDepth = 256;

Status PutRow(store::Txn& txn, std::string_view collection, std::string key, std::string group,
              std::string sort, std::string body) {
  store::DocRow doc;
  doc.collection = std::string(collection);
  doc.key = std::move(key);
  doc.group = std::move(group);
  doc.sort = std::move(sort);
  doc.body = std::move(body);
  return txn.PutDoc(doc).status();
}

// Reads for one Thread/RepliesOverdue call, deciding each cable for the actor.
class ThreadReader {
 public:
  ThreadReader(DeskImpl& desk, const security::Subject& actor)
      : desk_(desk), actor_(actor), now_(desk.NowMicros()) {}

  // The release row if the actor may read it; std::nullopt if absent or unreadable.
  Result<std::optional<ReleaseRow>> Readable(std::string_view cable_id) {
    Result<ReleaseRow> row = ReadableRelease(desk_, nullptr, actor_, cable_id);
    if (row.ok()) {
      return std::optional<ReleaseRow>(std::move(*row));
    }
    if (row.status().code() == StatusCode::kNotFound) {
      return std::optional<ReleaseRow>();
    }
    return row.status();
  }

  Result<ThreadNode> Node(const ReleaseRow& row) {
    ThreadNode node;
    node.cable_id = row.release.cable_id;
    node.title = row.meta.title;
    node.serial = row.release.serial.original;
    node.dtg = row.release.dtg;
    node.reply_by_micros = row.meta.reply_by_micros;
    if (node.reply_by_micros.has_value() && *node.reply_by_micros < now_) {
      CHANCERY_ASSIGN_OR_RETURN(bool answered, HasReadableReply(node.cable_id));
      node.reply_overdue = !answered;
    }
    ids_.push_back(node.cable_id);
    return node;
  }

  // Whether a reply to `cable_id` exists that the actor may read. A reply the actor may not
  // read must not make a deadline look met (that would reveal the reply).
  Result<bool> HasReadableReply(std::string_view cable_id) {
    store::DocQuery query{std::string(kReplies), std::string(cable_id), "", "", kPageSize};
    while (true) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> edges, desk_.store().ListDocs(query));
      for (const store::DocRow& edge : edges) {
        CHANCERY_ASSIGN_OR_RETURN(std::optional<ReleaseRow> reply, Readable(edge.body));
        if (reply.has_value()) {
          return true;
        }
      }
      if (edges.size() < query.limit) {
        return false;
      }
      query.after = edges.back().sort;
    }
  }

  // The highest readable ancestor of `row` following each cable's first readable reference.
  Result<ReleaseRow> Root(ReleaseRow row) {
    std::set<std::string> seen = {row.release.cable_id};
    for (int depth = 0; depth < kMaxDepth; ++depth) {
      std::optional<ReleaseRow> parent;
      for (const std::string& id : row.meta.parents) {
        if (seen.count(id) != 0) {
          continue;
        }
        CHANCERY_ASSIGN_OR_RETURN(parent, Readable(id));
        if (parent.has_value()) {
          break;
        }
      }
      if (!parent.has_value()) {
        break;
      }
      seen.insert(parent->release.cable_id);
      row = std::move(*parent);
    }
    return row;
  }

  // The tree below `row`: readable replies only, by release time; unreadable ones are omitted
  // with everything below them.
  Result<ThreadNode> Tree(const ReleaseRow& row, int depth, std::set<std::string>* seen) {
    CHANCERY_ASSIGN_OR_RETURN(ThreadNode node, Node(row));
    if (depth >= kMaxDepth) {
      return node;
    }
    store::DocQuery query{std::string(kReplies), row.release.cable_id, "", "", kPageSize};
    while (true) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> edges, desk_.store().ListDocs(query));
      for (const store::DocRow& edge : edges) {
        if (!seen->insert(edge.body).second) {
          continue;
        }
        CHANCERY_ASSIGN_OR_RETURN(std::optional<ReleaseRow> reply, Readable(edge.body));
        if (reply.has_value()) {
          CHANCERY_ASSIGN_OR_RETURN(ThreadNode child, Tree(*reply, depth + 1, seen));
          node.replies.push_back(std::move(child));
        }
      }
      if (edges.size() < query.limit) {
        return node;
      }
      query.after = edges.back().sort;
    }
  }

  int64_t now() const { return now_; }

  std::vector<std::string>& ids() { return ids_; }

 private:
  DeskImpl& desk_;
  const security::Subject& actor_;
  const int64_t now_;
  std::vector<std::string> ids_;
};

Result<ThreadNode> BuildThread(ThreadReader& reader, std::string_view cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<ReleaseRow> start, reader.Readable(cable_id));
  if (!start.has_value()) {
    return NoCable(cable_id);
  }
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow root, reader.Root(std::move(*start)));
  std::set<std::string> seen = {root.release.cable_id};
  return reader.Tree(root, 0, &seen);
}

Result<std::vector<ThreadNode>> ListRepliesOverdue(DeskImpl& desk, ThreadReader& reader) {
  std::vector<ThreadNode> out;
  store::DocQuery query{std::string(kReplyDue), std::string("open"), "", "", kPageSize};
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, desk.store().ListDocs(query));
    for (const store::DocRow& due : rows) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<ReleaseRow> row, reader.Readable(due.key));
      if (!row.has_value() || !row->meta.reply_by_micros.has_value()) {
        continue;
      }
      if (*row->meta.reply_by_micros >= reader.now()) {
        return out;  // rows are sorted by reply-by time
      }
      CHANCERY_ASSIGN_OR_RETURN(ThreadNode node, reader.Node(*row));
      if (node.reply_overdue) {
        out.push_back(std::move(node));
      }
    }
    if (rows.size() < query.limit) {
      return out;
    }
    query.after = rows.back().sort;
  }
}

}  // namespace

Status RecordThread(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                    const ReleaseRow& row) {
  const Release& r = row.release;
  for (const std::string& parent : row.meta.parents) {
    CHANCERY_RETURN_IF_ERROR(PutRow(txn, kReplies, ReplyKey(parent, r.cable_id), parent,
                                    MicrosSortKey(r.released_micros, r.cable_id), r.cable_id));
    // The deadline is met for good only when everyone who may read the parent may read the
    // reply (same access class); otherwise each reader's view decides (ThreadReader).
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> parent_doc,
                              txn.GetDoc(kReleases, parent));
    if (parent_doc.has_value()) {
      CHANCERY_ASSIGN_OR_RETURN(ReleaseRow parent_row,
                                ReleaseRowFromJson(parent_doc->body, parent_doc->key));
      if (parent_row.meta.access_class == row.meta.access_class) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kReplyDue, parent));
      }
    }
  }
  if (row.meta.reply_by_micros.has_value()) {
    CHANCERY_RETURN_IF_ERROR(PutRow(txn, kReplyDue, r.cable_id, "open",
                                    MicrosSortKey(*row.meta.reply_by_micros, r.cable_id), ""));
  }
  if (row.meta.parents.empty()) {
    return Status::Ok();
  }
  return desk.AppendAudit(txn,
                          {desk.Event(actor, "desk.reply", r.cable_id, "ok", row.meta.parents)});
}

Result<ThreadNode> DeskImpl::Thread(const security::Subject& actor, std::string_view cable_id) {
  ThreadReader reader(*this, actor);
  Result<ThreadNode> tree = BuildThread(reader, cable_id);
  const std::string decision = tree.ok() ? "allow" : "deny: " + tree.status().ToString();
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.thread", std::string(cable_id), decision, reader.ids())));
  return tree;
}

Result<std::vector<ThreadNode>> DeskImpl::RepliesOverdue(const security::Subject& actor) {
  ThreadReader reader(*this, actor);
  Result<std::vector<ThreadNode>> nodes = ListRepliesOverdue(*this, reader);
  const std::string decision = nodes.ok() ? "allow" : "deny: " + nodes.status().ToString();
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.replies-overdue", "replies-overdue", decision, reader.ids())));
  return nodes;
}

}  // namespace chancery::desk::internal
