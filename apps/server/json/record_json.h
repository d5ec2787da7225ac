// JSON and text forms of reading-room results (DTO mapping; docs/api/openapi.yaml has the
// schemas). Pure.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chancery/model/cable.h"
#include "chancery/search/search_index.h"

namespace chancery::server {

// {total, page, size, budget_exceeded, hits: [{id, title, date, score, snippet, earliest?,
//  latest?, date_approximate?}], facets: {name: [{value, count, label?}]}}. Snippets are HTML
// with <b> around matches (search.h); a bucket's label (a volume's title) is there when the
// value is an id; earliest/latest when the record gives a range, date_approximate when inferred.
nlohmann::json SearchResultsJson(const search::SearchResults& results, uint32_t page,
                                 uint32_t size);

// "March 13, 1963", "March 1963", "1963", or "" for an unset date.
std::string LongDate(const model::Date& date);

}  // namespace chancery::server
