#include "sessions.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"

#include "request_parse.h"

namespace chancery::server {

namespace {

constexpr std::string_view kSessions = "auth.session";
constexpr size_t kMaxTokenBytes = 256;  // RandomToken() makes 64; anything longer is not ours
constexpr size_t kSweepPage = 500;

const Clock& ClockOrSystem(const Clock* clock) {
  static const SystemClock system;
  return clock != nullptr ? *clock : system;
}

std::string Body(const Session& s) {
  return Dump(nlohmann::json{{"user", s.user},
                             {"csrf", s.csrf},
                             {"created", s.created_micros},
                             {"last_seen", s.last_seen_micros},
                             {"password_version", s.password_version}});
}

Result<Session> ParseSession(const store::DocRow& row) {
  Result<nlohmann::json> j = ParseJsonObject(row.body);
  Session s;
  Result<std::string> user = j.ok() ? RequiredString(*j, "user") : j.status();
  Result<std::string> csrf = j.ok() ? RequiredString(*j, "csrf") : j.status();
  const auto number = [&](std::string_view name, int64_t* out) {
    Result<std::optional<int64_t>> v = j.ok() ? IntMember(*j, name) : j.status();
    if (v.ok() && v->has_value())
      *out = **v;
    return v.ok() && v->has_value();
  };
  if (!user.ok() || !csrf.ok() || !number("created", &s.created_micros) ||
      !number("last_seen", &s.last_seen_micros) ||
      !number("password_version", &s.password_version)) {
    return Corruption("session " + row.key.substr(0, 16) + ": stored body is not a session");
  }
  s.user = std::move(user).value();
  s.csrf = std::move(csrf).value();
  return s;
}

}  // namespace

SessionTable::SessionTable(store::Store& store, const Clock* clock, SessionLimits limits)
    : store_(store), clock_(ClockOrSystem(clock)), limits_(limits) {}

bool SessionTable::Expired(const Session& s, int64_t now) const {
  return now - s.last_seen_micros > limits_.idle_micros ||
         now - s.created_micros > limits_.absolute_micros;
}

Result<std::string> SessionTable::Create(std::string_view user, int64_t password_version,
                                         Session* session) {
  const int64_t now = clock_.NowMicros();
  int64_t last_sweep = last_sweep_micros_.load();
  if (now - last_sweep >= limits_.sweep_micros &&
      last_sweep_micros_.compare_exchange_strong(last_sweep, now)) {
    CHANCERY_RETURN_IF_ERROR(SweepExpired().status());
  }
  Session s{std::string(user), audit::RandomToken(), now, now, password_version};
  std::string token = audit::RandomToken();
  store::DocRow row;
  row.collection = std::string(kSessions);
  row.key = audit::Sha256Hex(token);
  row.group = s.user;
  row.sort = row.key;
  row.body = Body(s);
  // Expected version 0: a new 256-bit token never replaces a stored session.
  CHANCERY_RETURN_IF_ERROR(
      store_.Transact([&](store::Txn& txn) { return txn.PutDoc(row, int64_t{0}).status(); }));
  *session = std::move(s);
  return token;
}

Result<std::optional<Session>> SessionTable::Lookup(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return std::optional<Session>();
  }
  const int64_t now = clock_.NowMicros();
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            store_.GetDoc(kSessions, audit::Sha256Hex(token)));
  if (!row) {
    return std::optional<Session>();
  }
  CHANCERY_ASSIGN_OR_RETURN(Session session, ParseSession(*row));
  if (Expired(session, now)) {
    CHANCERY_RETURN_IF_ERROR(DeleteIfUnchanged(*row));
    return std::optional<Session>();
  }
  if (now - session.last_seen_micros >= limits_.touch_micros) {
    CHANCERY_ASSIGN_OR_RETURN(const bool live, Touch(std::move(row).value(), session, now));
    if (!live) {
      return std::optional<Session>();
    }
  }
  return std::optional<Session>(std::move(session));
}

Result<bool> SessionTable::Touch(store::DocRow row, Session& session, int64_t now) {
  const int64_t read_version = row.version;
  session.last_seen_micros = now;
  row.body = Body(session);
  const Status written =
      store_.Transact([&](store::Txn& txn) { return txn.PutDoc(row, read_version).status(); });
  if (written.code() != StatusCode::kConflict) {
    // Written, or not (a busy or failing writer): the session was live as read, and a request
    // that only reads should not fail for its bookkeeping; the next request writes it again.
    return true;
  }
  // Changed since it was read: touched by another request (live), or deleted (signed out on
  // some node: the expected version kept it from coming back).
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> now_stored,
                            store_.GetDoc(kSessions, row.key));
  return now_stored.has_value();
}

Status SessionTable::DeleteIfUnchanged(const store::DocRow& row) {
  return store_.Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> stored, txn.GetDoc(kSessions, row.key));
    if (stored && stored->version == row.version) {
      return txn.DeleteDoc(kSessions, row.key);
    }
    return Status::Ok();
  });
}

Status SessionTable::Remove(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenBytes) {
    return Status::Ok();
  }
  const std::string key = audit::Sha256Hex(token);
  return store_.Transact([&](store::Txn& txn) { return txn.DeleteDoc(kSessions, key); });
}

Result<size_t> SessionTable::RemoveUser(std::string_view user) {
  size_t removed = 0;
  const Status ended = store_.Transact([&](store::Txn& txn) -> Status {
    store::DocQuery query;
    query.collection = std::string(kSessions);
    query.group = std::string(user);
    query.limit = 100000;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(query));
    for (const store::DocRow& row : rows) {
      CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kSessions, row.key));
      ++removed;
    }
    return Status::Ok();
  });
  CHANCERY_RETURN_IF_ERROR(ended);
  return removed;
}

Result<size_t> SessionTable::SweepExpired() {
  const int64_t now = clock_.NowMicros();
  size_t removed = 0;
  store::DocQuery query;
  query.collection = std::string(kSessions);
  query.limit = kSweepPage;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, store_.ListDocs(query));
    std::vector<store::DocRow> expired;
    for (const store::DocRow& row : page) {
      Result<Session> s = ParseSession(row);
      if (!s.ok() || Expired(*s, now)) {
        expired.push_back(row);
      }
    }
    if (!expired.empty()) {
      size_t deleted = 0;
      // Only rows unchanged since the page was read: a session touched meanwhile is live.
      const Status swept = store_.Transact([&](store::Txn& txn) -> Status {
        for (const store::DocRow& row : expired) {
          CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> stored,
                                    txn.GetDoc(kSessions, row.key));
          if (stored && stored->version == row.version) {
            CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kSessions, row.key));
            ++deleted;
          }
        }
        return Status::Ok();
      });
      CHANCERY_RETURN_IF_ERROR(swept);
      removed += deleted;
    }
    if (page.size() < kSweepPage) {
      return removed;
    }
    query.after = page.back().key;
  }
}

}  // namespace chancery::server
