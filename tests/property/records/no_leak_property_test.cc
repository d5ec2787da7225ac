// The no-leak property (../shared/reference/cable-desk.md §C.3, "non-interference harness"): for
// random records, subjects and queries, adding records the subject may not read changes nothing
// the subject observes through any read path: search hits, their order (by relevance or date) and
// scores, totals, facet counts, snippets, show (including the error for an id or serial it may
// not read), list and export.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

const std::vector<std::string> kWords = {"grain", "treaty", "border", "embassy",
                                         "unity", "debate", "tariff", "delegation"};

struct LabelChoice {
  std::string level;
  std::vector<std::string> categories;
};

const std::vector<LabelChoice> kLabels = {
    {"PUBLIC", {}},
    {"CONFIDENTIAL", {}},
    {"SECRET", {}},
    {"SECRET", {"NOFORN"}},
    {"TOP SECRET", {"INTERNAL RESEARCH"}},
    {"TOP SECRET", {"NODIS"}},
};
const std::vector<std::string> kOffices = {"EMBASSY MOSCOW", "EMBASSY HANOI", "POLITICAL DIVISION"};

rc::Gen<model::Cable> GenRecord(const std::string& prefix) {
  return rc::gen::exec([prefix] {
    const auto id = prefix + std::to_string(*rc::gen::inRange(0, 40));
    const auto title = *rc::gen::elementOf(kWords) + " " + *rc::gen::elementOf(kWords);
    std::string body;
    const int words = *rc::gen::inRange(1, 8);
    for (int i = 0; i < words; ++i) {
      body += (i ? " " : "") + *rc::gen::elementOf(kWords);
    }
    const LabelChoice label = *rc::gen::elementOf(kLabels);
    const int day = *rc::gen::inRange(0, 29);  // 0 = undated
    std::string date =
        day == 0 ? "" : "1963-03-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
    model::Cable c = testing::MakeCable(id, title, body, label.level, label.categories, date);
    c.office = *rc::gen::elementOf(kOffices);
    model::Addressee to;
    to.name = *rc::gen::elementOf(kOffices);
    c.addressees.push_back(to);
    if (*rc::gen::inRange(0, 3) == 0) {
      c.serial.original = "(63) S-" + std::to_string(*rc::gen::inRange(0, 4));
    }
    return c;
  });
}

std::vector<model::Cable> UniqueById(std::vector<model::Cable> cables) {
  std::vector<model::Cable> out;
  for (auto& c : cables) {
    if (std::none_of(out.begin(), out.end(), [&](const model::Cable& o) { return o.id == c.id; })) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::string GenQuery() {
  switch (*rc::gen::inRange(0, 5)) {
    case 0:
      return *rc::gen::elementOf(kWords);
    case 1:
      return *rc::gen::elementOf(kWords) + " " + *rc::gen::elementOf(kWords);
    case 2:
      return *rc::gen::elementOf(kWords) + " OR " + *rc::gen::elementOf(kWords);
    case 3:
      return "\"" + *rc::gen::elementOf(kWords) + " " + *rc::gen::elementOf(kWords) + "\"";
    default:
      return "";
  }
}

// Registers the same users in a world; returns the subject under test.
security::Subject Subject(testing::RecordsFixture& fx, const security::Clearance& clearance) {
  return fx.User("subject", clearance.level, clearance.categories, clearance.offices);
}

RC_GTEST_PROP(NoLeak, HiddenRecordsChangeNothingTheSubjectObserves, ()) {
  const auto policy = *security::ParsePolicy(security::DefaultPolicyText());
  security::Clearance clearance;
  clearance.level = *rc::gen::elementOf(
      std::vector<std::string>{"PUBLIC", "CONFIDENTIAL", "SECRET", "TOP SECRET"});
  clearance.categories = *rc::gen::container<std::vector<std::string>>(
      rc::gen::elementOf(std::vector<std::string>{"NOFORN", "INTERNAL RESEARCH", "NODIS"}));
  clearance.offices = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kOffices));
  security::Subject probe;
  probe.name = "subject";
  probe.clearance = clearance;
  std::sort(probe.clearance.categories.begin(), probe.clearance.categories.end());
  probe.clearance.categories.erase(
      std::unique(probe.clearance.categories.begin(), probe.clearance.categories.end()),
      probe.clearance.categories.end());

  auto base = UniqueById(*rc::gen::container<std::vector<model::Cable>>(GenRecord("r-")));
  auto extra = UniqueById(
      *rc::gen::nonEmpty(rc::gen::container<std::vector<model::Cable>>(GenRecord("h-"))));
  std::vector<model::Cable> hidden;
  for (auto& c : extra) {
    if (!security::Decide(policy, probe, c, security::Action::kRead).allowed) {
      hidden.push_back(std::move(c));
    }
  }
  RC_PRE(!hidden.empty());

  records::SearchRequest request;
  request.query = GenQuery();
  request.limit = static_cast<uint32_t>(*rc::gen::inRange(1, 6));
  request.offset = static_cast<uint32_t>(*rc::gen::inRange(0, 3));
  if (*rc::gen::arbitrary<bool>()) {
    request.from = model::Date::FromYmd(1963, 3, *rc::gen::inRange(1, 15));
    request.to = model::Date::FromYmd(1963, 3, *rc::gen::inRange(15, 29));
    request.include_undated = *rc::gen::arbitrary<bool>();
  }
  // Sort order, facet counts and snippets are read paths too (issue 3 §5).
  request.sort = *rc::gen::elementOf(std::vector<search::SortOrder>{
      search::SortOrder::kRelevance, search::SortOrder::kDateAscending,
      search::SortOrder::kDateDescending});
  if (*rc::gen::arbitrary<bool>()) {
    request.facets = {
        search::Facet::kDecade,     search::Facet::kYear,       search::Facet::kClassification,
        search::Facet::kPrecedence, search::Facet::kFromOffice, search::Facet::kToOffice,
        search::Facet::kCollection, search::Facet::kLanguage,   search::Facet::kDocumentKind};
    request.facet_limit = 0;
  }
  request.snippets = *rc::gen::arbitrary<bool>();
  std::vector<std::string> probes;
  for (const auto& c : base) {
    probes.push_back(c.id);
  }
  for (const auto& c : hidden) {
    probes.push_back(c.id);
  }
  probes.push_back("absent-1");
  for (int serial = 0; serial < 4; ++serial) {
    probes.push_back("(63) S-" + std::to_string(serial));  // shared serials, hidden and visible
  }

  // World B interleaves the hidden records with the base records, hidden first or mixed.
  std::vector<model::Cable> mixed = hidden;
  mixed.insert(
      mixed.begin() + static_cast<std::ptrdiff_t>(*rc::gen::inRange<size_t>(0, hidden.size() + 1)),
      base.begin(), base.end());

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  testing::RecordsFixture world_a(dir_a.path());
  testing::RecordsFixture world_b(dir_b.path());
  auto subject_a = Subject(world_a, clearance);
  auto subject_b = Subject(world_b, clearance);
  if (!base.empty()) {
    world_a.Import(base);
  }
  world_b.Import(mixed);

  const auto seen_a = world_a.Observe(subject_a, request, probes);
  const auto seen_b = world_b.Observe(subject_b, request, probes);
  RC_ASSERT(seen_a.search == seen_b.search);
  RC_ASSERT(seen_a.list == seen_b.list);
  RC_ASSERT(seen_a.exported == seen_b.exported);
  RC_ASSERT(seen_a.shows == seen_b.shows);
}

}  // namespace
}  // namespace chancery
