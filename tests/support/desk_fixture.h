// A small vocabulary over desk::Desk for tests: a fresh records store in a temp dir, a desk on it
// with a FakeClock, and a small directory with users at known clearances and role grants.
//
// The directory (built in C++, not parsed):
//   organizations PRC-MFA, ALG-PARTY
//   MFA (ministry, TOP SECRET) > MFA-SOVEE (division, series "B-Yin", TOP SECRET)
//   EMB-MOSCOW (embassy, TOP SECRET + INTERNAL RESEARCH), EMB-HANOI (embassy, SECRET),
//   EMB-BERN (embassy, CONFIDENTIAL), MISSION-UN (mission, SECRET), ALG-CC (external, SECRET)
//   groups: ALL-EMBASSIES = the three embassies; MISSIONS = MISSION-UN;
//           ABROAD = ALL-EMBASSIES + MISSIONS (nested); CLEARED-ABROAD = EMB-MOSCOW + MISSIONS
//   every office of PRC-MFA and every user is in releasability group PRC; ALG-CC in ALLIED PARTIES
//   users (TOP SECRET + INTERNAL RESEARCH unless noted):
//     drafter       drafter at MFA-SOVEE         low.drafter  drafter at MFA-SOVEE, CONFIDENTIAL
//     clearer1/2    clearers at MFA-SOVEE        wu, zeng, chen  approvers at MFA (the ministry)
//     releaser      releaser at MFA-SOVEE        chairman     no role (condition holder)
//     moscow.clerk / hanoi.clerk (SECRET) / bern.clerk (CONFIDENTIAL) / un.clerk (SECRET):
//                   recipients at their office
//     outsider      CONFIDENTIAL, no role
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/desk/desk.h"
#include "chancery/records/records.h"

namespace chancery::testing {

// 1963-03-04T08:00:00Z, the day the seed telegram was drafted.
inline constexpr int64_t kDeskEpochMicros = -215'539'200'000'000;

class DeskFixture {
 public:
  // `dir` must outlive the fixture. Aborts the test on any setup error.
  explicit DeskFixture(const std::string& dir);
  ~DeskFixture();
  DeskFixture(const DeskFixture&) = delete;
  DeskFixture& operator=(const DeskFixture&) = delete;

  desk::Desk& desk() { return *desk_; }

  records::Records& records() { return *records_; }

  FakeClock& clock() { return clock_; }

  const std::string& db_path() const { return db_path_; }

  security::Subject Admin() const { return records_->Administrator("admin:test"); }

  // The registered user's subject (test failure for an unknown name).
  security::Subject User(const std::string& name);

  // The directory described above.
  static desk::Directory SmallDirectory();

  // A draft from MFA-SOVEE with one paragraph per entry of `portions` (each a classification
  // level, "" = unmarked), addressed (action) to `addressees`, approved by wu and zeng (all).
  static desk::DraftSpec Spec(const std::string& title, std::vector<std::string> portions,
                              std::vector<std::string> addressees = {});

  // True if some audit entry has this action and target and a decision starting with
  // `decision_prefix`.
  bool AuditContains(const std::string& action, const std::string& target,
                     const std::string& decision_prefix);
  // Records::VerifyAudit() passes.
  bool AuditVerifies();

 private:
  void AddUser(const std::string& name, const std::string& level,
               std::vector<std::string> categories);

  std::string db_path_;
  FakeClock clock_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<desk::Desk> desk_;
};

}  // namespace chancery::testing
