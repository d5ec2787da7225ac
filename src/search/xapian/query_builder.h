// Turns a SearchQuery into a Xapian::Query (the searching half of schema.h): the syntax tree of
// query_parser.h, each word and phrase tokenized by the same TermGenerator settings the indexer
// uses, plus the date range. Internal to the Xapian adapter.
#pragma once

#include <xapian.h>

#include "chancery/base/result.h"
#include "chancery/search/search_index.h"

namespace chancery::search::internal {

// The query for `query.text` (every document, all scored 0, when the text is blank), filtered
// by the overlap of each record's day range with [from_day, to_day] when either is given (plus
// the undated records when include_undated). Errors: kInvalidArgument as ParseQueryText().
Result<Xapian::Query> BuildQuery(const SearchQuery& query);

}  // namespace chancery::search::internal
