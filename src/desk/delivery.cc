// Inbox, Acknowledge and DeliveryReport (docs/desk.md "Distribution and delivery"). An office's
// queue is the kDeliveries group of that office, ordered by DeliverySortKey (precedence, then
// date-time group), so an inbox page costs O(page) whatever else is queued. Overdue and
// escalation are in delivery_overdue.cc.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

Status Refused(DeskImpl& desk, const security::Subject& actor, std::string_view action,
               std::string_view target, const Status& status) {
  CHANCERY_RETURN_IF_ERROR(desk.AuditOnly(
      desk.Event(actor, std::string(action), std::string(target), "deny: " + status.ToString())));
  return status;
}

Status RequireRecipient(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                        std::string_view office) {
  CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(&txn));
  if (!directory.first.HasRole(actor.name, Role::kRecipient, office)) {
    return PermissionDenied("user " + actor.name + " is not a recipient at office " +
                            std::string(office));
  }
  return Status::Ok();
}

// One page of the office's queue read into `items`; the queued ones are marked delivered.
struct InboxPage {
  std::vector<InboxItem> items;
  std::vector<std::string> ids;
  size_t newly_delivered = 0;
};

Status CollectInbox(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                    std::string_view office, bool pending_only, InboxPage* page) {
  CHANCERY_RETURN_IF_ERROR(RequireRecipient(desk, txn, actor, office));
  const int64_t now = desk.NowMicros();
  ClassDecider decider(desk.policy(), actor);
  store::DocQuery query{std::string(kDeliveries), std::string(office), "", "", kPageSize};
  while (page->items.size() < kPageSize) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(query));
    for (store::DocRow& doc : rows) {
      CHANCERY_ASSIGN_OR_RETURN(DeliveryRow row, DeliveryRowFromJson(doc.body, doc.key));
      Delivery& d = row.delivery;
      if ((pending_only && d.state == DeliveryState::kAcknowledged) ||
          d.state == DeliveryState::kNonDelivered || !decider.MayRead(row.access_class) ||
          page->items.size() >= kPageSize) {
        continue;
      }
      if (d.state == DeliveryState::kQueued) {
        d.state = DeliveryState::kDelivered;  // listing it is the delivery report
        d.delivered_micros = now;
        doc.body = DeliveryRowToJson(row);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
        if (!d.requires_ack) {
          // Delivery meets the objective of a cable that needs no acknowledgement.
          CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kDue, doc.key));
        }
        ++page->newly_delivered;
      }
      page->ids.push_back(d.cable_id);
      page->items.push_back(InboxItem{d, row.title, row.serial, row.label, IsOverdue(d, now)});
    }
    if (rows.size() < query.limit) {
      break;
    }
    query.after = rows.back().sort;
  }
  const std::string decision = "allow: " + std::to_string(page->items.size()) + " listed, " +
                               std::to_string(page->newly_delivered) + " delivered";
  return desk.AppendAudit(
      txn, {desk.Event(actor, "desk.inbox", std::string(office), decision, page->ids)});
}

// Acknowledges inside `txn`; *already is set when it had been acknowledged before.
Status AcknowledgeInTxn(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                        std::string_view cable_id, std::string_view office, bool* already) {
  CHANCERY_RETURN_IF_ERROR(RequireRecipient(desk, txn, actor, office));
  const std::string key = DeliveryKey(cable_id, office);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc, txn.GetDoc(kDeliveries, key));
  if (!doc.has_value()) {
    return NoCable(cable_id);
  }
  CHANCERY_ASSIGN_OR_RETURN(DeliveryRow row, DeliveryRowFromJson(doc->body, doc->key));
  ClassDecider decider(desk.policy(), actor);
  if (row.delivery.state == DeliveryState::kNonDelivered || !decider.MayRead(row.access_class)) {
    return NoCable(cable_id);
  }
  if (row.delivery.state == DeliveryState::kAcknowledged) {
    *already = true;
    return Status::Ok();
  }
  const int64_t now = desk.NowMicros();
  row.delivery.state = DeliveryState::kAcknowledged;
  row.delivery.acknowledged_by = actor.name;
  row.delivery.acknowledged_micros = now;
  if (row.delivery.delivered_micros == 0) {
    row.delivery.delivered_micros = now;
  }
  doc->body = DeliveryRowToJson(row);
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(*doc).status());
  CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kDue, key));
  return desk.AppendAudit(
      txn, {desk.Event(actor, "desk.acknowledge", key, "ok", {std::string(cable_id)})});
}

