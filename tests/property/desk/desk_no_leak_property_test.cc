// The no-leak property on the desk's read paths (issue 4 §8): for random cables, recipients,
// precedences, reply-by times and references, releasing further cables the subject may not read
// changes nothing the subject observes through its inbox, the overdue list, threads, the
// replies-overdue list, delivery reports, releases and drafts (including the errors for ids it
// may not read, which must equal those for ids that do not exist).
//
// Hidden cables are released after the visible ones: a serial number is visible on every cable
// and numbers are gapless per series, so a hidden cable released before a visible one in the
// same series changes the visible one's number. That channel is inherent to gapless serials and
// is documented in docs/desk.md ("What serials reveal").
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

struct CableSpec {
  std::vector<std::string> portions;    // levels, one per paragraph
  std::vector<std::string> addressees;  // office or group ids
  model::PrecedenceRank rank = model::PrecedenceRank::kRoutine;
  int reply_by_hours = 0;  // 0 = none
  int reference = -1;      // index of an earlier visible cable it replies to, -1 = none
};

// The subject: a SECRET officer at the Moscow embassy, whose office is cleared TOP SECRET, so
// hidden cables can land in the very queue the subject reads.
constexpr char kSubject[] = "moscow.junior";
const std::vector<std::string> kVisibleLevels = {"", "CONFIDENTIAL", "SECRET"};
const std::vector<std::string> kOffices = {"EMB-MOSCOW", "EMB-HANOI", "MISSION-UN",
                                           "CLEARED-ABROAD"};

rc::Gen<CableSpec> GenCable(bool hidden, int earlier) {
  return rc::gen::exec([hidden, earlier] {
    CableSpec c;
    const int paragraphs = *rc::gen::inRange(1, 4);
    for (int i = 0; i < paragraphs; ++i)
      c.portions.push_back(*rc::gen::elementOf(kVisibleLevels));
    if (hidden)
      c.portions[0] = "TOP SECRET";  // above the subject, within Moscow's clearance
    // Only Moscow is cleared TOP SECRET: every hidden cable lands in the subject's own queue.
    c.addressees.push_back(hidden ? std::string("EMB-MOSCOW") : *rc::gen::elementOf(kOffices));
    c.rank = *rc::gen::elementOf(std::vector<model::PrecedenceRank>{
        model::PrecedenceRank::kRoutine, model::PrecedenceRank::kPriority,
        model::PrecedenceRank::kImmediate, model::PrecedenceRank::kFlash});
    c.reply_by_hours = *rc::gen::elementOf(std::vector<int>{0, 0, 1, 48});
    if (earlier > 0 && *rc::gen::arbitrary<bool>())
      c.reference = *rc::gen::inRange(0, earlier);
    return c;
  });
}

class World {
 public:
  explicit World(const std::string& dir) : fx_(dir) {
    records::UserSpec junior;
    junior.name = kSubject;
    junior.clearance.level = "SECRET";
    junior.clearance.groups = {"PRC"};
    RC_ASSERT(fx_.records().AddUser(fx_.Admin(), junior).ok());
    auto [directory, version] = *fx_.desk().GetDirectory(fx_.Admin());
    directory.grants.push_back({kSubject, desk::Role::kRecipient, "EMB-MOSCOW"});
    RC_ASSERT(fx_.desk().ReplaceDirectory(fx_.Admin(), directory, version).ok());
  }

  // Drafts, approves and releases `c`; returns the cable id.
  std::string Release(const CableSpec& c, int n) {
    desk::DraftSpec spec =
        testing::DeskFixture::Spec("Cable " + std::to_string(n), c.portions, c.addressees);
    spec.content.precedence.rank = c.rank;
    if (c.reply_by_hours > 0) {
      spec.reply_by_micros = fx_.clock().NowMicros() + c.reply_by_hours * 3'600'000'000LL;
    }
    if (c.reference >= 0) {
      spec.content.references.push_back({ids_[static_cast<size_t>(c.reference)], "ref", ""});
    }
    desk::Desk& d = fx_.desk();
    auto draft = d.CreateDraft(fx_.User("drafter"), spec);
    RC_ASSERT(draft.ok());
    RC_ASSERT(d.Submit(fx_.User("drafter"), draft->id).ok());
    RC_ASSERT(d.DecideStep(fx_.User("wu"), draft->id, true, "").ok());
    RC_ASSERT(d.DecideStep(fx_.User("zeng"), draft->id, true, "").ok());
    auto release = d.ReleaseDraft(fx_.User("releaser"), draft->id);
    RC_ASSERT(release.ok());
    ids_.push_back(release->cable_id);
    fx_.clock().Advance(60'000'000);  // a minute between releases
    return release->cable_id;
  }

