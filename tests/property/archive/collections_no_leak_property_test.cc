// The no-leak property for browsing (issue 14 §5; docs/archive.md "Browsing"): for random
// records in random volumes, chapters and positions, a curated collection over them, and random
// readers, adding records the reader may not read (to the volumes and to the curated collection,
// anywhere in its order) changes nothing the reader observes: the list of collections and their
// counts, every table of contents (or its error), previous/next of every record id (or the
// error), and the date histogram of searches.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/collections.h"
#include "chancery/search/histogram.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

const std::vector<std::string> kVolumes = {"frus1961-63v22", "volb", ""};
const std::vector<std::string> kChapters = {"", "China", "China \u203a Korea", "Japan"};
const std::vector<std::string> kWords = {"grain", "treaty", "embassy", "debate"};

struct LabelChoice {
  std::string level;
  std::vector<std::string> categories;
};

const std::vector<LabelChoice> kLabels = {
    {"PUBLIC", {}}, {"CONFIDENTIAL", {}}, {"SECRET", {}}, {"TOP SECRET", {"INTERNAL RESEARCH"}}};

rc::Gen<model::Cable> GenRecord(const std::string& prefix) {
  return rc::gen::exec([prefix] {
    const std::string id = prefix + std::to_string(*rc::gen::inRange(0, 40));
    const LabelChoice label = *rc::gen::elementOf(kLabels);
    const int year = *rc::gen::inRange(1958, 1964);
    const int month = *rc::gen::inRange(1, 13);
    model::Cable c = testing::MakeCable(
        id, *rc::gen::elementOf(kWords), *rc::gen::elementOf(kWords), label.level, label.categories,
        std::to_string(year) + "-" + (month < 10 ? "0" : "") + std::to_string(month) + "-15");
    c.archival.collection = *rc::gen::elementOf(kVolumes);
    if (!c.archival.collection.empty()) {
      c.archival.collection_title = "Volume " + c.archival.collection;
      c.archival.chapter = *rc::gen::elementOf(kChapters);
      c.archival.position = *rc::gen::inRange(1, 25);
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

std::string Entry(const archive::CollectionEntry& e) {
  return e.id + "|" + e.title + "|" + e.date + "|" + e.number;
}

// Everything the reader observes of collections in one world. `members` is the curated
// collection's order (world B's holds the hidden records too).
std::string Observe(testing::RecordsFixture& world, const security::Subject& reader,
                    const std::vector<std::string>& members, const std::vector<std::string>& ids) {
  auto opened = archive::Collections::Open(world.records());
  RC_ASSERT(opened.ok());
  archive::Collections& cs = **opened;
  security::Subject archivist = world.User("arch", "TOP SECRET", {"INTERNAL RESEARCH"});
  archivist.clearance.roles = {"archivist"};
  archive::CuratedCollection curated;
  curated.id = "cur";
  curated.title = "Curated";
  curated.description = "About.";
  // Each member's section depends on the member alone (the same in both worlds).
  curated.sections.push_back({"", {}});
  curated.sections.push_back({"Second", {}});
  for (const std::string& m : members) {
    curated.sections[static_cast<size_t>(m.back() % 2)].members.push_back(m);
  }
  const Status created = cs.Create(archivist, curated);
  RC_ASSERT(created.ok());
  std::string out;
  auto list = cs.List(reader);
  RC_ASSERT(list.ok());
  for (const auto& s : *list) {
    out += "list " + s.id + " " + s.title + " " + std::to_string(s.count) + "\n";
  }
  for (const std::string id : {"frus1961-63v22", "volb", "cur", "missing"}) {
    auto toc = cs.Toc(reader, id);
    if (!toc.ok()) {
      out += "toc " + std::string(id) + ": " + toc.status().ToString() + "\n";
      continue;
    }
    out += "toc " + std::string(id) + " " + std::to_string(toc->summary.count) + "\n";
    for (const auto& s : toc->sections) {
      out += " [";
      for (const auto& p : s.path)
        out += p + "/";
      out += "]\n";
      for (const auto& e : s.entries)
        out += "  " + Entry(e) + "\n";
    }
  }
  for (const std::string& id : ids) {
    auto around = cs.Around(reader, id);
    if (!around.ok()) {
      out += "around " + id + ": " + around.status().ToString() + "\n";
      continue;
    }
    for (const auto& n : *around) {
      out += "around " + id + " " + n.collection + " " + n.chapter + " " + std::to_string(n.index) +
             "/" + std::to_string(n.count) + " " + (n.previous ? Entry(*n.previous) : "-") + " " +
             (n.next ? Entry(*n.next) : "-") + "\n";
    }
  }
  for (const std::string q : {"", "grain", "vol:frus1961-63v22"}) {
    records::SearchRequest request;
    request.query = q;
    request.limit = 0;
    request.facets = {search::Facet::kMonth};
    auto results = world.records().Search(reader, request);
    RC_ASSERT(results.ok());
    const search::DateHistogram h = search::MakeDateHistogram(results->facets.at(0));
    out += "histogram " + std::string(q) + " " + h.unit + ":";
    for (const auto& b : h.bins)
      out += " " + b.label + "=" + std::to_string(b.count);
    out += "\n";
  }
  return out;
}

RC_GTEST_PROP(CollectionsNoLeak, RecordsTheReaderMayNotReadChangeNothingTheyBrowse, ()) {
  const auto policy = *security::ParsePolicy(security::DefaultPolicyText());
  const LabelChoice clearance = *rc::gen::elementOf(kLabels);
  security::Subject probe;
  probe.name = "subject";
  probe.clearance.level = clearance.level;
  probe.clearance.categories = clearance.categories;

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
  std::vector<model::Cable> mixed = hidden;
  mixed.insert(
      mixed.begin() + static_cast<std::ptrdiff_t>(*rc::gen::inRange<size_t>(0, hidden.size() + 1)),
      base.begin(), base.end());
  // The curated collection: the base records in a random order, and in world B the hidden ones
  // interleaved anywhere.
  std::vector<std::string> members_a;
  for (const auto& c : base)
    members_a.push_back(c.id);
  members_a = *rc::gen::elementOf(std::vector<std::vector<std::string>>{
      members_a, std::vector<std::string>(members_a.rbegin(), members_a.rend())});
  std::vector<std::string> members_b = members_a;
  for (const auto& c : hidden) {
    const size_t at = *rc::gen::inRange<size_t>(0, members_b.size() + 1);
    members_b.insert(members_b.begin() + static_cast<std::ptrdiff_t>(at), c.id);
  }
  // A curated collection with no member at all is not visible to a non-archivist in either
  // world, so the comparison still holds; give it at least one member to exercise ordering.
  std::vector<std::string> probe_ids = members_b;
  probe_ids.push_back("missing-id");

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  testing::RecordsFixture world_a(dir_a.path());
  testing::RecordsFixture world_b(dir_b.path());
  const bool anonymous = *rc::gen::arbitrary<bool>();
  auto reader_a = anonymous ? security::Subject::PublicReader(world_a.records().policy())
                            : world_a.User("subject", clearance.level, clearance.categories);
  auto reader_b = anonymous ? security::Subject::PublicReader(world_b.records().policy())
                            : world_b.User("subject", clearance.level, clearance.categories);
  if (!base.empty())
    world_a.Import(base);
  world_b.Import(mixed);
  RC_ASSERT(Observe(world_a, reader_a, members_a, probe_ids) ==
            Observe(world_b, reader_b, members_b, probe_ids));
}

}  // namespace
}  // namespace chancery
