// FRUS TEI importer (docs/format/frus-tei.md): real documents from the dev volumes in
// ../shared/corpus/frus/dev, plus small inline snippets for forms the dev volumes lack.
#include "chancery/format/frus_tei.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

const std::string kFrusDir = std::string(CHANCERY_SHARED_DIR) + "/corpus/frus";

// Parses dev/<volume>.xml once per test binary.
const FrusVolume& DevVolume(const std::string& volume) {
  static std::map<std::string, FrusVolume> cache;
  auto it = cache.find(volume);
  if (it == cache.end()) {
    const std::string path = kFrusDir + "/dev/" + volume + ".xml";
    Result<std::string> xml = ReadFileMaybeZstd(path);
    EXPECT_TRUE(xml.ok()) << xml.status().ToString();
    Result<FrusVolume> parsed = ParseFrusVolume(xml.ok() ? *xml : "", path);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    it = cache.emplace(volume, parsed.ok() ? std::move(*parsed) : FrusVolume()).first;
  }
  return it->second;
}

const model::Cable& Doc(const std::string& volume, const std::string& doc) {
  static const model::Cable kMissing;
  const FrusVolume& v = DevVolume(volume);
  const std::string id = volume + "-" + doc;
  auto it = std::find_if(v.documents.begin(), v.documents.end(),
                         [&](const model::Cable& c) { return c.id == id; });
  EXPECT_NE(it, v.documents.end()) << id;
  return it == v.documents.end() ? kMissing : *it;
}

// Wraps document divs in a minimal FRUS volume.
std::string Volume(const std::string& documents) {
  return "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frustest\"><teiHeader><fileDesc>"
         "<titleStmt><title type=\"complete\">Test Volume</title></titleStmt></fileDesc>"
         "</teiHeader><text><body>\n" +
         documents + "\n</body></text></TEI>";
}

bool HasNote(const model::Cable& c, const std::string& kind, const std::string& text) {
  return std::any_of(c.notes.begin(), c.notes.end(),
                     [&](const model::Note& n) { return n.kind == kind && n.text == text; });
}

TEST(FrusTei, TelegramD7MapsSenderPlaceDateAndAddressee) {
  const model::Cable& c = Doc("frus1961-63v22", "d7");
  EXPECT_EQ(c.title,
            "Telegram From the Embassy in the Republic of China to the Department of State");
  EXPECT_EQ(c.organization, "Embassy in the Republic of China");
  EXPECT_EQ(c.place, "Taipei");
  EXPECT_EQ(c.date.ToIso(), "1961-02-25T21:00+08:00[Asia/Taipei]");  // local, docs/format/dates.md
  EXPECT_EQ(c.released, c.date);
  ASSERT_EQ(c.addressees.size(), 1u);
  EXPECT_EQ(c.addressees[0].name, "Department of State");
  EXPECT_EQ(c.kind, model::DocumentKind::kTelegram);
  EXPECT_EQ(c.direction, model::Direction::kIncoming);
}

TEST(FrusTei, TelegramD7MapsSourceNoteMarkingAndSerial) {
  const model::Cable& c = Doc("frus1961-63v22", "d7");
  EXPECT_EQ(c.archival.reference.verbatim, "Department of State, Central Files, 793.551/2-2561");
  EXPECT_EQ(c.archival.reference.file, "793.551/2-2561");
  EXPECT_EQ(c.original_marking.verbatim, "Top Secret; Priority; Eyes Only");
  EXPECT_EQ(c.original_marking.label.classification, "TOP SECRET");
  EXPECT_EQ(c.original_marking.label.categories, std::vector<std::string>{"EYES ONLY"});
  EXPECT_EQ(c.precedence.rank, model::PrecedenceRank::kPriority);
  EXPECT_EQ(c.precedence.original, "Priority");
  EXPECT_EQ(c.serial.original, "513");
  EXPECT_EQ(c.serial.number, 513);
  EXPECT_EQ(c.serial.year, 1961);
  EXPECT_TRUE(c.current_label.Empty());
}

// Issue 12 item 5: the footnote's text stays out of the body, its marker "[1]" stays in place.
TEST(FrusTei, TelegramD7CitesDocument5AndKeepsFootnoteMarkersInBody) {
  const model::Cable& c = Doc("frus1961-63v22", "d7");
  ASSERT_FALSE(c.references.empty());
  EXPECT_EQ(c.references[0].target, "frus1961-63v22-d5");
  EXPECT_EQ(c.references[0].relation, "cites");
  EXPECT_EQ(c.references.size(), 1u) << "Document 5 is cited in several footnotes: one reference";
  ASSERT_FALSE(c.body.empty());
  EXPECT_EQ(c.body[0].text.rfind("513. For Secretary. Deptels 401[1] and 412 and Embtel 510", 0),
            0u)
      << c.body[0].text.substr(0, 120);
  EXPECT_TRUE(HasNote(c, "footnote", "[1] Document 5."));
  EXPECT_TRUE(HasNote(c, "document-number", "7"));
}

