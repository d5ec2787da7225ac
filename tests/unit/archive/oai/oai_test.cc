// The OAI-PMH provider as a spec (docs/oai.md, docs/decisions/0014-oai-pmh.md): each verb, each
// protocol error, paging with keyset tokens while records change, persistent deletions, and
// that nothing the public may not read is ever named.
#include "chancery/archive/oai.h"

#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/base/clock.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int64_t kT0 = 1'800'000'000;  // 2027-01-15T08:00:00Z

struct Page {
  std::string xml;
  std::vector<std::string> ids;  // in order, "oai:..." stripped to the record id
  std::set<std::string> deleted;
  std::string token;
  bool has_token_element = false;
  std::string error;
  std::string response_date;
};

Page Parse(const std::string& xml) {
  Page p;
  p.xml = xml;
  static const std::regex header(
      "<header( status=\"deleted\")?><identifier>oai:chancery\\.example:([^<]*)</identifier>");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), header); it != std::sregex_iterator();
       ++it) {
    p.ids.push_back((*it)[2]);
    if ((*it)[1].matched) {
      p.deleted.insert((*it)[2]);
    }
  }
  std::smatch m;
  if (std::regex_search(xml, m,
                        std::regex("<resumptionToken[^>]*?(/>|>([^<]*)</resumptionToken>)"))) {
    p.has_token_element = true;
    p.token = m[2];
  }
  if (std::regex_search(xml, m, std::regex("<error code=\"([^\"]*)\""))) {
    p.error = m[1];
  }
  if (std::regex_search(xml, m, std::regex("<responseDate>([^<]*)</responseDate>"))) {
    p.response_date = m[1];
  }
  return p;
}

class OaiTest : public ::testing::Test {
 protected:
  OaiTest() : world_(dir_.path()), clock_(kT0 * 1'000'000) {}

  archive::OaiProvider& Oai(size_t page_size = 100) {
    archive::OaiOptions o;
    o.page_size = page_size;
    o.clock = &clock_;
    auto opened = archive::OaiProvider::Open(world_.records(), o);
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    oai_ = std::move(*opened);
    return *oai_;
  }

  Page Ask(archive::OaiArgs args, size_t page_size = 100) {
    auto r = Oai(page_size).Handle(args);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return Parse(r.ok() ? *r : "");
  }

  void Publish(const std::string& id, const std::string& title = "grain",
               const std::string& date = "1963-03-13") {
    world_.Import({testing::MakeCable(id, title, "text of " + id, "PUBLIC", {}, date)});
  }

  void Classified(const std::string& id) {
    world_.Import({testing::MakeCable(id, "harbour secret", "secret text", "SECRET")});
  }

  void Tick(int64_t seconds) { clock_.Advance(seconds * 1'000'000); }

  // Every page of a list, following tokens.
  std::vector<Page> Harvest(archive::OaiArgs first, size_t page_size) {
    std::vector<Page> pages{Ask(first, page_size)};
    while (!pages.back().token.empty()) {
      pages.push_back(
          Ask({{"verb", first[0].second}, {"resumptionToken", pages.back().token}}, page_size));
    }
    return pages;
  }

  testing::TempDir dir_;
  testing::RecordsFixture world_;
  FakeClock clock_;
  std::unique_ptr<archive::OaiProvider> oai_;
};

TEST_F(OaiTest, IdentifyDescribesTheRepositoryAndItsGuarantees) {
  Publish("pub-1");
  const Page p = Ask({{"verb", "Identify"}});
  EXPECT_EQ(p.error, "");
  EXPECT_NE(p.xml.find("<protocolVersion>2.0</protocolVersion>"), std::string::npos);
  EXPECT_NE(p.xml.find("<deletedRecord>persistent</deletedRecord>"), std::string::npos);
  EXPECT_NE(p.xml.find("<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>"), std::string::npos);
  EXPECT_NE(p.xml.find("<earliestDatestamp>2027-01-15T08:00:00Z</earliestDatestamp>"),
            std::string::npos);
  EXPECT_EQ(p.response_date, "2027-01-15T08:00:00Z");
  EXPECT_NE(p.xml.find("<request verb=\"Identify\">"), std::string::npos);
}

