// The audit log's public face (docs/format/audit-log.md §10): its verifier key, latest signed
// checkpoint and Merkle proofs, for witnesses and auditors. They reveal hashes and sizes only,
// never an entry.
#include <limits>

#include "chancery/audit/tlog.h"
#include "chancery/records/records.h"

#include "handlers.h"

namespace chancery::server::handlers {

namespace {

constexpr int64_t kMaxSize = std::numeric_limits<int64_t>::max();

nlohmann::json HashList(const std::vector<audit::Hash>& hashes) {
  nlohmann::json list = nlohmann::json::array();
  for (const audit::Hash& h : hashes)
    list.push_back(audit::HashToBase64(h));
  return list;
}

Result<int64_t> RequiredInt(const Call& call, std::string_view name, int64_t min) {
  std::optional<std::string> text = FindParam(call.query, name);
  if (!text)
    return InvalidArgument("parameter " + std::string(name) + ": missing");
  return ParseIntParam(name, *text, min, kMaxSize);
}

Reply Text(std::string body) {
  Reply reply;
  reply.body = std::move(body);
  reply.content_type = "text/plain; charset=utf-8";
  return reply;
}

}  // namespace

Result<Reply> AuditKey(Services& s, Call&) {
  CHANCERY_ASSIGN_OR_RETURN(std::string key, s.records->AuditVerifierKey());
  return Text(key + "\n");
}

Result<Reply> AuditCheckpoint(Services& s, Call&) {
  CHANCERY_ASSIGN_OR_RETURN(std::string note, s.records->AuditCheckpoint());
  return Text(std::move(note));
}

Result<Reply> AuditInclusion(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t index, RequiredInt(call, "index", 0));
  CHANCERY_ASSIGN_OR_RETURN(int64_t size, RequiredInt(call, "size", 1));
  CHANCERY_ASSIGN_OR_RETURN(records::InclusionProof p, s.records->ProveAuditInclusion(index, size));
  return JsonReply(Dump({{"index", p.index},
                         {"size", p.size},
                         {"leaf_hash", audit::HashToBase64(p.leaf)},
                         {"root", audit::HashToBase64(p.root)},
                         {"proof", HashList(p.proof)}}));
}

Result<Reply> AuditConsistency(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t from, RequiredInt(call, "from", 1));
  CHANCERY_ASSIGN_OR_RETURN(int64_t to, RequiredInt(call, "to", 1));
  CHANCERY_ASSIGN_OR_RETURN(records::ConsistencyProof p,
                            s.records->ProveAuditConsistency(from, to));
  return JsonReply(Dump({{"from", p.from},
                         {"to", p.to},
                         {"old_root", audit::HashToBase64(p.old_root)},
                         {"new_root", audit::HashToBase64(p.new_root)},
                         {"proof", HashList(p.proof)}}));
}

}  // namespace chancery::server::handlers
