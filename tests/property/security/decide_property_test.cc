// Properties of the access decision (STYLE.md §3.5; docs/security.md): monotonicity in the label
// and the clearance, decisions on a record equal decisions on its interned class, and the
// access class key round-trips. Each property runs at least kCases cases; the seed is printed
// and can be set with RC_PARAMS="seed=N".
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/security/decide.h"

namespace chancery::security {
namespace {

constexpr int kCases = 1000;
constexpr uint64_t kDefaultSeed = 0x63686e6379ULL;

// Runs `property` for at least kCases cases with a printed seed; fails the test on a failure.
template <typename Property>
void CheckProperty(Property property) {
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (std::getenv("RC_PARAMS") == nullptr) {
    params.seed = kDefaultSeed;
  }
  params.maxSuccess = std::max(params.maxSuccess, kCases);
  std::cout << "rapidcheck seed=" << params.seed << " cases=" << params.maxSuccess << "\n";
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(info->test_suite_name()) + "/" + info->name();
  metadata.description = info->name();
  const auto result = rc::detail::checkTestable(property, metadata, params);
  if (result.template is<rc::detail::SuccessResult>()) {
    // The RC_CLASSIFY distribution shows the cases are not vacuous (e.g. some were allowed).
    rc::detail::printResultMessage(result, std::cout);
    std::cout << "\n";
    return;
  }
  {
    std::ostringstream message;
    rc::detail::printResultMessage(result, message);
    FAIL() << message.str();
  }
}

const Policy& TestPolicy() {
  static const Policy* const kPolicy = new Policy(*ParsePolicy(DefaultPolicyText()));
  return *kPolicy;
}

std::vector<std::string> LevelNames() {
  std::vector<std::string> names;
  for (const LevelDef& level : TestPolicy().levels) {
    names.push_back(level.name);
  }
  return names;
}

std::vector<std::string> CategoryNames(std::optional<CategoryKind> kind = std::nullopt) {
  std::vector<std::string> names;
  for (const CategoryDef& category : TestPolicy().categories) {
    if (!kind.has_value() || category.kind == *kind) {
      names.push_back(category.name);
    }
  }
  return names;
}

const std::vector<std::string> kOffices = {"DIVISION ONE", "EMBASSY ARCADIA", "BUREAU X"};

// A subset of `pool`, each member included with odds in_weight : out_weight.
rc::Gen<std::vector<std::string>> SubsetOf(std::vector<std::string> pool, int in_weight,
                                           int out_weight) {
  return rc::gen::map(
      rc::gen::container<std::vector<bool>>(
          pool.size(), rc::gen::weightedElement<bool>({{in_weight, true}, {out_weight, false}})),
      [pool](const std::vector<bool>& mask) {
        std::vector<std::string> out;
        for (size_t i = 0; i < pool.size(); ++i) {
          if (mask[i]) {
            out.push_back(pool[i]);
          }
        }
        return out;
      });
}

// Known level names, rarely an unknown one or unmarked.
rc::Gen<std::string> GenLevel() {
  return rc::gen::weightedOneOf<std::string>({{16, rc::gen::elementOf(LevelNames())},
                                              {1, rc::gen::just(std::string("COSMIC"))},
                                              {1, rc::gen::just(std::string())}});
}

// Mostly few categories and some releasability; rarely an unknown category or group.
model::Label GenLabel() {
  model::Label label;
  label.classification = *GenLevel();
  label.categories = *SubsetOf(CategoryNames(), 1, 5);
  label.releasable_to = *SubsetOf(TestPolicy().groups, 2, 3);
  if (*rc::gen::weightedElement<bool>({{1, true}, {20, false}})) {
    label.categories.push_back("UMBRA");
  }
  if (*rc::gen::weightedElement<bool>({{1, true}, {20, false}})) {
    label.releasable_to.push_back("GBR");
  }
  label.Normalize();
  return label;
}

Subject GenSubject() {
  Subject subject;
  subject.name = "s";
  subject.clearance.level = *GenLevel();
  subject.clearance.categories = *SubsetOf(CategoryNames(), 6, 1);
  subject.clearance.groups = *SubsetOf(TestPolicy().groups, 1, 1);
  subject.clearance.offices = *SubsetOf(kOffices, 1, 1);
  return subject;
}

model::Cable GenRecord() {
  model::Cable record;
  record.id = "r";
  record.current_label = GenLabel();
  record.office = *rc::gen::elementOf(kOffices);
  for (const std::string& name : *SubsetOf(kOffices, 1, 1)) {
    model::Addressee to;
    to.name = name;
    record.addressees.push_back(std::move(to));
  }
  return record;
}

int32_t RankOf(const std::string& level) {
  const LevelDef* def = TestPolicy().FindLevel(level.empty() ? TestPolicy().public_level : level);
  return def == nullptr ? -1 : def->rank;
}

// Picks one element of `pool` not in `present`; nullopt when there is none.
std::optional<std::string> PickAbsent(const std::vector<std::string>& pool,
                                      const std::vector<std::string>& present) {
  std::vector<std::string> absent;
  for (const std::string& name : pool) {
    if (std::find(present.begin(), present.end(), name) == present.end()) {
      absent.push_back(name);
    }
  }
  if (absent.empty()) {
    return std::nullopt;
  }
  return *rc::gen::elementOf(absent);
}

void EraseOne(std::vector<std::string>* names) {
  names->erase(names->begin() +
               *rc::gen::inRange<std::ptrdiff_t>(0, static_cast<std::ptrdiff_t>(names->size())));
}

// "Raising" a label makes it at least as hard to read (docs/security.md §7): a strictly higher
// known level; one more restrictive, unknown or informative category; a first permissive
// category, or one fewer when at least two remain; a first releasability group, or one known
// group fewer when at least two remain. Discards the case when the chosen step does not apply.
model::Label Raise(model::Label label) {
  const int step = *rc::gen::inRange(0, 6);
  std::optional<std::string> added;
  if (step == 0) {
    std::vector<std::string> higher;
    for (const std::string& name : LevelNames()) {
      if (RankOf(label.classification) >= 0 && RankOf(name) > RankOf(label.classification)) {
        higher.push_back(name);
      }
    }
    RC_PRE(!higher.empty());
    label.classification = *rc::gen::elementOf(higher);
  } else if (step == 1) {
    std::vector<std::string> pool = CategoryNames(CategoryKind::kRestrictive);
    pool.push_back("UMBRA");
    pool.push_back("HISTORICAL");
    added = PickAbsent(pool, label.categories);
    RC_PRE(added.has_value());
    label.categories.push_back(*added);
  } else if (step == 2 || step == 3) {
    const std::vector<std::string> pool = CategoryNames(CategoryKind::kPermissive);
    std::vector<std::string> present;
    std::copy_if(
        label.categories.begin(), label.categories.end(), std::back_inserter(present),
        [&](const std::string& c) { return std::find(pool.begin(), pool.end(), c) != pool.end(); });
    RC_PRE(present.empty() || present.size() >= 2);
    if (present.empty()) {
      label.categories.push_back(*rc::gen::elementOf(pool));
    } else {
      std::erase(label.categories, *rc::gen::elementOf(present));
    }
  } else {
    RC_PRE(label.releasable_to.size() != 1);
    if (label.releasable_to.empty()) {
      label.releasable_to.push_back(*rc::gen::elementOf(TestPolicy().groups));
    } else {
      // Only known groups: dropping an unknown one removes a reason to deny.
      std::vector<std::string> known;
      std::copy_if(label.releasable_to.begin(), label.releasable_to.end(),
                   std::back_inserter(known),
                   [](const std::string& g) { return TestPolicy().HasGroup(g); });
      RC_PRE(!known.empty());
      std::erase(label.releasable_to, *rc::gen::elementOf(known));
    }
  }
  label.Normalize();
  return label;
}

// "Lowering" a clearance: a strictly lower known level or an unknown one; one category, group
// or office fewer.
Clearance Lower(Clearance clearance) {
  const int step = *rc::gen::inRange(0, 5);
  if (step == 0) {
    std::vector<std::string> lower = {"COSMIC"};
    for (const std::string& name : LevelNames()) {
      if (RankOf(name) < RankOf(clearance.level)) {
        lower.push_back(name);
      }
    }
    clearance.level = *rc::gen::elementOf(lower);
  } else {
    std::vector<std::string>* names = step == 1   ? &clearance.categories
                                      : step == 2 ? &clearance.groups
                                                  : &clearance.offices;
    RC_PRE(!names->empty());
    EraseOne(names);
  }
  return clearance;
}

bool Same(const Decision& a, const Decision& b) {
  return a.allowed == b.allowed && a.reason == b.reason;
}

TEST(DecideProperty, RaisingALabelNeverGrantsMore) {
  CheckProperty([] {
    const Subject subject = GenSubject();
    model::Cable record = GenRecord();
    const Decision before = Decide(TestPolicy(), subject, record, Action::kRead);
    record.current_label = Raise(record.current_label);
    const Decision after = Decide(TestPolicy(), subject, record, Action::kRead);
    RC_CLASSIFY(before.allowed);
    RC_ASSERT(!after.allowed || before.allowed);
  });
}

TEST(DecideProperty, LoweringAClearanceNeverGrantsMore) {
  CheckProperty([] {
    Subject subject = GenSubject();
    const model::Cable record = GenRecord();
    const Action action = *rc::gen::element(Action::kRead, Action::kCreate, Action::kUpdate);
    const Decision before = Decide(TestPolicy(), subject, record, action);
    subject.clearance = Lower(subject.clearance);
    const Decision after = Decide(TestPolicy(), subject, record, action);
    RC_CLASSIFY(before.allowed);
    RC_ASSERT(!after.allowed || before.allowed);
  });
}

TEST(DecideProperty, DecisionOnARecordEqualsDecisionOnItsInternedClass) {
  CheckProperty([] {
    const Subject subject = GenSubject();
    model::Cable record = GenRecord();
    const AccessClass access = ClassOf(TestPolicy(), record);
    Result<AccessClass> interned = AccessClass::FromKey(access.Key());
    RC_ASSERT(interned.ok());
    const Decision on_record = Decide(TestPolicy(), subject, record, Action::kRead);
    RC_CLASSIFY(on_record.allowed);
    RC_ASSERT(Same(on_record, Decide(TestPolicy(), subject, *interned, Action::kRead)));
    // Fields outside the class change nothing.
    record.title = *rc::gen::arbitrary<std::string>();
    record.body.push_back({*rc::gen::arbitrary<std::string>(), std::nullopt});
    if (access.offices.empty()) {
      record.office = *rc::gen::arbitrary<std::string>();
      record.addressees.clear();
    }
    RC_ASSERT(Same(on_record, Decide(TestPolicy(), subject, record, Action::kRead)));
  });
}

rc::Gen<std::string> GenName() {
  return rc::gen::scale(0.2, rc::gen::nonEmpty(rc::gen::container<std::string>(
                                 rc::gen::elementOf(std::string("aZ |,\\:R\xc3\xa9")))));
}

AccessClass GenClass() {
  AccessClass access;
  access.label.classification =
      *rc::gen::container<std::string>(rc::gen::elementOf(std::string("S |,\\:")));
  const auto names = rc::gen::scale(0.1, rc::gen::container<std::vector<std::string>>(GenName()));
  access.label.categories = *names;
  access.label.releasable_to = *names;
  access.offices = *names;
  return access;
}

TEST(AccessClassProperty, KeyRoundTrips) {
  CheckProperty([] {
    const AccessClass access = GenClass();
    Result<AccessClass> back = AccessClass::FromKey(access.Key());
    RC_ASSERT(back.ok());
    RC_ASSERT(*back == access);
  });
}

TEST(AccessClassProperty, AnyAcceptedKeyIsCanonical) {
  CheckProperty([] {
    std::string key = GenClass().Key();
    const size_t pos = *rc::gen::inRange<size_t>(0, key.size());
    key[pos] = *rc::gen::elementOf(std::string("|,\\:aRv"));
    Result<AccessClass> parsed = AccessClass::FromKey(key);
    RC_CLASSIFY(parsed.ok());
    if (parsed.ok()) {
      RC_ASSERT(parsed->Key() == key);
    }
  });
}

}  // namespace
}  // namespace chancery::security