bool WorksAtOffice(const Directory& directory, std::string_view user, std::string_view office) {
  for (Role role : {Role::kDrafter, Role::kClearer, Role::kApprover, Role::kReleaser,
                    Role::kRecipient, Role::kArchivist, Role::kAdministrator}) {
    if (directory.HasRole(user, role, office)) {
      return true;
    }
  }
  return false;
}

Result<std::vector<Delivery>> Report(DeskImpl& desk, const security::Subject& actor,
                                     std::string_view cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow release, ReadableRelease(desk, nullptr, actor, cable_id));
  if (!actor.administrator) {
    CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(nullptr));
    if (!WorksAtOffice(directory.first, actor.name, release.meta.office)) {
      return PermissionDenied("delivery report of cable " + std::string(cable_id) +
                              " is for users of office " + release.meta.office);
    }
  }
  store::DocQuery query{std::string(kDeliveries), std::nullopt, DeliveryKey(cable_id, ""), "",
                        kPageSize};
  std::vector<Delivery> out;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, desk.store().ListDocs(query));
    for (const store::DocRow& doc : rows) {
      CHANCERY_ASSIGN_OR_RETURN(DeliveryRow row, DeliveryRowFromJson(doc.body, doc.key));
      out.push_back(std::move(row.delivery));
    }
    if (rows.size() < query.limit) {
      return out;
    }
    query.after = rows.back().key;
  }
}

}  // namespace

bool IsOverdue(const Delivery& delivery, int64_t now_micros) {
  if (delivery.due_micros == 0 || delivery.due_micros >= now_micros) {
    return false;
  }
  if (delivery.requires_ack) {
    return delivery.state != DeliveryState::kAcknowledged &&
           delivery.state != DeliveryState::kNonDelivered;
  }
  return delivery.state == DeliveryState::kQueued;
}

Result<std::vector<InboxItem>> DeskImpl::Inbox(const security::Subject& actor,
                                               std::string_view office, bool pending_only) {
  InboxPage page;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    page = InboxPage{};
    return CollectInbox(*this, txn, actor, office, pending_only, &page);
  });
  if (!done.ok()) {
    return Refused(*this, actor, "desk.inbox", office, done);
  }
  if (page.newly_delivered > 0) {
    CHANCERY_RETURN_IF_ERROR(AfterMutation());
  }
  return std::move(page.items);
}

Status DeskImpl::Acknowledge(const security::Subject& actor, std::string_view cable_id,
                             std::string_view office) {
  bool already = false;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    already = false;
    return AcknowledgeInTxn(*this, txn, actor, cable_id, office, &already);
  });
  const std::string target = DeliveryKey(cable_id, office);
  if (!done.ok()) {
    return Refused(*this, actor, "desk.acknowledge", target, done);
  }
  if (already) {
    return AuditOnly(Event(actor, "desk.acknowledge", target, "ok: already acknowledged",
                           {std::string(cable_id)}));
  }
  return AfterMutation();
}

Result<std::vector<Delivery>> DeskImpl::DeliveryReport(const security::Subject& actor,
                                                       std::string_view cable_id) {
  Result<std::vector<Delivery>> report = Report(*this, actor, cable_id);
  if (!report.ok()) {
    return Refused(*this, actor, "desk.delivery-report", cable_id, report.status());
  }
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.delivery-report", std::string(cable_id), "allow")));
  return report;
}

}  // namespace chancery::desk::internal
