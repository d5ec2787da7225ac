// The no-leak property for name authorities (issue 14, "Tests"; docs/authorities.md "Access"):
// for random people, records and readers, adding records the reader may not read changes nothing
// the reader observes of the authorities: show (variants, posts, the records naming a person and
// their count by year, or the error), search by name, the chief-of-mission query, and the
// person: expansion with the search it runs. Both worlds load the same authority file and link
// the records' persons (FRUS-style "Surname, Forename" in a volume), so a person named only in a
// record the reader may not read must not appear, nor count.
#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/authorities.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using Json = nlohmann::json;

// Given name, surname. The first four are in the authority file; the rest are known only from
// records (linking makes authorities of their own for them).
const std::vector<std::pair<std::string, std::string>> kPeople = {
    {"Anna", "Berg"}, {"Boris", "Chen"}, {"Carl", "Dahl"}, {"Dora", "Engel"},
    {"Emil", "Falk"}, {"Frida", "Gray"}, {"Gus", "Holm"},  {"Hana", "Iver"}};
const std::vector<std::string> kVolumes = {"frus1961-63v22", "frus1958-60v19", ""};
const std::vector<std::string> kWords = {"grain", "treaty", "embassy", "debate"};

struct LabelChoice {
  std::string level;
  std::vector<std::string> categories;
};

const std::vector<LabelChoice> kLabels = {
    {"PUBLIC", {}}, {"CONFIDENTIAL", {}}, {"SECRET", {}}, {"TOP SECRET", {"INTERNAL RESEARCH"}}};

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string AuthorityFile() {
  std::string out;
  for (size_t i = 0; i < 4; ++i) {
    const auto& [given, surname] = kPeople[i];
    Json j = {{"id", "t:" + Lower(surname)},
              {"kind", "person"},
              {"name", given + " " + surname},
              {"variants", {given.substr(0, 1) + ". " + surname + "ov"}},
              {"birth", "1910"},
              {"posts",
               {{{"post", "russia"},
                 {"role", "Ambassador"},
                 {"started", std::to_string(1958 + i) + "-01-01"},
                 {"ended", std::to_string(1959 + i) + "-06-30"}}}}};
    out += j.dump() + "\n";
  }
  return out;
}

rc::Gen<model::Cable> GenRecord(const std::string& prefix) {
  return rc::gen::exec([prefix] {
    const std::string id = prefix + std::to_string(*rc::gen::inRange(0, 30));
    const LabelChoice label = *rc::gen::elementOf(kLabels);
    const int year = *rc::gen::inRange(1958, 1964);
    std::string body = *rc::gen::elementOf(kWords);
    const auto& [given, surname] = *rc::gen::elementOf(kPeople);
    if (*rc::gen::arbitrary<bool>())
      body += " " + given.substr(0, 1) + ". " + surname + "ov";
    model::Cable c = testing::MakeCable(id, *rc::gen::elementOf(kWords), body, label.level,
                                        label.categories, std::to_string(year) + "-05-01");
    c.archival.collection = *rc::gen::elementOf(kVolumes);
    const int persons = *rc::gen::inRange(0, 3);
    for (int k = 0; k < persons; ++k) {
      const auto& [g, s] = *rc::gen::elementOf(kPeople);
      c.persons.push_back(s + ", " + g);
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

std::string Dump(const archive::Authority& a) {
  return Json{{"id", a.id},
              {"name", a.name},
              {"variants", a.variants},
              {"sources", a.sources},
              {"from", a.active_from},
              {"to", a.active_to},
              {"posts", a.posts.size()}}
      .dump();
}

// Everything the reader observes of the authorities in one world.
std::string Observe(testing::RecordsFixture& world, const security::Subject& reader,
                    const std::string& file) {
  auto authorities = archive::Authorities::Open(world.records());
  RC_ASSERT(authorities.ok());
  archive::Authorities& a = **authorities;
  const Status loaded = a.LoadFile(world.Admin(), file).status();
  RC_ASSERT(loaded.ok());
  const Status linked = a.Link(world.Admin()).status();
  RC_ASSERT(linked.ok());
  std::string out;
  std::vector<std::string> names;
  for (const auto& [given, surname] : kPeople) {
    names.push_back(surname);
    names.push_back(given + " " + surname);
    names.push_back("t:" + Lower(surname));
    names.push_back("frus:" + Lower(given) + "-" + Lower(surname));
  }
  for (const std::string& n : names) {
    auto view = a.Show(reader, n, 50);
    if (!view.ok()) {
      out += "show " + n + ": " + view.status().ToString() + "\n";
      continue;
    }
    out += "show " + n + ": " + Dump(view->authority) + " " + std::to_string(view->records) + " " +
           view->query + "\n";
    for (const auto& [y, c] : view->by_year)
      out += "  " + y + "=" + std::to_string(c) + "\n";
    for (const archive::Mention& m : view->mentions)
      out += "  " + m.id + "\n";
    auto found = a.Find(n, std::nullopt, 50);
    RC_ASSERT(found.ok());
    for (const archive::Authority& f : *found)
      out += "find " + n + ": " + Dump(f) + "\n";
    auto expanded = a.ExpandQuery("person:" + n.substr(n.find(':') + 1));
    RC_ASSERT(expanded.ok());
    records::SearchRequest request;
    request.query = *expanded;
    request.limit = 50;
    auto results = world.records().Search(reader, request);
    out += "expand " + *expanded + ": " +
           (results.ok() ? std::to_string(results->total) : results.status().ToString()) + "\n";
  }
  for (const std::string day : {"1958-06-01", "1960-03-01", "1961-12-31", "1963-03-04"}) {
    auto chiefs = a.Chief("Moscow", day);
    RC_ASSERT(chiefs.ok());
    for (const archive::ChiefAnswer& c : *chiefs)
      out += "chief " + day + ": " + c.person.id + "\n";
  }
  return out;
}

RC_GTEST_PROP(AuthorityNoLeak, RecordsTheReaderMayNotReadChangeNoAuthorityView, ()) {
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

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  const std::string file = dir_a.path() + "/people.jsonl";
  std::ofstream(file) << AuthorityFile();
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
  // The public reader may read less than the probe: only records hidden from it are allowed in
  // world B's surplus, which holds because the public level is the lowest.
  RC_ASSERT(Observe(world_a, reader_a, file) == Observe(world_b, reader_b, file));
}

}  // namespace
}  // namespace chancery
