// Issue 12 item 3 over HTTP: FRUS citations in history.state.gov's terms (volume, document
// number, editors), and citation permalinks (/records/<id>) that resolve for every record.
#include <string>

#include <gtest/gtest.h>

#include "server_fixture.h"

namespace chancery {
namespace {

using testing::BodyOf;
using testing::ServerFixture;
using testing::SignedIn;
using testing::StatusOf;

// A FRUS volume of one document, as the Office of the Historian encodes frus1961-63v22 d7.
constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1961-63v22"><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1961–1963, Volume XXII, Northeast Asia</title>
<title type="series">Foreign Relations of the United States</title>
<title type="subseries">1961–1963</title><title type="volumenumber">Volume XXII</title>
<title type="volume">Northeast Asia</title>
<editor role="primary">Edward C. Keefer</editor><editor role="primary">David W. Mabon</editor>
<editor role="primary">Harriet Dashiell Schwar</editor><editor role="general">Glenn W. LaFantasie</editor>
</titleStmt><publicationStmt><publisher>United States Government Printing Office</publisher>
<pubPlace>Washington</pubPlace><date>1996</date></publicationStmt></fileDesc></teiHeader>
<text><body><div type="chapter" xml:id="ch1">
<div type="document" xml:id="d7" n="7">
<head>7. Telegram From the <gloss type="from">Embassy in the Republic of China</gloss> to the
<gloss type="to">Department of State</gloss><note n="0" xml:id="d7fn0">Source: Department of
State, Central Files, 793.551/2-2561. Top Secret; Priority; Eyes Only.</note></head>
<dateline><placeName>Taipei</placeName>, <date when="1961-02-25T21:00:00">February 25, 1961,
9 p.m.</date></dateline>
<p>513. For Secretary.</p></div></div></body></text></TEI>
)";

std::string ImportVolume(ServerFixture& f) {
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  auto r = f.Client()->Post("/api/import?filename=frus1961-63v22.xml", ServerFixture::With(s),
                            kVolume, "application/xml");
  return StatusOf(r) == 200 ? "" : BodyOf(r);
}

TEST(FrusCitationApi, NamesTheVolumeEditorsAndDocumentNumber) {
  ServerFixture f;
  ASSERT_EQ(ImportVolume(f), "");
  // The source's own citation is line 1 of the default (wilson) style (docs/citations.md).
  const std::string body = BodyOf(f.Client()->Get("/api/records/frus1961-63v22-d7/citation"));
  EXPECT_EQ(body.substr(0, body.find('\n') + 1),
            "\u201cTelegram From the Embassy in the Republic of China to the Department of "
            "State,\u201d Taipei, February 25, 1961, in Foreign Relations of the United States, "
            "1961\u20131963, Volume XXII, Northeast Asia, ed. Edward C. Keefer, David W. Mabon, "
            "and Harriet Dashiell Schwar (Washington: United States Government Printing Office, "
            "1996), Document 7, https://history.state.gov/historicaldocuments/frus1961-63v22/d7."
            "\n");
}

TEST(PermalinkApi, RecordPermalinkServesTheRecordPage) {
  // docs/decisions/0009-citations.md: the page itself (with meta tags), no longer a redirect.
  ServerFixture f([](server::ServerConfig& c) { c.public_url = "https://chancery.example"; });
  const std::string citation = BodyOf(f.Client()->Get("/api/records/pub-1/citation"));
  ASSERT_NE(citation.find("https://chancery.example/records/pub-1/v/1"), std::string::npos);
  auto r = f.Client()->Get("/records/pub-1/v/1");
  EXPECT_EQ(StatusOf(r), 200);
  EXPECT_NE(BodyOf(r).find("citation_title"), std::string::npos);
}

TEST(PermalinkApi, EveryValidIdGetsThePageAndTheRecordPageDecides) {
  ServerFixture f;
  // A record the caller may not read gets the same answer as a missing one.
  auto hidden = f.Client()->Get("/records/ts-1");
  auto missing = f.Client()->Get("/records/no-such-record");
  EXPECT_EQ(StatusOf(hidden), 200);
  EXPECT_EQ(StatusOf(missing), 200);
  EXPECT_EQ(BodyOf(hidden), BodyOf(missing));
  EXPECT_EQ(StatusOf(f.Client()->Get("/records/a%20b")), 404);
  EXPECT_EQ(StatusOf(f.Client()->Get("/records/")), 404);
}

}  // namespace
}  // namespace chancery