TEST_F(OaiTest, ListsExactlyThePublicRecordsAndNeverNamesAClassifiedOne) {
  Publish("pub-1");
  Publish("pub-2");
  Classified("sec-1");
  const Page p = Ask({{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}});
  EXPECT_EQ(p.ids, (std::vector<std::string>{"pub-1", "pub-2"}));
  EXPECT_EQ(p.xml.find("sec-1"), std::string::npos);
  EXPECT_EQ(p.xml.find("harbour"), std::string::npos);
  // A classified id is exactly a missing one.
  const Page secret = Ask({{"verb", "GetRecord"},
                           {"identifier", "oai:chancery.example:sec-1"},
                           {"metadataPrefix", "oai_dc"}});
  const Page missing = Ask({{"verb", "GetRecord"},
                            {"identifier", "oai:chancery.example:nope-1"},
                            {"metadataPrefix", "oai_dc"}});
  EXPECT_EQ(secret.error, "idDoesNotExist");
  EXPECT_EQ(missing.error, "idDoesNotExist");
  EXPECT_EQ(std::regex_replace(secret.xml, std::regex("sec-1"), "X"),
            std::regex_replace(missing.xml, std::regex("nope-1"), "X"));
}

TEST_F(OaiTest, AClassifiedCollectionShapesNoSetAndNoCount) {
  Publish("pub-1");
  model::Cable secret = testing::MakeCable("sec-9", "ZEBRA", "ZEBRA words", "SECRET");
  secret.archival.collection = "secret-vol";
  secret.archival.collection_title = "Operation ZEBRA";
  secret.kind = model::DocumentKind::kAirgram;
  world_.Import({secret});
  const Page sets = Ask({{"verb", "ListSets"}});
  EXPECT_EQ(sets.xml.find("secret-vol"), std::string::npos);
  EXPECT_EQ(sets.xml.find("ZEBRA"), std::string::npos);
  EXPECT_EQ(sets.xml.find("airgram"), std::string::npos);
  const Page hidden = Ask({{"verb", "ListIdentifiers"},
                           {"metadataPrefix", "oai_dc"},
                           {"set", "collection:secret-vol"}});
  const Page missing = Ask(
      {{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}, {"set", "collection:none-vol"}});
  EXPECT_EQ(hidden.error, "noRecordsMatch");
  EXPECT_EQ(std::regex_replace(hidden.xml, std::regex("secret-vol"), "X"),
            std::regex_replace(missing.xml, std::regex("none-vol"), "X"));
  const Page all = Ask({{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}});
  EXPECT_EQ(all.ids, std::vector<std::string>{"pub-1"});
  EXPECT_EQ(all.xml.find("completeListSize"), std::string::npos);  // one page: no token
}

TEST_F(OaiTest, GetRecordInBothFormats) {
  model::Cable c = testing::MakeCable("tr-1", "Talks", "para one", "PUBLIC");
  c.archival.translator = "David Cowhig";
  c.archival.credits = "Made possible by the Foundation";
  c.archival.reference.verbatim = "PRC FMA 109-03861-03, 13-17";
  c.archival.collection = "wilson-sino";
  c.archival.collection_title = "Sino-Soviet Relations";
  world_.Import({c});
  const Page dc = Ask({{"verb", "GetRecord"},
                       {"identifier", "oai:chancery.example:tr-1"},
                       {"metadataPrefix", "oai_dc"}});
  EXPECT_EQ(dc.error, "");
  EXPECT_NE(dc.xml.find("<dc:title>Talks</dc:title>"), std::string::npos);
  EXPECT_NE(dc.xml.find("<dc:contributor>David Cowhig</dc:contributor>"), std::string::npos);
  const Page full = Ask({{"verb", "GetRecord"},
                         {"identifier", "oai:chancery.example:tr-1"},
                         {"metadataPrefix", "chancery"}});
  EXPECT_NE(full.xml.find("<chancery:translator>David Cowhig</chancery:translator>"),
            std::string::npos);
  EXPECT_NE(full.xml.find("<chancery:credits>Made possible by the Foundation</chancery:credits>"),
            std::string::npos);
  EXPECT_NE(full.xml.find("<chancery:reference>PRC FMA 109-03861-03, 13-17</chancery:reference>"),
            std::string::npos);
  EXPECT_NE(full.xml.find("<chancery:version>1</chancery:version>"), std::string::npos);
  EXPECT_NE(full.xml.find("<setSpec>collection:wilson-sino</setSpec>"), std::string::npos);
  const Page sets = Ask({{"verb", "ListSets"}});
  EXPECT_NE(sets.xml.find("<setSpec>collection:wilson-sino</setSpec><setName>Sino-Soviet "
                          "Relations</setName>"),
            std::string::npos);
}

