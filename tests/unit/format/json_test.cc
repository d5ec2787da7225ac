// Unit tests of the JSON form of a cable (docs/format/json.md).
#include "chancery/format/json.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

using model::Date;

// A cable with every member of the schema set.
model::Cable FullCable() {
  model::Cable c;
  c.id = "wilson-123881";
  c.organization = "Ministry of Foreign Affairs";
  c.office = "Soviet and Eastern European Division";
  c.originators = {"Central Committee International Liaison Department", "Ministry"};
  c.internal_reference = "Division \xc3\x97 #4";
  c.direction = model::Direction::kOutgoing;
  c.kind = model::DocumentKind::kTelegram;
  c.document_type = "Top Secret Telegram";
  c.serial = {"B-Yin", 1963, 692, "(63) B-Yin-692"};
  c.date = Date::FromYmd(1963, 3, 13);
  c.drafted = Date::FromYmd(1963, 3, 4);
  c.approved = Date::Parse("1963-03").value();
  c.released = Date::Parse("1963-03-13T21:05Z").value();
  c.earliest = Date::Parse("1963").value();
  c.latest = Date::Parse("1964").value();
  c.place = "Beijing";
  c.original_marking = {"Top Secret", {"TOP SECRET", {"INTERNAL RESEARCH"}, {}}};
  c.current_label = {"SECRET", {}, {"ALLIED PARTIES"}};
  c.precedence = {model::PrecedenceRank::kImmediate, "Very Urgent"};
  c.drafter = "A. Clerk";
  c.approvals = {{"Wu Xiuquan", model::ApprovalState::kApproved, Date::FromYmd(1963, 3, 5), ""},
                 {"Liu Shaoqi", model::ApprovalState::kPending, {}, "subject to the approval"}};
  c.addressees = {{"Embassies",
                   model::AddresseeRole::kInfo,
                   true,
                   {model::PrecedenceRank::kRoutine, ""},
                   "Notify comrades"}};
  c.disseminations = {{"Algeria", "REL TO ALGERIA", Date::FromYmd(1963, 3, 14), "before"}};
  c.also_informed = {"Pan Zili"};
  c.persons = {"Mao Zedong"};
  c.title = "Cable \"quoted\"";
  c.subject = "Key points";
  c.summary = "Mao discusses.";
  c.body = {{"Body.", std::nullopt}, {"Marked.", model::Label{"SECRET", {}, {}}}};
  c.enclosures = {{"Key Points", {{"One.", std::nullopt}, {"", model::Label{}}}}};
  c.notes = {{"unparsed", "Sent See headers"}};
  c.references = {{"wilson-1", "ref", "Deptel 401"}};
  c.archival = {"Wilson Center Digital Archive",
                {"PRC FMA", "109", "03861", "03", "13-17", "PRC FMA 109-03861-03, 13-17"},
                "Chinese",
                "English",
                "David Cowhig",
                "Luce",
                "https://x/document/1",
                "cit",
                "Translation - English",
                "coll",
                "Collection",
                "Part One \u203a Chapter 2",
                72};
  c.subjects = {"Sino-Soviet relations"};
  c.places = {"Beijing", "Moscow"};
  c.scope_note = "One telegram and its enclosure.";
  c.translation_of = {"orig-1", 2, model::Date::FromYmd(1999, 5, 1), false};
  c.unparsed_headers = {"X-Foo: bar"};
  c.publication = {"wilson-0",
                   2,
                   1,
                   "2026-12-02T13:00:00Z",
                   "arch",
                   {"rev1", "rev2"},
                   false,
                   {"25X1: human source (E.O. 13526)"},
                   {{"/body/1/text", "[1 paragraph (1 line) not declassified; 25X1]", "25X1"}},
                   "2026-12-03T09:00:00Z",
                   "arch",
                   "An equity holder objected"};
  return c;
}

class JsonTest : public ::testing::Test {
 protected:
  std::string ErrorOf(const std::string& json) {
    Result<model::Cable> result = CableFromJson(json, "c.json");
    EXPECT_FALSE(result.ok());
    if (result.ok()) {
      return "";
    }
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
    return std::string(result.status().message());
  }
};

TEST_F(JsonTest, FullCableRoundTrips) {
  const model::Cable c = FullCable();
  Result<model::Cable> back = CableFromJson(CableToJson(c));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, c);
}

TEST_F(JsonTest, APublishedVersionCarriesItsPublication) {
  const std::string json = CableToJson(FullCable());
  EXPECT_NE(json.find("\"publication\":{\"of\":\"wilson-0\",\"of_version\":2,\"number\":1,"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"redactions\":[{\"pointer\":\"/body/1/text\",\"marker\":"),
            std::string::npos);
  model::Cable plain = FullCable();
  plain.publication = {};
  EXPECT_EQ(CableToJson(plain).find("publication"), std::string::npos);
  EXPECT_NE(ErrorOf(R"({"id":"x","publication":{"of":"y","number":"one"}})").find("number"),
            std::string::npos);
}

