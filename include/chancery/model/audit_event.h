// AuditEvent: one entry of the tamper-evident audit log. A value type so that the store can
// persist it and the audit module can hash and verify it without depending on each other.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chancery::model {

struct AuditEvent {
  int64_t seq = 0;          // 1-based position in the chain, assigned on append
  int64_t time_micros = 0;  // UTC microseconds since the epoch
  std::string actor;        // user name, "public", or "admin:<os user>"
  std::string action;       // "import", "show", "search", "list", "export", "user.add", ...
  std::string target;       // record id, user name or query text
  std::string decision;     // "allow" / "deny: <reason>" / "ok" / error code
  std::vector<std::string> ids;  // record ids returned or changed
  std::string prev_hash;    // hex; "" for seq 1
  std::string hash;         // hex; docs/format/audit-log.md defines it
  friend bool operator==(const AuditEvent&, const AuditEvent&) = default;
};

}  // namespace chancery::model
