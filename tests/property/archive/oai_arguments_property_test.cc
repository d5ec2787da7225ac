// OAI-PMH bad input (issue 15 "Bad input"): for random argument lists (legal and illegal names,
// repeated, empty, random dates, tokens, set specs and identifiers, random bytes), Handle never
// fails, and every response is one complete, well-formed OAI-PMH document: a responseDate, a
// request, and either exactly one error element with a protocol code or the verb's element; nothing
// of a classified record is in it.
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <rapidcheck.h>

#include "chancery/archive/oai.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

const std::vector<std::string> kNames = {"verb", "metadataPrefix",  "identifier", "from", "until",
                                         "set",  "resumptionToken", "x"};
const std::vector<std::string> kValues = {"Identify",
                                          "ListSets",
                                          "ListRecords",
                                          "ListIdentifiers",
                                          "GetRecord",
                                          "ListMetadataFormats",
                                          "oai_dc",
                                          "chancery",
                                          "marc",
                                          "2027-01-15",
                                          "2027-01-15T08:00:00Z",
                                          "2027-02-30",
                                          "1963",
                                          "collection",
                                          "collection:v1",
                                          "decade:1960s",
                                          "type:telegram",
                                          "a::b",
                                          "",
                                          "oai:chancery.example:pub-1",
                                          "oai:chancery.example:sec-1",
                                          "1.R.00.00.-1.-1.1.1..0.1.9.1.x"};

TEST(OaiArgumentsProperty, EveryRequestIsOneCompleteResponse) {
  testing::TempDir dir;
  testing::RecordsFixture world(dir.path());
  model::Cable pub = testing::MakeCable("pub-1", "grain", "text", "PUBLIC");
  pub.archival.collection = "v1";
  world.Import({pub, testing::MakeCable("pub-2", "grain", "text", "PUBLIC"),
                testing::MakeCable("sec-1", "ZEBRA", "ZEBRA", "SECRET")});
  archive::OaiOptions options;
  options.page_size = 1;
  auto oai = archive::OaiProvider::Open(world.records(), options);
  ASSERT_TRUE(oai.ok());
  const std::regex error(
      "<error code=\"(badArgument|badResumptionToken|badVerb|"
      "cannotDisseminateFormat|idDoesNotExist|noRecordsMatch|"
      "noMetadataFormats|noSetHierarchy)\">");
  const auto result = rc::check([&] {
    const auto value = rc::gen::oneOf(
        rc::gen::elementOf(kValues),
        rc::gen::elementOf(std::vector<std::string>{"<a href=\"x\">&amp;'", "\x01\xff\xfe", "]]>"}),
        rc::gen::arbitrary<std::string>());
    auto args = *rc::gen::container<archive::OaiArgs>(rc::gen::pair(
        rc::gen::oneOf(rc::gen::elementOf(kNames), rc::gen::arbitrary<std::string>()), value));
    if (*rc::gen::arbitrary<bool>()) {  // mostly legal names after a legal verb
      args =
          *rc::gen::container<archive::OaiArgs>(rc::gen::pair(rc::gen::elementOf(kNames), value));
      args.insert(args.begin(), {"verb", *rc::gen::elementOf(std::vector<std::string>{
                                             "GetRecord", "ListRecords", "ListIdentifiers",
                                             "ListMetadataFormats", "ListSets"})});
    }
    auto xml = (*oai)->Handle(args);
    RC_ASSERT(xml.ok());
    RC_ASSERT(xml->find("<responseDate>") != std::string::npos);
    RC_ASSERT(xml->find("</request>") != std::string::npos);
    RC_ASSERT(xml->size() > 10 && xml->substr(xml->size() - 11) == "</OAI-PMH>\n");
    RC_ASSERT(xml->find("ZEBRA") == std::string::npos);
    // Well-formed XML whatever bytes the arguments held (libxml2, no network, no entities).
    xmlDocPtr doc = xmlReadMemory(xml->data(), static_cast<int>(xml->size()), "oai.xml", nullptr,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    RC_ASSERT(doc != nullptr);
    xmlFreeDoc(doc);
    RC_ASSERT(xml->find("sec-1<") == std::string::npos);  // never named as an item
    const auto errors = std::distance(std::sregex_iterator(xml->begin(), xml->end(), error),
                                      std::sregex_iterator());
    const bool verb_element =
        std::regex_search(*xml, std::regex("</request>\n<(Identify|ListSets|ListRecords|"
                                           "ListIdentifiers|GetRecord|ListMetadataFormats)>"));
    RC_ASSERT((errors == 1) != verb_element);
  });
  EXPECT_TRUE(result);
}

}  // namespace
}  // namespace chancery
