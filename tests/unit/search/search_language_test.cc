// The query language of docs/search.md: each construct, each field prefix, CJK text, and the
// caps on a query.
#include <string>

#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class SearchLanguageTest : public SearchTest {
 protected:
  void SetUp() override {
    SearchTest::SetUp();
    Put(MakeCable("a", "Embassy report", "The soviet embassy criticized the treaty"));
    Put(MakeCable("b", "Harvest", "The harvest was poor; the embassy reported it"));
    Put(MakeCable("c", "Treaty", "Treaty talks with Algeria"));
    Put(Keyed());
    Put(Chinese());
    Commit();
  }

  static model::Cable Keyed() {
    model::Cable cable = MakeCable("k", "Central files", "State department cable");
    cable.archival.reference.verbatim = "Department of State, Central Files, 793.551/2-2561";
    cable.original_marking.verbatim = "Top Secret";
    cable.original_marking.label.classification = "TOP SECRET";
    cable.precedence.rank = model::PrecedenceRank::kPriority;
    cable.precedence.original = "Niact";
    cable.kind = model::DocumentKind::kTelegram;
    cable.document_type = "Top Secret Telegram";
    cable.archival.collection = "frus1961-63v22";
    cable.archival.original_language = "Chinese";
    return cable;
  }

  static model::Cable Chinese() {
    return MakeCable("z", "中华人民共和国外交部", "关于阿尔及利亚的联络工作");
  }

  std::string Error(const std::string& text) {
    return std::string(index_->Search(MakeQuery(text)).status().message());
  }
};

TEST_F(SearchLanguageTest, UnquotedWordsAreStemmed) {
  EXPECT_THAT(Ids("criticism"), ElementsAre("a"));
  EXPECT_THAT(Ids("reports"), ElementsAre("a", "b"));
}

TEST_F(SearchLanguageTest, PhrasesMatchExactWordsInOrder) {
  EXPECT_THAT(Ids("\"soviet embassy\""), ElementsAre("a"));
  EXPECT_THAT(Ids("\"embassy soviet\""), IsEmpty());
  EXPECT_THAT(Ids("\"criticism\""), IsEmpty());
  EXPECT_THAT(Ids("\"criticized\""), ElementsAre("a"));
}

TEST_F(SearchLanguageTest, ImplicitAndExplicitAnd) {
  EXPECT_THAT(Ids("embassy treaty"), ElementsAre("a"));
  EXPECT_THAT(Ids("embassy AND treaty"), ElementsAre("a"));
}

TEST_F(SearchLanguageTest, OrNotAndParentheses) {
  EXPECT_THAT(Ids("harvest OR algeria"), ElementsAre("b", "c"));
  EXPECT_THAT(Ids("embassy NOT harvest"), ElementsAre("a"));
  EXPECT_THAT(Ids("embassy AND NOT harvest"), ElementsAre("a"));
  EXPECT_THAT(Ids("embassy -harvest"), ElementsAre("a"));
  EXPECT_THAT(Ids("(harvest OR soviet) embassy"), UnorderedElementsAre("a", "b"));
  EXPECT_THAT(Ids("treaty AND (algeria OR soviet) NOT embassy"), ElementsAre("c"));
}

TEST_F(SearchLanguageTest, LeadingNotExcludesFromEverything) {
  EXPECT_THAT(Ids("NOT embassy NOT treaty"), ElementsAre("k", "z"));
}

TEST_F(SearchLanguageTest, LowerCaseOperatorsAreWords) {
  EXPECT_THAT(Ids("embassy and"), IsEmpty());
}

TEST_F(SearchLanguageTest, FieldPrefixAppliesToAGroup) {
  EXPECT_THAT(Ids("title:(harvest OR treaty)"), ElementsAre("b", "c"));
}

