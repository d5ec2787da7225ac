// The no-leak property for description (issue 14, "Tests"; docs/archive.md "Description"): for
// random records, readers and description edits, adding records the reader may not read, and
// editing their descriptions in any way, changes nothing the reader observes of descriptions:
// the history and diff of every id (an unreadable record answers as a missing one does), and
// searches over the described fields (subject:, place:, title:, the scope note's words). The
// same edits of readable records are made in both worlds by a fully cleared archivist, at the same
// (fake) times; hidden records are edited only in world B, interleaved at random.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/authorities.h"
#include "chancery/archive/description.h"
#include "chancery/base/clock.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using Json = nlohmann::json;

const std::string kSubjects =
    std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/subjects-cold-war.jsonl";
const std::vector<std::string> kTerms = {"Nuclear weapons", "Test ban", "Korean peninsula",
                                         "Sino-Soviet relations"};
const std::vector<std::string> kWords = {"grain", "treaty", "embassy", "quokka"};
const std::vector<std::string> kPlaces = {"Hanoi", "Bern", "Lilongwe"};

struct LabelChoice {
  std::string level;
  std::vector<std::string> categories;
};

const std::vector<LabelChoice> kLabels = {
    {"PUBLIC", {}}, {"CONFIDENTIAL", {}}, {"SECRET", {}}, {"TOP SECRET", {"INTERNAL RESEARCH"}}};

rc::Gen<model::Cable> GenRecord(const std::string& prefix) {
  return rc::gen::exec([prefix] {
    const LabelChoice label = *rc::gen::elementOf(kLabels);
    return testing::MakeCable(prefix + std::to_string(*rc::gen::inRange(0, 12)),
                              *rc::gen::elementOf(kWords), *rc::gen::elementOf(kWords), label.level,
                              label.categories, "1962-05-01");
  });
}

std::vector<model::Cable> UniqueById(std::vector<model::Cable> cables) {
  std::vector<model::Cable> out;
  for (auto& c : cables) {
    if (std::none_of(out.begin(), out.end(), [&](const model::Cable& o) { return o.id == c.id; }))
      out.push_back(std::move(c));
  }
  return out;
}

// One edit: of which record, and what.
struct EditOp {
  bool hidden = false;
  size_t target = 0;
  archive::DescriptionChange change;
};

rc::Gen<archive::DescriptionChange> GenChange() {
  return rc::gen::exec([] {
    archive::DescriptionChange c;
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
        c = {"title", archive::DescriptionOp::kSet, *rc::gen::elementOf(kWords) + " described"};
        break;
      case 1:
        c = {"subject", archive::DescriptionOp::kAdd, *rc::gen::elementOf(kTerms)};
        break;
      case 2:
        c = {"place", archive::DescriptionOp::kAdd, *rc::gen::elementOf(kPlaces)};
        break;
      default:
        c = {"scope-note", archive::DescriptionOp::kSet, "Mentions " + *rc::gen::elementOf(kWords)};
        break;
    }
    return c;
  });
}

std::string EditJson(const archive::DescriptionEdit& e) {
  Json j = Json::parse(archive::DescriptionEditToJson(e));
  j.erase("public_key");  // each store has its own keys
  j.erase("signature");
  return j.dump();
}

struct World {
  explicit World(const std::string& dir) : fixture(dir) {}

  testing::RecordsFixture fixture;
  FakeClock clock{-215'539'200'000'000};
  std::unique_ptr<archive::Authorities> authorities;
  std::unique_ptr<archive::Description> description;
  std::string db;

  void Open(const std::string& dir) {
    auto a = archive::Authorities::Open(fixture.records());
    RC_ASSERT(a.ok());
    authorities = std::move(*a);
    RC_ASSERT(authorities->LoadFile(fixture.Admin(), kSubjects).ok());
    archive::DescriptionOptions options;
    options.db_path = dir + "/records.db";
    options.key_dir = dir + "/keys";
    options.clock = &clock;
    options.authorities = authorities.get();
    auto d = archive::Description::Open(fixture.records(), options);
    RC_ASSERT(d.ok());
    description = std::move(*d);
  }

  void Edit(const security::Subject& arch, const std::string& id,
            const archive::DescriptionChange& change) {
    clock.Advance(1'000'000);
    (void)description->Edit(arch, id, {0, {change}});  // a repeated add is refused alike
  }
};

