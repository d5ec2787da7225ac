#include "credentials.h"

#include <nlohmann/json.hpp>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/signing.h"

#include "request_parse.h"

namespace chancery::server {

namespace {

constexpr std::string_view kPasswords = "auth.password";
constexpr std::string_view kTokens = "auth.token";

const Clock& ClockOrSystem(const Clock* clock) {
  static const SystemClock system;
  return clock != nullptr ? *clock : system;
}

Result<TokenInfo> TokenFromRow(const store::DocRow& row) {
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(row.body));
  TokenInfo info;
  CHANCERY_ASSIGN_OR_RETURN(info.id, RequiredString(j, "id"));
  CHANCERY_ASSIGN_OR_RETURN(info.user, RequiredString(j, "user"));
  CHANCERY_ASSIGN_OR_RETURN(info.name, RequiredString(j, "name"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> created, IntMember(j, "created_micros"));
  info.created_micros = created.value_or(0);
  return info;
}

}  // namespace

Result<std::unique_ptr<Credentials>> Credentials::Open(store::Store& store, const Clock* clock) {
  // A fixed dummy hash, made once per process, for users without a password.
  CHANCERY_ASSIGN_OR_RETURN(std::string dummy, audit::HashPassword(audit::RandomToken()));
  return std::unique_ptr<Credentials>(new Credentials(store, clock, std::move(dummy)));
}

Credentials::Credentials(store::Store& store, const Clock* clock, std::string dummy_hash)
    : store_(store), clock_(clock), dummy_hash_(std::move(dummy_hash)) {}

model::AuditEvent Credentials::Event(std::string_view actor, std::string_view action,
                                     std::string_view target, std::string_view decision) const {
  model::AuditEvent event;
  event.time_micros = ClockOrSystem(clock_).NowMicros();
  event.actor = std::string(actor);
  event.action = std::string(action);
  event.target = std::string(target);
  event.decision = std::string(decision);
  return event;
}

Status Credentials::Audit(store::Txn& txn, std::string_view actor, std::string_view action,
                          std::string_view target) {
  store::WriteBatch batch;
  batch.audit.push_back(Event(actor, action, target, "ok"));
  return txn.Write(std::move(batch)).status();
}

Status Credentials::AuditSignIn(std::string_view user, std::string_view client) {
  return store_.Transact([&](store::Txn& txn) -> Status {
    store::WriteBatch batch;
    batch.audit.push_back(
        Event(user, "auth.session.create", user, "ok (client " + std::string(client) + ")"));
    return txn.Write(std::move(batch)).status();
  });
}

Status Credentials::AuditFailedSignIn(std::string_view user, std::string_view client) {
  store::WriteBatch batch;
  // The name tried may be anything: keep it short. The actor is anonymous until signed in.
  batch.audit.push_back(
      Event("public", "auth.session.create", user.substr(0, 128),
            "deny: wrong user name or password (client " + std::string(client) + ")"));
  batch.durability = store::Durability::kProcessCrash;
  return store_.Write(std::move(batch)).status();
}

Status Credentials::AuditSignOut(std::string_view user, std::string_view why) {
  return store_.Transact([&](store::Txn& txn) -> Status {
    store::WriteBatch batch;
    batch.audit.push_back(Event(user, "auth.session.end", user, why));
    return txn.Write(std::move(batch)).status();
  });
}

Status Credentials::SetPassword(std::string_view actor, std::string_view user,
                                std::string_view password) {
  if (user.empty()) {
    return InvalidArgument("user name is empty");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string hash, audit::HashPassword(password));
  return store_.Transact([&](store::Txn& txn) -> Status {
    store::DocRow row;
    row.collection = std::string(kPasswords);
    row.key = std::string(user);
    row.body = Dump(nlohmann::json{{"hash", hash}});
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
    CHANCERY_RETURN_IF_ERROR(Audit(txn, actor, "auth.password", user));
    // A new password ends what the old one let in: every API token of the user.
    store::DocQuery query;
    query.collection = std::string(kTokens);
    query.group = std::string(user);
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> tokens, txn.ListDocs(query));
    for (const store::DocRow& token : tokens) {
      CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kTokens, token.key));
      CHANCERY_RETURN_IF_ERROR(Audit(txn, actor, "auth.token.revoke", token.sort));
    }
    return Status::Ok();
  });
}

Result<bool> Credentials::CheckPassword(std::string_view user, std::string_view password) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> version, MatchPassword(user, password));
  return version.has_value();
}

Result<std::optional<int64_t>> Credentials::MatchPassword(std::string_view user,
                                                          std::string_view password) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store_.GetDoc(kPasswords, user));
  std::string stored = dummy_hash_;
  if (row) {
    CHANCERY_ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonObject(row->body));
    CHANCERY_ASSIGN_OR_RETURN(stored, RequiredString(j, "hash"));
  }
  const bool match = audit::VerifyPassword(stored, password);
  if (!row.has_value() || !match)
    return std::optional<int64_t>();
  return std::optional<int64_t>(row->version);
}

Result<int64_t> Credentials::PasswordVersion(std::string_view user) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store_.GetDoc(kPasswords, user));
  return row.has_value() ? row->version : int64_t{0};
}

Result<std::pair<std::string, TokenInfo>> Credentials::CreateToken(std::string_view user,
                                                                   std::string_view name) {
  const std::string token = audit::RandomToken();
  const std::string digest = audit::Sha256Hex(token);
  TokenInfo info{digest.substr(0, 16), std::string(user), std::string(name),
                 ClockOrSystem(clock_).NowMicros()};
  const Status stored = store_.Transact([&](store::Txn& txn) -> Status {
    store::DocRow row;
    row.collection = std::string(kTokens);
    row.key = digest;
    row.group = info.user;
    row.sort = info.id;
    row.body = Dump(nlohmann::json{{"id", info.id},
                                   {"user", info.user},
                                   {"name", info.name},
                                   {"created_micros", info.created_micros}});
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
    return Audit(txn, user, "auth.token.create", info.id);
  });
  if (!stored.ok())
    return stored;
  return std::make_pair(token, info);
}

Result<std::vector<TokenInfo>> Credentials::ListTokens(std::string_view user) {
  store::DocQuery query;
  query.collection = std::string(kTokens);
  query.group = std::string(user);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_.ListDocs(query));
  std::vector<TokenInfo> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(TokenInfo info, TokenFromRow(row));
    out.push_back(std::move(info));
  }
  return out;
}

Status Credentials::RevokeToken(std::string_view actor, std::string_view user,
                                std::string_view id) {
  return store_.Transact([&](store::Txn& txn) -> Status {
    store::DocQuery query;
    query.collection = std::string(kTokens);
    query.group = std::string(user);
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(query));
    for (const store::DocRow& row : rows) {
      if (row.sort == id) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kTokens, row.key));
        return Audit(txn, actor, "auth.token.revoke", id);
      }
    }
    return NotFound("no token " + std::string(id));
  });
}

Result<std::optional<std::string>> Credentials::UserForToken(std::string_view token) {
  if (token.empty() || token.size() > 256) {
    return std::optional<std::string>();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            store_.GetDoc(kTokens, audit::Sha256Hex(token)));
  if (!row) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row->group);
}

}  // namespace chancery::server