  // Everything the subject can observe, after `hours` more hours have passed.
  std::string Observe(const std::vector<std::string>& probes, int hours) {
    fx_.clock().Advance(hours * 3'600'000'000LL);
    desk::Desk& d = fx_.desk();
    const security::Subject s = fx_.User(kSubject);
    std::string o;
    auto inbox = d.Inbox(s, "EMB-MOSCOW", /*pending_only=*/false);
    o += "inbox:" + Items(inbox);
    auto overdue = d.Overdue(s);
    o += "\noverdue:" + Items(overdue);
    auto late = d.RepliesOverdue(s);
    o += "\nreplies-overdue:";
    if (late.ok()) {
      for (const auto& n : *late)
        o += " " + n.cable_id;
    } else {
      o += late.status().ToString();
    }
    for (const std::string& id : probes) {
      auto thread = d.Thread(s, id);
      o += "\nthread " + id + ": " + (thread.ok() ? Tree(*thread) : thread.status().ToString());
      o += "\nrelease " + id + ": " + d.GetRelease(s, id).status().ToString();
      o += "\nreport " + id + ": " + d.DeliveryReport(s, id).status().ToString();
      o += "\nack " + id + ": " + d.Acknowledge(s, id, "EMB-MOSCOW").ToString();
    }
    for (int n = 1; n <= 12; ++n) {
      const std::string draft = "draft-" + std::to_string(n);
      o += "\n" + draft + ": " + d.GetDraft(s, draft).status().ToString();
    }
    return o;
  }

  const std::vector<std::string>& ids() const { return ids_; }

 private:
  static std::string Items(const Result<std::vector<desk::InboxItem>>& items) {
    if (!items.ok())
      return items.status().ToString();
    std::string out;
    for (const desk::InboxItem& i : *items) {
      out += " " + i.delivery.cable_id + "|" + i.serial + "|" + i.label + "|" + i.title + "|" +
             std::string(desk::DeliveryStateName(i.delivery.state)) + (i.overdue ? "|late" : "");
    }
    return out;
  }

  static std::string Tree(const desk::ThreadNode& n) {
    std::string out = "(" + n.cable_id + (n.reply_overdue ? "!" : "");
    for (const auto& r : n.replies)
      out += " " + Tree(r);
    return out + ")";
  }

  testing::DeskFixture fx_;
  std::vector<std::string> ids_;
};

RC_GTEST_PROP(DeskNoLeak, HiddenCablesChangeNothingTheSubjectObserves, ()) {
  const int visible = *rc::gen::inRange(1, 5);
  std::vector<CableSpec> base;
  for (int i = 0; i < visible; ++i)
    base.push_back(*GenCable(false, i));
  const int hidden_count = *rc::gen::inRange(1, 4);
  std::vector<CableSpec> hidden;
  for (int i = 0; i < hidden_count; ++i)
    hidden.push_back(*GenCable(true, visible));
  const int hours = *rc::gen::elementOf(std::vector<int>{0, 2, 72});

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  World a(dir_a.path());
  World b(dir_b.path());
  for (int i = 0; i < visible; ++i) {
    a.Release(base[static_cast<size_t>(i)], i);
    b.Release(base[static_cast<size_t>(i)], i);
  }
  std::vector<std::string> probes = b.ids();
  for (int i = 0; i < hidden_count; ++i) {
    probes.push_back(b.Release(hidden[static_cast<size_t>(i)], 100 + i));
  }
  probes.push_back("B-Yin-1963-999");
  RC_ASSERT(a.Observe(probes, hours) == b.Observe(probes, hours));
}

}  // namespace
}  // namespace chancery
