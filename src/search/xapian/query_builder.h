// Turns a SearchQuery into a Xapian::Query (the searching half of schema.h): QueryParser
// syntax with English stemming and the field prefixes of docs/search.md, plus the date range.
// Internal to the Xapian adapter.
#pragma once

#include <xapian.h>

#include "chancery/base/result.h"
#include "chancery/search/search_index.h"

namespace chancery::search::internal {

// The query for `query.text` (every document, all scored 0, when the text is blank), filtered
// by the overlap of each record's day range with [from_day, to_day] when either is given.
// Errors: kInvalidArgument for malformed text (message names the column when known).
Result<Xapian::Query> BuildQuery(const SearchQuery& query);

}  // namespace chancery::search::internal