TEST_F(OaiTest, EveryProtocolErrorHasItsCode) {
  EXPECT_EQ(Ask({{"verb", "ListSets"}}).error, "noSetHierarchy");  // an empty repository
  Publish("pub-1");
  Publish("pub-2");

  struct Case {
    archive::OaiArgs args;
    std::string error;
  };

  const std::vector<Case> cases = {
      {{}, "badVerb"},
      {{{"verb", "Frobnicate"}}, "badVerb"},
      {{{"verb", "Identify"}, {"verb", "Identify"}}, "badVerb"},
      {{{"verb", "Identify"}, {"set", "x"}}, "badArgument"},
      {{{"verb", "ListRecords"}}, "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"metadataPrefix", "oai_dc"}},
       "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"from", "2027-13-01"}},
       "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"from", "2027-02-29"}},
       "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"from", "2027-01-15T08:00Z"}},
       "badArgument"},
      {{{"verb", "ListRecords"},
        {"metadataPrefix", "oai_dc"},
        {"from", "2027-01-15"},
        {"until", "2027-01-15T09:00:00Z"}},
       "badArgument"},
      {{{"verb", "ListRecords"},
        {"metadataPrefix", "oai_dc"},
        {"from", "2027-01-16"},
        {"until", "2027-01-15"}},
       "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"set", "a b"}}, "badArgument"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"resumptionToken", "x"}},
       "badArgument"},
      {{{"verb", "GetRecord"}, {"identifier", "oai:chancery.example:pub-1"}}, "badArgument"},
      {{{"verb", "ListIdentifiers"}, {"metadataPrefix", ""}}, "badArgument"},
      {{{"verb", "ListRecords"}, {"resumptionToken", "1.R.zz"}}, "badResumptionToken"},
      {{{"verb", "ListSets"}, {"resumptionToken", "anything"}}, "badResumptionToken"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "marc21"}}, "cannotDisseminateFormat"},
      {{{"verb", "GetRecord"},
        {"identifier", "oai:chancery.example:pub-1"},
        {"metadataPrefix", "mods"}},
       "cannotDisseminateFormat"},
      {{{"verb", "GetRecord"}, {"identifier", "pub-1"}, {"metadataPrefix", "oai_dc"}},
       "idDoesNotExist"},
      {{{"verb", "ListMetadataFormats"}, {"identifier", "oai:chancery.example:zzz"}},
       "idDoesNotExist"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"from", "2030-01-01"}},
       "noRecordsMatch"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"until", "2000-01-01"}},
       "noRecordsMatch"},
      {{{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}, {"set", "collection:none"}},
       "noRecordsMatch"},
  };
  for (const Case& c : cases) {
    const Page p = Ask(c.args);
    EXPECT_EQ(p.error, c.error) << p.xml;
    if (c.error == "badVerb" || c.error == "badArgument") {
      EXPECT_NE(p.xml.find("<request>"), std::string::npos) << "no attributes after " << c.error;
    }
  }
  // A deleted item has no formats to disseminate.
  Classified("pub-2");
  EXPECT_EQ(
      Ask({{"verb", "ListMetadataFormats"}, {"identifier", "oai:chancery.example:pub-2"}}).error,
      "noMetadataFormats");
}

TEST_F(OaiTest, FromEqualsUntilOnOneDayAndSecondGranularity) {
  Publish("pub-1");
  Ask({{"verb", "Identify"}});  // stamped on the 15th
  Tick(86400);                  // the next day
  Publish("pub-2");
  const archive::OaiArgs day16 = {{"verb", "ListIdentifiers"},
                                  {"metadataPrefix", "oai_dc"},
                                  {"from", "2027-01-16"},
                                  {"until", "2027-01-16"}};
  EXPECT_EQ(Ask(day16).ids, std::vector<std::string>{"pub-2"});
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"},
                 {"metadataPrefix", "oai_dc"},
                 {"from", "2027-01-15"},
                 {"until", "2027-01-15"}})
                .ids,
            std::vector<std::string>{"pub-1"});
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"},
                 {"metadataPrefix", "oai_dc"},
                 {"from", "2027-01-16T08:00:00Z"},
                 {"until", "2027-01-16T08:00:00Z"}})
                .ids,
            std::vector<std::string>{"pub-2"});
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"},
                 {"metadataPrefix", "oai_dc"},
                 {"from", "2027-01-16T08:00:01Z"},
                 {"until", "2027-01-16T23:59:59Z"}})
                .error,
            "noRecordsMatch");
}