TEST_F(SearchLanguageTest, RefFindsAReferenceSegmentExactly) {
  EXPECT_THAT(Ids("ref:\"793.551/2-2561\""), ElementsAre("k"));
  EXPECT_THAT(Ids("ref:793.551/2-2561"), ElementsAre("k"));
  EXPECT_THAT(Ids("ref:\"Central Files, 793.551/2-2561\""), ElementsAre("k"));
  EXPECT_THAT(Ids("ref:\"793.551/2-2562\""), IsEmpty());
}

TEST_F(SearchLanguageTest, ClassMatchesCanonicalOrVerbatimClassification) {
  EXPECT_THAT(Ids("class:\"top secret\""), ElementsAre("k"));
  EXPECT_THAT(Ids("class:\"TOP  SECRET\""), ElementsAre("k"));
  EXPECT_THAT(Ids("class:secret"), IsEmpty());
}

TEST_F(SearchLanguageTest, PrecMatchesRankNameOrVerbatim) {
  EXPECT_THAT(Ids("prec:priority"), ElementsAre("k"));
  EXPECT_THAT(Ids("prec:niact"), ElementsAre("k"));
  EXPECT_THAT(Ids("prec:routine"), IsEmpty());
}

TEST_F(SearchLanguageTest, TypeVolAndLangMatchTheirValues) {
  EXPECT_THAT(Ids("type:telegram"), ElementsAre("k"));
  EXPECT_THAT(Ids("type:\"top secret telegram\""), ElementsAre("k"));
  EXPECT_THAT(Ids("vol:frus1961-63v22"), ElementsAre("k"));
  EXPECT_THAT(Ids("lang:chinese"), ElementsAre("k"));
  EXPECT_THAT(Ids("lang:english"), IsEmpty());
}

TEST_F(SearchLanguageTest, ChineseTextIsFoundByAnyRunOfItsCharacters) {
  EXPECT_THAT(Ids("外交部"), ElementsAre("z"));
  EXPECT_THAT(Ids("阿尔及利亚"), ElementsAre("z"));
  EXPECT_THAT(Ids("\"联络工作\""), ElementsAre("z"));
  EXPECT_THAT(Ids("title:人民共和国"), ElementsAre("z"));
  EXPECT_THAT(Ids("利亚阿尔"), IsEmpty());
}

TEST_F(SearchLanguageTest, MalformedQueriesNameTheirColumn) {
  EXPECT_EQ(Error("(embassy OR (treaty)"), "query:1:1: unbalanced parenthesis");
  EXPECT_EQ(Error("embassy ()"), "query:1:9: empty parentheses");
  EXPECT_EQ(Error("embassy nation:x"), "query:1:9: unknown field 'nation'");
  EXPECT_EQ(Error("title: embassy"), "query:1:1: title: has no value");
  EXPECT_EQ(Error("a \"\" b"), "query:1:3: empty phrase");
}

TEST_F(SearchLanguageTest, QueryLongerThanTheCapIsRejected) {
  EXPECT_TRUE(index_->Search(MakeQuery(std::string(kMaxQueryBytes, 'a'))).ok());
  EXPECT_EQ(Error(std::string(kMaxQueryBytes + 1, 'a')), "query: longer than 1024 bytes");
}

TEST_F(SearchLanguageTest, QueryWithTooManyTermsIsRejectedAtTheFirstExtraTerm) {
  std::string text;
  for (size_t i = 0; i < kMaxQueryTerms; ++i) {
    text += "w ";
  }
  EXPECT_TRUE(index_->Search(MakeQuery(text)).ok());
  EXPECT_EQ(Error(text + "x"),
            "query:1:" + std::to_string(text.size() + 1) + ": more than 64 terms");
}

TEST_F(SearchLanguageTest, DeepNestingIsRejected) {
  EXPECT_THAT(Error(std::string(40, '(') + "a" + std::string(40, ')')),
              HasSubstr("query:1:33: parentheses nested deeper than 32"));
}

}  // namespace
}  // namespace chancery::search
