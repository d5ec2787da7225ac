// Overdue (docs/desk.md "Distribution and delivery"): deliveries past their handling time that
// are not acknowledged (FLASH, IMMEDIATE and above) or not yet delivered (PRIORITY, ROUTINE).
// kDue rows ("open", sorted by due time) exist only for those still open, so the scan is over
// lapsed and soon-due deliveries only. Each lapsed
// delivery is escalated once: a kEscalations row, escalated_micros on the delivery and an
// audit entry, in the same transaction, addressed to the escalation addressee of the drafting
// office (Office::escalation, inherited from its parents). EscalateLapsed is the scheduler's
// entry point (chanceryd); Escalations lists an addressee office's notices.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

struct OverdueScan {
  bool listing = true;  // false: the scheduler's tick, which escalates and lists nothing
  std::vector<InboxItem> items;
  std::vector<std::string> ids;
  std::vector<model::AuditEvent> escalations;
  size_t escalated = 0;  // escalations made by this scan
};

// The nearest escalation addressee at or above `office`; "" if none is set.
std::string EscalationAddressee(const Directory& directory, std::string_view office) {
  const Office* at = directory.FindOffice(office);
  // The directory is validated (no parent cycles); the bound guards a corrupt row anyway.
  for (size_t hops = 0; at != nullptr && hops <= directory.offices.size(); ++hops) {
    if (!at->escalation.empty()) {
      return at->escalation;
    }
    at = at->parent.empty() ? nullptr : directory.FindOffice(at->parent);
  }
  return "";
}

// The escalation addressee for a lapsed delivery of `cable_id`: that of its drafting office.
Result<std::string> AddresseeFor(DeskImpl& desk, store::Txn& txn, std::string_view cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> release, txn.GetDoc(kReleases, cable_id));
  if (!release.has_value()) {
    return std::string();
  }
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow row, ReleaseRowFromJson(release->body, release->key));
  CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(&txn));
  return EscalationAddressee(directory.first, row.meta.office);
}

// Escalates `doc` (a lapsed delivery) if it has not been yet.
Status EscalateOnce(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                    store::DocRow& doc, DeliveryRow& row, OverdueScan* scan) {
  if (row.delivery.escalated_micros != 0) {
    return Status::Ok();
  }
  row.delivery.escalated_micros = desk.NowMicros();
  doc.body = DeliveryRowToJson(row);
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
  CHANCERY_ASSIGN_OR_RETURN(std::string addressee, AddresseeFor(desk, txn, row.delivery.cable_id));
  store::DocRow escalation;
  escalation.collection = std::string(kEscalations);
  escalation.key = doc.key;
  escalation.group = addressee;
  escalation.sort = MicrosSortKey(row.delivery.escalated_micros, doc.key);
  escalation.body = doc.body;
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(escalation).status());
  scan->escalations.push_back(desk.Event(
      actor, "desk.escalate", doc.key,
      "ok: " + std::string(model::PrecedenceRankName(row.delivery.precedence)) +
          (row.delivery.requires_ack ? " not acknowledged by " : " not delivered by ") +
          FormatDtg(row.delivery.due_micros) +
          (addressee.empty() ? "; no escalation addressee" : "; escalated to " + addressee),
      {row.delivery.cable_id}));
  return Status::Ok();
}

// Whether the lapsed delivery is the actor's business: administrators see every office's;
// others those of offices where they hold a role, and those of cables their office released.
Result<bool> Concerns(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                      const Delivery& delivery) {
  if (actor.administrator) {
    return true;
  }
  CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(&txn));
  auto works_at = [&](std::string_view office) {
    for (const RoleGrant& g : directory.first.grants) {
      if (g.user == actor.name && g.office == office)
        return true;
    }
    return false;
  };
  if (works_at(delivery.office)) {
    return true;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> release,
                            txn.GetDoc(kReleases, delivery.cable_id));
  if (!release.has_value()) {
    return false;
  }
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow row, ReleaseRowFromJson(release->body, release->key));
  return works_at(row.meta.office);
}