TEST(FrusTei, TelegramD7HasArchivalDescription) {
  const model::Cable& c = Doc("frus1961-63v22", "d7");
  EXPECT_EQ(c.archival.collection, "frus1961-63v22");
  EXPECT_EQ(c.archival.source_url,
            "https://history.state.gov/historicaldocuments/frus1961-63v22/d7");
  EXPECT_NE(c.archival.citation.find("Document 7"), std::string::npos);
  EXPECT_NE(c.archival.citation.find(c.archival.collection_title), std::string::npos);
  EXPECT_NE(c.archival.collection_title.find("Northeast Asia"), std::string::npos);
}

TEST(FrusTei, LegacyTelegramHasFileNumberFormAndResolvedSender) {
  const model::Cable& c = Doc("frus1918Russiav03", "d20");
  EXPECT_EQ(c.archival.reference.verbatim, "File No. 861.51/165");
  EXPECT_EQ(c.archival.reference.file, "861.51/165");
  EXPECT_EQ(c.kind, model::DocumentKind::kTelegram);
  EXPECT_EQ(c.document_type, "Telegram");
  EXPECT_EQ(c.place, "Petrograd");
  EXPECT_EQ(c.serial.number, 1525);
  ASSERT_EQ(c.addressees.size(), 1u);
  EXPECT_EQ(c.addressees[0].name, "Secretary of State");
  ASSERT_EQ(c.persons.size(), 1u);
  EXPECT_NE(c.persons[0].find("Francis"), std::string::npos);
}

TEST(FrusTei, DateRangeSetsEarliestAndLatest) {
  const model::Cable& c = Doc("frus1958-60v19", "d301");
  EXPECT_EQ(c.earliest.ToIso(), "1959-09-26");
  EXPECT_EQ(c.latest.ToIso(), "1959-09-27");
  EXPECT_EQ(c.date, c.earliest);
  EXPECT_EQ(c.place, "Camp David");
}

