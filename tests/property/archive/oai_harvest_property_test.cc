// The OAI-PMH harvest property (issue 15 "Tests"; docs/decisions/0014-oai-pmh.md): for random
// publish / edit / withdraw / classified-import sequences interleaved with the pages of a chain
// of harvests (a full one, then each incremental from the previous one's responseDate), with
// the clock moving by random seconds:
//   * no harvest delivers a record twice;
//   * the harvests overlaid in order (a later one's entry for a record replaces an earlier
//     one's) give exactly the public set at the end, each record at its current version;
//   * every record changed after a harvest's responseDate is in the next harvest;
//   * nothing of a record the public never read appears in any response (no-leak).
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/oai.h"
#include "chancery/base/clock.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int kIds = 8;

struct Served {
  bool deleted = false;
  int64_t version = 0;
};

// The model: each id's public version (0 = not public), and whether it was ever public.
struct Model {
  std::map<std::string, int64_t> public_version;
  std::map<std::string, int64_t> stored_version;
  std::set<std::string> hidden;  // stored above the public level
};

struct World {
  testing::TempDir dir;
  testing::RecordsFixture records{dir.path()};
  FakeClock clock{int64_t{1'800'000'000} * 1'000'000};
  std::unique_ptr<archive::OaiProvider> oai;
  Model model;
  int edits = 0;

  World() {
    archive::OaiOptions o;
    o.clock = &clock;
    o.page_size = static_cast<size_t>(*rc::gen::inRange(1, 4));
    auto opened = archive::OaiProvider::Open(records.records(), o);
    RC_ASSERT(opened.ok());
    oai = std::move(*opened);
  }

  std::string Ask(const archive::OaiArgs& args) {
    auto r = oai->Handle(args);
    RC_ASSERT(r.ok());
    RC_ASSERT(r->find("ZEBRA") == std::string::npos);  // a classified record's words
    return *r;
  }

  // One random change; returns the id it changed for the public ("" for none).
  std::string Change() {
    const std::string id = "r" + std::to_string(*rc::gen::inRange(0, kIds));
    const int op = *rc::gen::inRange(0, 4);
    const bool is_public = model.public_version[id] > 0;
    const bool is_hidden = model.hidden.count(id) > 0;
    clock.Advance(*rc::gen::inRange(0, 3) * 1'000'000);
    if (op == 3 && !is_public && !is_hidden) {  // a classified record: never public
      records.Import({testing::MakeCable(id, "ZEBRA plan", "ZEBRA words", "SECRET")});
      model.hidden.insert(id);
      model.stored_version[id] += 1;
      return "";
    }
    if (is_hidden) {
      return "";  // cannot come back by import (declassification is review)
    }
    if (op == 2 && is_public) {  // withdrawn: relabelled above the public level
      records.Import({testing::MakeCable(id, "grain", "withdrawn words", "SECRET")});
      model.hidden.insert(id);
      model.public_version[id] = 0;
      model.stored_version[id] += 1;
      return id;
    }
    // Published, or edited when public already.
    records.Import({testing::MakeCable(id, "grain", "text " + std::to_string(++edits), "PUBLIC")});
    model.stored_version[id] += 1;
    model.public_version[id] = model.stored_version[id];
    return id;
  }
};

// The records of one response: id -> what was served, in order, with duplicates counted.
void Collect(const std::string& xml, std::vector<std::pair<std::string, Served>>* out) {
  static const std::regex record(
      "<record><header( status=\"deleted\")?><identifier>oai:chancery\\.example:([^<]*)"
      "</identifier>.*?(<chancery:version>([0-9]+)</chancery:version>.*?)?</record>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), record); it != std::sregex_iterator();
       ++it) {
    Served s;
    s.deleted = (*it)[1].matched;
    s.version = (*it)[4].matched ? std::stoll((*it)[4]) : 0;
    out->emplace_back((*it)[2], s);
  }
}

std::string Token(const std::string& xml) {
  static const std::regex token("<resumptionToken[^>]*>([^<]+)</resumptionToken>");
  std::smatch m;
  return std::regex_search(xml, m, token) ? std::string(m[1]) : "";
}

std::string ResponseDate(const std::string& xml) {
  static const std::regex date("<responseDate>([^<]*)</responseDate>");
  std::smatch m;
  RC_ASSERT(std::regex_search(xml, m, date));
  return m[1];
}

RC_GTEST_PROP(OaiHarvestProperty, ChainedHarvestsDuringChangesMissAndRepeatNothing, ()) {
  World w;
  const int initial = *rc::gen::inRange(0, 10);
  for (int i = 0; i < initial; ++i) {
    w.Change();
  }
  std::map<std::string, Served> overlay;
  std::string since;
  std::set<std::string> changed_since_last;  // changed after the previous harvest's date
  const int harvests = *rc::gen::inRange(1, 4);
  for (int h = 0; h <= harvests; ++h) {
    const bool last = h == harvests;  // the final harvest runs with nothing changing
    archive::OaiArgs first = {{"verb", "ListRecords"}, {"metadataPrefix", "chancery"}};
    if (!since.empty()) {
      first.push_back({"from", since});
    }
    std::string xml = w.Ask(first);
    const std::string date = ResponseDate(xml);
    std::set<std::string> changed_during;
    std::vector<std::pair<std::string, Served>> got;
    for (;;) {
      Collect(xml, &got);
      const std::string token = Token(xml);
      if (token.empty()) {
        break;
      }
      const int changes = last ? 0 : *rc::gen::inRange(0, 3);
      for (int c = 0; c < changes; ++c) {
        if (std::string id = w.Change(); !id.empty()) {
          changed_during.insert(id);
        }
      }
      xml = w.Ask({{"verb", "ListRecords"}, {"resumptionToken", token}});
      RC_ASSERT(xml.find("<error") == std::string::npos ||
                xml.find("noRecordsMatch") != std::string::npos);
    }
    std::set<std::string> seen;
    for (const auto& [id, served] : got) {
      RC_ASSERT(seen.insert(id).second);  // no record twice in one harvest
      RC_ASSERT(w.model.stored_version[id] > 0);
      overlay[id] = served;
    }
    for (const std::string& id : changed_since_last) {
      // Every change after the last date is in this harvest, unless it changed again during
      // this one (then the next harvest has it). A record published and withdrawn before any
      // response could show it was never an item: no harvester holds it, nothing is deleted.
      const bool never_an_item = w.model.public_version[id] == 0 && overlay.count(id) == 0;
      RC_ASSERT(seen.count(id) > 0 || changed_during.count(id) > 0 || never_an_item);
    }
    changed_since_last = changed_during;
    if (!last) {
      const int changes = *rc::gen::inRange(0, 3);
      for (int c = 0; c < changes; ++c) {
        if (std::string id = w.Change(); !id.empty()) {
          changed_since_last.insert(id);
        }
      }
    }
    since = date;
  }
  std::map<std::string, int64_t> harvested;
  for (const auto& [id, served] : overlay) {
    if (!served.deleted) {
      harvested[id] = served.version;
    }
  }
  std::map<std::string, int64_t> expected;
  for (const auto& [id, version] : w.model.public_version) {
    if (version > 0) {
      expected[id] = version;
    }
  }
  RC_ASSERT(harvested == expected);
}

}  // namespace
}  // namespace chancery