// Handles one open due row; *past_now is set once rows are no longer due.
Status VisitDue(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                const store::DocRow& due, int64_t now, ClassDecider& decider, OverdueScan* scan,
                bool* past_now) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc, txn.GetDoc(kDeliveries, due.key));
  if (!doc.has_value()) {
    return txn.DeleteDoc(kDue, due.key);  // a stale reminder: nothing left to escalate
  }
  CHANCERY_ASSIGN_OR_RETURN(DeliveryRow row, DeliveryRowFromJson(doc->body, doc->key));
  if (row.delivery.due_micros >= now) {
    *past_now = true;  // due rows sort by due time: the rest are not due yet
    return Status::Ok();
  }
  if (!IsOverdue(row.delivery, now)) {
    return Status::Ok();
  }
  CHANCERY_RETURN_IF_ERROR(EscalateOnce(desk, txn, actor, *doc, row, scan));
  if (!scan->listing) {
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(bool concerned, Concerns(desk, txn, actor, row.delivery));
  if (concerned && decider.MayRead(row.access_class)) {
    scan->ids.push_back(row.delivery.cable_id);
    scan->items.push_back(InboxItem{row.delivery, row.title, row.serial, row.label, true});
  }
  return Status::Ok();
}

Status ScanOverdue(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                   OverdueScan* scan) {
  const int64_t now = desk.NowMicros();
  ClassDecider decider(desk.policy(), actor);
  store::DocQuery query{std::string(kDue), std::string("open"), "", "", kPageSize};
  bool past_now = false;
  while (!past_now) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(query));
    for (const store::DocRow& due : rows) {
      CHANCERY_RETURN_IF_ERROR(VisitDue(desk, txn, actor, due, now, decider, scan, &past_now));
      if (past_now) {
        break;
      }
    }
    if (rows.size() < query.limit) {
      break;
    }
    query.after = rows.back().sort;
  }
  std::vector<model::AuditEvent> events = std::move(scan->escalations);
  scan->escalations.clear();
  scan->escalated = events.size();
  if (!scan->listing) {
    return events.empty() ? Status::Ok() : desk.AppendAudit(txn, std::move(events));
  }
  events.push_back(desk.Event(actor, "desk.overdue", "overdue",
                              "allow: " + std::to_string(scan->items.size()) + " listed",
                              scan->ids));
  return desk.AppendAudit(txn, std::move(events));
}

}  // namespace

Result<std::vector<InboxItem>> DeskImpl::Overdue(const security::Subject& actor) {
  OverdueScan scan;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    scan = OverdueScan{};
    return ScanOverdue(*this, txn, actor, &scan);
  });
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "desk.overdue", "overdue", "deny: " + done.ToString())));
    return done;
  }
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return std::move(scan.items);
}

Result<size_t> DeskImpl::EscalateLapsed(const security::Subject& actor) {
  OverdueScan scan;
  Status done = actor.administrator
                    ? store().Transact([&](store::Txn& txn) -> Status {
                        scan = OverdueScan{};
                        scan.listing = false;
                        return ScanOverdue(*this, txn, actor, &scan);
                      })
                    : PermissionDenied("user " + actor.name +
                                       " may not run the escalation: administrators only");
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "desk.escalate", "overdue", "deny: " + done.ToString())));
    return done;
  }
  if (scan.escalated > 0) {
    CHANCERY_RETURN_IF_ERROR(AfterMutation());
  }
  return scan.escalated;
}

Result<std::vector<Escalation>> DeskImpl::Escalations(const security::Subject& actor,
                                                      std::string_view office) {
  CHANCERY_ASSIGN_OR_RETURN(auto directory, LoadDirectory(nullptr));
  bool works_there = actor.administrator;
  for (const RoleGrant& g : directory.first.grants) {
    works_there = works_there || (g.user == actor.name && g.office == office);
  }
  if (!works_there) {
    Status denied =
        PermissionDenied("user " + actor.name + " holds no role at " + std::string(office));
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, "desk.escalations", std::string(office), "deny: " + denied.ToString())));
    return denied;
  }
  ClassDecider decider(policy(), actor);
  std::vector<Escalation> out;
  std::vector<std::string> ids;
  store::DocQuery query{std::string(kEscalations), std::string(office), "", "", kPageSize};
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(query));
    for (const store::DocRow& doc : rows) {
      CHANCERY_ASSIGN_OR_RETURN(DeliveryRow row, DeliveryRowFromJson(doc.body, doc.key));
      if (decider.MayRead(row.access_class)) {
        ids.push_back(row.delivery.cable_id);
        out.push_back(
            Escalation{row.delivery, std::string(office), row.title, row.serial, row.label});
      }
    }
    if (rows.size() < query.limit) {
      break;
    }
    query.after = rows.back().sort;
  }
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.escalations", std::string(office),
                      "allow: " + std::to_string(out.size()) + " listed", std::move(ids))));
  return out;
}

}  // namespace chancery::desk::internal