TEST(FrusTei, ActionAndInfoListsBecomeAddresseesWithPrecedence) {
  const auto v = ParseFrusVolume(Volume(R"(<div type="document" xml:id="d23" n="23">
    <head>23. Telegram 5133 From the Department of State to the Embassy in Nigeria</head>
    <list type="to"><head>ACTION:</head><item>Amembassy LAGOS IMMEDIATE</item></list>
    <list type="to"><head>INFO:</head><item>Amembassy LONDON</item></list></div>)"),
                                 "t.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  const model::Cable& c = v->documents.at(0);
  ASSERT_EQ(c.addressees.size(), 2u);
  EXPECT_EQ(c.addressees[0].name, "Amembassy LAGOS");
  EXPECT_EQ(c.addressees[0].precedence.rank, model::PrecedenceRank::kImmediate);
  EXPECT_EQ(c.addressees[1].role, model::AddresseeRole::kInfo);
  EXPECT_EQ(c.serial.number, 5133);
  EXPECT_EQ(c.direction, model::Direction::kOutgoing);
}

TEST(FrusTei, SourceNoteProseGivesApprovalsAndRepeatAddressees) {
  const auto v = ParseFrusVolume(Volume(R"(<div type="document" xml:id="d1" n="1">
    <head>1. Telegram<note n="0" type="source">Source: National Archives, RG 59, POL 27.
    Secret; Niact; Nodis. Repeated to London, Paris. Drafted by Moore (AF); cleared by
    Katzenbach (U); and approved by Palmer (AF).</note></head></div>)"),
                                 "t.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  const model::Cable& c = v->documents.at(0);
  EXPECT_EQ(c.precedence.rank, model::PrecedenceRank::kImmediate);
  EXPECT_EQ(c.original_marking.label.categories, std::vector<std::string>{"NODIS"});
  EXPECT_EQ(c.drafter, "Moore (AF)");
  ASSERT_EQ(c.approvals.size(), 2u);
  EXPECT_EQ(c.approvals[0].note, "cleared");
  EXPECT_EQ(c.approvals[1].name, "Palmer (AF)");
  ASSERT_EQ(c.addressees.size(), 2u);
  EXPECT_EQ(c.addressees[1].role, model::AddresseeRole::kInfo);
}

TEST(FrusTei, TranslationNoteMarksOriginalLanguageUnknown) {
  const auto v = ParseFrusVolume(Volume(R"(<div type="document" xml:id="d2" n="2">
    <head>Note</head><note rend="inline" type="source">[Translation]</note></div>)"),
                                 "t.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->documents.at(0).archival.original_language, "unknown");
  EXPECT_EQ(v->documents.at(0).archival.language, "English");
}

TEST(FrusTei, ImpossibleDateIsAnAnomalyAndTheRecordIsKept) {
  const auto v = ParseFrusVolume(Volume(R"(<div type="document" xml:id="d9" n="9"><head>X</head>
<dateline><date when="0201-06-05">June 5</date></dateline></div>)"),
                                 "t.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  ASSERT_EQ(v->documents.size(), 1u);
  EXPECT_FALSE(v->documents[0].date.IsSet());
  ASSERT_EQ(v->anomalies.size(), 1u);
  EXPECT_EQ(v->anomalies[0].kind, "invalid-date");
  EXPECT_EQ(v->anomalies[0].volume, "frustest");
  EXPECT_EQ(v->anomalies[0].document, "d9");
  EXPECT_EQ(v->anomalies[0].line, 3);
}

TEST(FrusTei, BrokenMarkupBeforeAnyDocumentIsCorruptionWithLineAndColumn) {
  const auto v =
      ParseFrusVolume(Volume("<div type=\"document\" xml:id=\"d1\"><p>x</div>"), "b.xml");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kCorruption);
  EXPECT_EQ(v.status().message().rfind("b.xml:2:", 0), 0u) << v.status().ToString();
}

TEST(FrusTei, BrokenMarkupAfterADocumentKeepsItWithAnAnomaly) {
  const auto v = ParseFrusVolume(
      Volume("<div type=\"document\" xml:id=\"d1\"><head>A</head></div>\n<p>x</div>"), "b.xml");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->documents.at(0).id, "frustest-d1");
  const auto markup = std::find_if(v->anomalies.begin(), v->anomalies.end(),
                                   [](const FrusAnomaly& a) { return a.kind == "markup-error"; });
  ASSERT_NE(markup, v->anomalies.end());
  EXPECT_EQ(markup->line, 3);
}

struct ManifestRow {
  std::string title;
  size_t docs = 0;
};

// manifest.tsv rows whose in_dev column (15th) is "yes".
std::map<std::string, ManifestRow> DevManifest() {
  std::map<std::string, ManifestRow> rows;
  std::ifstream manifest(kFrusDir + "/manifest.tsv");
  std::string line;
  while (std::getline(manifest, line)) {
    std::vector<std::string> cols;
    std::istringstream row(line);
    for (std::string col; std::getline(row, col, '\t');) {
      cols.push_back(col);
    }
    if (cols.size() > 14 && cols[14] == "yes") {
      rows[cols[0]] = {cols[1], std::stoul(cols[2])};
    }
  }
  return rows;
}

TEST(FrusTei, EveryDevVolumeHasTheManifestDocumentCountAndValidCables) {
  const std::map<std::string, ManifestRow> manifest = DevManifest();
  ASSERT_EQ(manifest.size(), 7u);
  for (const auto& [id, row] : manifest) {
    const FrusVolume& v = DevVolume(id);
    EXPECT_EQ(v.documents.size(), row.docs) << id;
    EXPECT_EQ(v.title, row.title) << id;
    for (const model::Cable& c : v.documents) {
      EXPECT_TRUE(model::Validate(c).ok()) << model::Validate(c).ToString();
    }
  }
}

TEST(FrusTei, CompressedVolumeReadsAndParses) {
  const Result<std::string> xml = ReadFileMaybeZstd(kFrusDir + "/volumes/frus1901China.xml.zst");
  ASSERT_TRUE(xml.ok()) << xml.status().ToString();
  EXPECT_TRUE(LooksLikeFrusTei("frus1901China.xml.zst", std::string_view(*xml).substr(0, 4096)));
  const Result<FrusVolume> v = ParseFrusVolume(*xml, "frus1901China.xml.zst");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->documents.size(), 312u);
}

TEST(FrusTei, ReadingAMissingFileIsAnIoErrorNamingIt) {
  const Result<std::string> r = ReadFileMaybeZstd("/nonexistent/x.xml.zst");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError);
  EXPECT_NE(r.status().message().find("/nonexistent/x.xml.zst"), std::string::npos);
}

TEST(FrusTei, LooksLikeFrusTeiNeedsXmlNameAndTeiRoot) {
  const std::string head = Volume("");
  EXPECT_TRUE(LooksLikeFrusTei("v.xml", head));
  EXPECT_FALSE(LooksLikeFrusTei("v.txt", head));
  EXPECT_FALSE(LooksLikeFrusTei("v.xml", "<html></html>"));
}

}  // namespace
}  // namespace chancery::format