TEST_F(OaiTest, TokensArePagedTamperEvidentAndExpire) {
  for (int i = 0; i < 7; ++i) {
    Publish("pub-" + std::to_string(i));
  }
  const std::vector<Page> pages =
      Harvest({{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}}, 3);
  ASSERT_EQ(pages.size(), 3u);
  std::vector<std::string> all;
  for (const Page& p : pages) {
    all.insert(all.end(), p.ids.begin(), p.ids.end());
    EXPECT_NE(p.xml.find("completeListSize=\"7\""), std::string::npos);
  }
  EXPECT_EQ(all.size(), 7u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 7u);
  EXPECT_TRUE(pages.back().has_token_element);  // the last page says the list is complete
  EXPECT_NE(pages[1].xml.find("cursor=\"3\""), std::string::npos);

  const std::string token = pages[0].token;
  std::string forged = token;
  forged[forged.size() / 2] = forged[forged.size() / 2] == '1' ? '2' : '1';
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"}, {"resumptionToken", forged}}, 3).error,
            "badResumptionToken");
  EXPECT_EQ(Ask({{"verb", "ListRecords"}, {"resumptionToken", token}}, 3).error,
            "badResumptionToken");  // a token of the other verb
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"}, {"resumptionToken", token}}, 3).error, "");
  Tick(25 * 3600);
  EXPECT_EQ(Ask({{"verb", "ListIdentifiers"}, {"resumptionToken", token}}, 3).error,
            "badResumptionToken");  // expired
}

TEST_F(OaiTest, ChangesDuringAHarvestAreNeitherRepeatedNorLost) {
  for (int i = 0; i < 9; ++i) {
    Publish("pub-" + std::to_string(i));
  }
  Ask({{"verb", "Identify"}});  // stamped at T0; the harvest starts at T0 + 5
  Tick(5);
  const archive::OaiArgs list = {{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}};
  std::vector<Page> pages{Ask(list, 3)};
  const std::string response_date = pages[0].response_date;
  Tick(5);
  // pub-0 was delivered, pub-5 was not: both edited; pub-7 withdrawn; new-1 published.
  Publish("pub-0", "edited");
  Publish("pub-5", "edited");
  world_.Import({testing::MakeCable("pub-7", "grain", "text of pub-7", "SECRET")});
  Publish("new-1");
  while (!pages.back().token.empty()) {
    pages.push_back(Ask({{"verb", "ListIdentifiers"}, {"resumptionToken", pages.back().token}}, 3));
    // Each response is dated when it is sent (the protocol's rule), not with the first's date.
    EXPECT_EQ(pages.back().response_date, "2027-01-15T08:00:10Z");
  }
  std::vector<std::string> seen;
  for (const Page& p : pages) {
    seen.insert(seen.end(), p.ids.begin(), p.ids.end());
  }
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size()) << "a repeat";
  for (const char* unchanged : {"pub-1", "pub-2", "pub-3", "pub-4", "pub-6", "pub-8"}) {
    EXPECT_NE(std::find(seen.begin(), seen.end(), unchanged), seen.end()) << unchanged;
  }
  // The incremental harvest from the first responseDate has every change.
  const Page inc =
      Ask({{"verb", "ListIdentifiers"}, {"metadataPrefix", "oai_dc"}, {"from", response_date}});
  const std::set<std::string> got(inc.ids.begin(), inc.ids.end());
  EXPECT_EQ(got, (std::set<std::string>{"pub-0", "pub-5", "pub-7", "new-1"}));
  EXPECT_EQ(inc.deleted, std::set<std::string>{"pub-7"});
  EXPECT_EQ(inc.xml.find("SECRET"), std::string::npos);
}

TEST_F(OaiTest, AWithdrawnRecordStaysDeletedForever) {
  Publish("pub-1");
  Ask({{"verb", "Identify"}});
  Tick(10);
  world_.Import({testing::MakeCable("pub-1", "grain", "now hidden words", "SECRET")});
  const Page get = Ask({{"verb", "GetRecord"},
                        {"identifier", "oai:chancery.example:pub-1"},
                        {"metadataPrefix", "chancery"}});
  EXPECT_EQ(get.deleted, std::set<std::string>{"pub-1"});
  EXPECT_EQ(get.xml.find("<metadata>"), std::string::npos);
  Tick(10);
  world_.Import({testing::MakeCable("pub-1", "grain", "more hidden words", "TOP SECRET",
                                    {"INTERNAL RESEARCH"})});
  const Page list = Ask({{"verb", "ListRecords"}, {"metadataPrefix", "oai_dc"}});
  EXPECT_EQ(list.deleted, std::set<std::string>{"pub-1"});
  EXPECT_EQ(list.xml.find("hidden"), std::string::npos);
  EXPECT_NE(list.xml.find("<datestamp>2027-01-15T08:00:10Z</datestamp>"), std::string::npos)
      << "a second hiding is no public change: the deletion keeps its datestamp";
}

}  // namespace
}  // namespace chancery
