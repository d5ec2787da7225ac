// Snippets: matched words highlighted with <b>...</b>, the text HTML-escaped, only when asked.
#include <string>

#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class SearchSnippetTest : public SearchTest {
 protected:
  std::string SnippetFor(const std::string& text) {
    SearchQuery query = MakeQuery(text);
    query.snippets = true;
    SearchResults results = SearchOrDie(query);
    EXPECT_EQ(results.hits.size(), 1u);
    return results.hits.empty() ? "" : results.hits.front().snippet;
  }
};

TEST_F(SearchSnippetTest, MatchedWordsAreHighlighted) {
  PutAndCommit(MakeCable("a", "T", "The embassy reported criticisms of the treaty."));
  EXPECT_THAT(SnippetFor("criticism"), HasSubstr("reported <b>criticisms</b> of"));
  EXPECT_THAT(SnippetFor("\"the treaty\""), HasSubstr("<b>the treaty</b>"));
}

TEST_F(SearchSnippetTest, TextIsHtmlEscaped) {
  PutAndCommit(MakeCable("a", "T", "Use <script>alert(1)</script> & \"quotes\" in the embassy"));
  std::string snippet = SnippetFor("embassy");
  EXPECT_THAT(snippet, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"));
  EXPECT_THAT(snippet, Not(HasSubstr("<script>")));
  EXPECT_THAT(snippet, HasSubstr("<b>embassy</b>"));
}

TEST_F(SearchSnippetTest, ChineseMatchesAreHighlighted) {
  PutAndCommit(MakeCable("z", "T", "关于阿尔及利亚的联络工作"));
  EXPECT_THAT(SnippetFor("联络"), HasSubstr("的<b>联</b><b>络</b>工"));
}

TEST_F(SearchSnippetTest, LongTextGivesAShortSnippetAroundTheMatch) {
  std::string filler;
  for (int i = 0; i < 100; ++i) {
    filler += "filler words here. ";
  }
  PutAndCommit(MakeCable("a", "T", filler + "The needle is here. " + filler));
  std::string snippet = SnippetFor("needle");
  EXPECT_THAT(snippet, HasSubstr("<b>needle</b>"));
  EXPECT_LT(snippet.size(), 400u);
}

// Issue 12 item 5: snippets come from the whole text (it was the first 2 KB).
TEST_F(SearchSnippetTest, MatchesDeepInTheTextAreHighlighted) {
  std::string filler;
  for (int i = 0; i < 1200; ++i) {
    filler += "filler words here. ";  // about 22 KB of words before the match
  }
  PutAndCommit(MakeCable("a", "T", filler + "The needle is here."));
  EXPECT_THAT(SnippetFor("needle"), HasSubstr("<b>needle</b>"));
}

TEST_F(SearchSnippetTest, NoSnippetUnlessAsked) {
  PutAndCommit(MakeCable("a", "T", "The embassy"));
  EXPECT_EQ(SearchOrDie(MakeQuery("embassy")).hits.at(0).snippet, "");
}

}  // namespace
}  // namespace chancery::search
