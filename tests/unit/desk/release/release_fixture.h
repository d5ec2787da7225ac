// A desk with a small directory (a division releasing in series B-Yin, three embassies, a
// mission, nested groups), its users, a FakeClock, and one-line drafts, approvals and releases:
// the vocabulary of the release, delivery and thread tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/base/clock.h"
#include "chancery/desk/desk.h"
#include "chancery/store/store.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::desk::testing {

// 2025-06-01T08:00:00Z.
inline constexpr int64_t kStartMicros = 1'748'764'800'000'000;
inline constexpr int64_t kMinute = 60'000'000;

class ReleaseTest : public ::testing::Test {
 protected:
  ReleaseTest();
  // Every test leaves a verifiable audit chain behind.
  void TearDown() override;

  Desk& desk() { return *desk_; }

  // Reopens the desk making releases with commitment `version` (1: as before docs/format/proof.md).
  void ReopenWithCommitmentVersion(int32_t version);

  records::Records& records() { return records_.records(); }

  // A draft from the division MFA-SOVEE, labelled `level`, to `addressees` (office or group ids,
  // action), approved by wu.
  DraftSpec Spec(const std::string& title, model::PrecedenceRank rank,
                 std::vector<std::string> addressees, const std::string& level = "SECRET");
  // Creates, submits and approves; returns the draft id (test fails on any error).
  std::string Approve(const DraftSpec& spec);
  // Approve() then release by the releaser.
  Release ReleaseSpec(const DraftSpec& spec);
  // Sets an office's clearance level in the directory (an administrator's edit).
  void SetOfficeLevel(const std::string& office, const std::string& level);
  // A second connection to the store file, for tampering and presetting sequences.
  std::unique_ptr<store::Store> RawStore();
  // The delivery of `cable_id` to `office` as the releaser's delivery report shows it.
  Delivery DeliveryTo(const std::string& cable_id, const std::string& office);
  // Audit entries with this action and target.
  int CountAudit(const std::string& action, const std::string& target);

  FakeClock clock_{kStartMicros};
  chancery::testing::TempDir dir_{chancery::testing::FastTempParent()};
  chancery::testing::RecordsFixture records_{dir_.path()};
  std::unique_ptr<Desk> desk_;
  security::Subject admin_, drafter_, wu_, releaser_, moscow_, hanoi_, tirana_, un_;
  security::Subject reader_;         // TOP SECRET, no role
  security::Subject secret_reader_;  // SECRET, no role
  security::Subject outsider_;       // CONFIDENTIAL, no role
};

}  // namespace chancery::desk::testing