TEST_F(JsonTest, PrettyOutputRoundTripsToo) {
  const std::string pretty = CableToJson(FullCable(), 2);
  EXPECT_NE(pretty.find("\n  \"id\": \"wilson-123881\""), std::string::npos);
  EXPECT_EQ(CableFromJson(pretty).value(), FullCable());
}

TEST_F(JsonTest, EmptyCableIsAnEmptyObject) {
  EXPECT_EQ(CableToJson(model::Cable{}), "{}");
  EXPECT_EQ(CableFromJson("{}").value(), model::Cable{});
}

TEST_F(JsonTest, DatesAndEnumsAreWrittenByName) {
  const std::string json = CableToJson(FullCable());
  EXPECT_NE(json.find("\"date\":\"1963-03-13\""), std::string::npos);
  EXPECT_NE(json.find("\"released\":\"1963-03-13T21:05Z\""), std::string::npos);
  EXPECT_NE(json.find("\"direction\":\"outgoing\""), std::string::npos);
  EXPECT_NE(json.find("\"rank\":\"IMMEDIATE\""), std::string::npos);
  EXPECT_NE(json.find("\"state\":\"pending\""), std::string::npos);
}

TEST_F(JsonTest, EmptyMembersAreOmitted) {
  model::Cable c;
  c.id = "x";
  c.body = {{"", std::nullopt}};
  EXPECT_EQ(CableToJson(c), "{\"id\":\"x\",\"body\":[{}]}");
}

TEST_F(JsonTest, UnknownMemberIsRejectedByName) {
  EXPECT_EQ(ErrorOf("{\"id\": \"x\",\n \"colour\": 1}"), "c.json:2:2: unknown member 'colour'");
}

TEST_F(JsonTest, UnknownNestedMemberIsRejectedWithItsPath) {
  EXPECT_EQ(ErrorOf("{\"approvals\": [{\"name\": \"a\"}, {\"nme\": \"b\"}]}"),
            "c.json:1:32: unknown member 'approvals/1/nme'");
}

TEST_F(JsonTest, WrongTypeIsRejectedAtTheMember) {
  EXPECT_EQ(ErrorOf("{\n  \"title\": 5\n}"), "c.json:2:3: member 'title': expected a string");
}

TEST_F(JsonTest, WrongTypeInArrayNamesTheElement) {
  EXPECT_EQ(ErrorOf("{\"persons\": [\"a\", 7]}"),
            "c.json:1:19: member 'persons/1': expected a string");
}

TEST_F(JsonTest, BadDateIsRejected) {
  EXPECT_NE(ErrorOf("{\"date\": \"1963-02-30\"}").find("c.json:1:2: member 'date': invalid date"),
            std::string::npos);
}

TEST_F(JsonTest, UnknownEnumValueIsRejected) {
  EXPECT_NE(ErrorOf("{\"direction\": \"sideways\"}").find("unknown value 'sideways'"),
            std::string::npos);
}

TEST_F(JsonTest, SerialYearOutOfRangeIsRejected) {
  EXPECT_EQ(ErrorOf("{\"serial\": {\"year\": 99999999999}}"),
            "c.json:1:13: member 'serial/year': out of range");
}

TEST_F(JsonTest, MalformedJsonReportsLineAndColumn) {
  EXPECT_NE(ErrorOf("{\"id\": \"x\",\n  oops}").find("c.json:2:3: malformed json"),
            std::string::npos);
}

TEST_F(JsonTest, NonObjectIsRejected) {
  EXPECT_EQ(ErrorOf("[1]"), "c.json:1:1: member '(root)': expected an object");
}

TEST_F(JsonTest, JsonLinesParsesEachLineAndSkipsBlankOnes) {
  const std::string text = CableToJson(FullCable()) + "\n\n{\"id\":\"b\"}\n";
  Result<std::vector<model::Cable>> cables = CablesFromJsonLines(text, "x.jsonl");
  ASSERT_TRUE(cables.ok()) << cables.status().ToString();
  ASSERT_EQ(cables->size(), 2u);
  EXPECT_EQ((*cables)[0], FullCable());
  EXPECT_EQ((*cables)[1].id, "b");
}

TEST_F(JsonTest, JsonLinesErrorNamesTheFileLine) {
  Result<std::vector<model::Cable>> cables =
      CablesFromJsonLines("{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\": 3}\n", "x.jsonl");
  ASSERT_FALSE(cables.ok());
  EXPECT_EQ(cables.status().message(), "x.jsonl:3:2: member 'id': expected a string");
}

TEST_F(JsonTest, InvalidUtf8IsReplacedInsteadOfThrowing) {
  model::Cable c;
  c.title = "bad \xff byte";
  EXPECT_EQ(CableFromJson(CableToJson(c)).value().title, "bad \xef\xbf\xbd byte");
}

}  // namespace
}  // namespace chancery::format