std::string Observe(World& w, const security::Subject& reader,
                    const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    auto history = w.description->History(reader, id);
    if (!history.ok()) {
      out += "history " + id + ": " + history.status().ToString() + "\n";
    } else {
      for (const archive::DescriptionEdit& e : *history)
        out += "history " + id + ": " + EditJson(e) + "\n";
    }
    auto diff = w.description->Diff(reader, id, 1, 0);
    out += "diff " + id + ": " +
           (diff.ok() ? archive::DescriptionDiffToJson(*diff) : diff.status().ToString()) + "\n";
  }
  std::vector<std::string> queries;
  for (const std::string& t : kTerms)
    queries.push_back("subject:\"" + t + "\"");
  for (const std::string& p : kPlaces)
    queries.push_back("place:" + p);
  for (const std::string& word : kWords) {
    queries.push_back("title:" + word);
    queries.push_back("mentions " + word);
  }
  for (const std::string& q : queries) {
    records::SearchRequest request;
    request.query = q;
    request.limit = 50;
    auto found = w.fixture.records().Search(reader, request);
    out += "search " + q + ": ";
    if (!found.ok()) {
      out += found.status().ToString() + "\n";
      continue;
    }
    out += std::to_string(found->total);
    for (const search::Hit& hit : found->hits)
      out += " " + hit.id + "|" + hit.title;
    out += "\n";
  }
  return out;
}

RC_GTEST_PROP(DescriptionNoLeak, HiddenRecordsAndTheirEditsChangeNothingTheReaderSees, ()) {
  const auto policy = *security::ParsePolicy(security::DefaultPolicyText());
  const LabelChoice clearance = *rc::gen::elementOf(kLabels);
  security::Subject probe;
  probe.name = "subject";
  probe.clearance.level = clearance.level;
  probe.clearance.categories = clearance.categories;

  auto base = UniqueById(*rc::gen::container<std::vector<model::Cable>>(GenRecord("r-")));
  std::vector<model::Cable> hidden;
  for (auto& c : UniqueById(
           *rc::gen::nonEmpty(rc::gen::container<std::vector<model::Cable>>(GenRecord("h-"))))) {
    if (!security::Decide(policy, probe, c, security::Action::kRead).allowed)
      hidden.push_back(std::move(c));
  }
  RC_PRE(!hidden.empty());
  std::vector<EditOp> ops;
  const size_t n = *rc::gen::inRange<size_t>(1, 10);
  for (size_t i = 0; i < n; ++i) {
    EditOp op;
    op.hidden = base.empty() || *rc::gen::arbitrary<bool>();
    op.target = *rc::gen::inRange<size_t>(0, op.hidden ? hidden.size() : base.size());
    op.change = *GenChange();
    ops.push_back(std::move(op));
  }

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  World a(dir_a.path());
  World b(dir_b.path());
  a.Open(dir_a.path());
  b.Open(dir_b.path());
  for (World* w : {&a, &b}) {
    records::UserSpec spec;
    spec.name = "arch";
    spec.clearance.level = "TOP SECRET";
    spec.clearance.categories = {"INTERNAL RESEARCH"};
    spec.clearance.roles = {"archivist"};
    RC_ASSERT(w->fixture.records().AddUser(w->fixture.Admin(), spec).ok());
  }
  const bool anonymous = *rc::gen::arbitrary<bool>();
  auto reader_a = anonymous ? security::Subject::PublicReader(a.fixture.records().policy())
                            : a.fixture.User("subject", clearance.level, clearance.categories);
  auto reader_b = anonymous ? security::Subject::PublicReader(b.fixture.records().policy())
                            : b.fixture.User("subject", clearance.level, clearance.categories);
  std::vector<model::Cable> mixed = hidden;
  mixed.insert(mixed.end(), base.begin(), base.end());
  if (!base.empty())
    a.fixture.Import(base);
  b.fixture.Import(mixed);
  auto archivist_a = *a.fixture.records().ResolveSubject("arch");
  auto archivist_b = *b.fixture.records().ResolveSubject("arch");
  for (const EditOp& op : ops) {
    if (op.hidden) {
      b.Edit(archivist_b, hidden[op.target].id, op.change);
    } else {
      a.Edit(archivist_a, base[op.target].id, op.change);
      b.Edit(archivist_b, base[op.target].id, op.change);
    }
  }
  std::vector<std::string> ids = {"r-missing"};
  for (const auto& c : base)
    ids.push_back(c.id);
  for (const auto& c : hidden)
    ids.push_back(c.id);
  std::string seen_a = Observe(a, reader_a, ids);
  std::string seen_b = Observe(b, reader_b, ids);
  for (std::string* s : {&seen_a, &seen_b}) {
    // Times differ only by the clock's ticks for hidden edits; strip them.
    for (const std::string key : {"\"time\":\"", "\"micros\":"}) {
      size_t at = 0;
      while ((at = s->find(key, at)) != std::string::npos) {
        const size_t end = s->find_first_of(",}", at + key.size() + 1);
        s->erase(at, end - at);
      }
    }
  }
  // A hidden record's id answers as a missing one does: compare with the id replaced.
  for (const auto& c : hidden) {
    RC_ASSERT(seen_a.find("history " + c.id + ": not found: no record " + c.id + "\n") !=
              std::string::npos);
  }
  RC_ASSERT(seen_a == seen_b);
}

}  // namespace
}  // namespace chancery
