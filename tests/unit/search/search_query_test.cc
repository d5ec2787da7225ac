// Malformed query text is a caller error that names the column of the problem.
#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::HasSubstr;

class SearchQueryTest : public SearchTest {
 protected:
  Status SearchStatus(const std::string& text) { return index_->Search(MakeQuery(text)).status(); }
};

TEST_F(SearchQueryTest, UnmatchedParenthesesNameTheirColumn) {
  EXPECT_EQ(SearchStatus("(embassy").code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(SearchStatus("(embassy").message(), HasSubstr("query:1:1: unbalanced parenthesis"));
  EXPECT_THAT(SearchStatus("embassy)").message(), HasSubstr("query:1:8: unbalanced parenthesis"));
}

TEST_F(SearchQueryTest, UnterminatedQuoteNamesItsColumn) {
  Status status = SearchStatus("title:\"soviet embassy");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("query:1:7: unterminated quote"));
}

TEST_F(SearchQueryTest, OperatorWithoutOperandIsRejected) {
  EXPECT_THAT(SearchStatus("embassy AND").message(), HasSubstr("query:1:9: AND has no right"));
  EXPECT_THAT(SearchStatus("OR embassy").message(), HasSubstr("query:1:1: OR has no left"));
  EXPECT_THAT(SearchStatus("a AND OR b").message(), HasSubstr("query:1:7: OR has no left"));
  EXPECT_THAT(SearchStatus("(a NOT) b").message(), HasSubstr("query:1:4: NOT has no right"));
}

TEST_F(SearchQueryTest, MalformedQueryIsRejectedEvenWithNothingIndexed) {
  EXPECT_EQ(index_->Search(MakeQuery("NOT", {})).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchQueryTest, WellFormedQueriesAreAccepted) {
  for (const char* text : {"a AND NOT b", "(a OR b) c", "title:\"(x)\"", "+a -b", "and or not",
                           "serial:\"(63) B-Yin-692\"", ""}) {
    EXPECT_TRUE(SearchStatus(text).ok()) << text;
  }
}

}  // namespace
}  // namespace chancery::search
