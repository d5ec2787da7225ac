// The distribution step of a release (docs/desk.md "Distribution and delivery"): one delivery
// per recipient office, decided once per distinct office clearance; offices no longer cleared
// get a non-delivery report and never the text.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"

#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

// Decisions for recipient offices: offices with equal clearances share one Decide call unless
// the cable needs need-to-know, where the office itself is part of the decision.
class OfficeDecisions {
 public:
  OfficeDecisions(DeskImpl& desk, security::AccessClass cls) : desk_(desk), cls_(std::move(cls)) {}

  const security::Decision& For(const Office& office) {
    std::string key = office.id;
    if (cls_.offices.empty()) {
      const security::Clearance& c = office.clearance;
      key = c.level + "\x1f" + Join(c.categories, "\x1e") + "\x1f" + Join(c.groups, "\x1e");
    }
    auto it = cache_.find(key);
    if (it == cache_.end()) {
      it =
          cache_
              .emplace(std::move(key), security::Decide(desk_.policy(), desk_.OfficeSubject(office),
                                                        cls_, security::Action::kRead))
              .first;
    }
    return it->second;
  }

 private:
  DeskImpl& desk_;
  const security::AccessClass cls_;
  std::map<std::string, security::Decision> cache_;
};

DeliveryRow NewDelivery(DeskImpl& desk, const ReleaseRow& row, const Recipient& recipient) {
  const Release& r = row.release;
  DeliveryRow d;
  d.delivery.cable_id = r.cable_id;
  d.delivery.office = recipient.office;
  d.delivery.role = recipient.role;
  d.delivery.precedence = recipient.rank;
  d.delivery.dtg = r.dtg;
  d.delivery.queued_micros = r.released_micros;
  d.delivery.due_micros =
      r.released_micros + desk.options().handling.For(recipient.rank) * kMicrosPerSecond;
  d.delivery.requires_ack = recipient.rank >= model::PrecedenceRank::kImmediate;
  d.access_class = row.meta.access_class;
  d.title = row.meta.title;
  d.serial = r.serial.original;
  d.label = row.meta.label;
  return d;
}

}  // namespace

Status QueueDeliveries(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                       const QueueInput& input) {
  const ReleaseRow& row = *input.row;
  const std::string& cable_id = row.release.cable_id;
  CHANCERY_ASSIGN_OR_RETURN(security::AccessClass cls,
                            security::AccessClass::FromKey(row.meta.access_class));
  OfficeDecisions decisions(desk, std::move(cls));
  std::vector<std::string> queued;
  std::vector<model::AuditEvent> events;
  for (const Recipient& recipient : *input.recipients) {
    const Office* office = input.directory->FindOffice(recipient.office);
    CHANCERY_CHECK(office != nullptr);  // Guaranteed by ExpandRecipients().
    DeliveryRow d = NewDelivery(desk, row, recipient);
    store::DocRow doc;
    doc.collection = std::string(kDeliveries);
    doc.key = DeliveryKey(cable_id, recipient.office);
    const security::Decision& decision = decisions.For(*office);
    if (!decision.allowed) {
      // Not in any office queue: the office is never given the text.
      d.delivery.state = DeliveryState::kNonDelivered;
      d.delivery.requires_ack = false;
      d.delivery.due_micros = 0;
      d.delivery.reason =
          "office " + office->id + " not cleared for " + row.meta.label + ": " + decision.reason;
      events.push_back(
          desk.Event(actor, "desk.non-delivery", doc.key, "deny: " + decision.reason, {cable_id}));
    } else {
      doc.group = recipient.office;
      doc.sort = DeliverySortKey(recipient.rank, row.release.released_micros, cable_id);
      queued.push_back(recipient.office);
    }
    doc.body = DeliveryRowToJson(d);
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
    // Every queued delivery with an objective gets a reminder: closed by acknowledgement when
    // one is required (IMMEDIATE and above), else by delivery to the office.
    if (d.delivery.state != DeliveryState::kNonDelivered && d.delivery.due_micros != 0) {
      store::DocRow due;
      due.collection = std::string(kDue);
      due.key = doc.key;
      due.group = "open";
      due.sort = MicrosSortKey(d.delivery.due_micros, doc.key);
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(due).status());
    }
  }
  const std::string decision = "ok: " + std::to_string(queued.size()) + " queued, " +
                               std::to_string(events.size()) + " non-delivered";
  events.push_back(desk.Event(actor, "desk.queue", cable_id, decision, std::move(queued)));
  return desk.AppendAudit(txn, std::move(events));
}

}  // namespace chancery::desk::internal
