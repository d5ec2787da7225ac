// The one place where the benchmark touches Chancery's facet API (include/chancery/search/
// search_index.h: SearchQuery::facets, SearchResults::facets), so that it is easy to adapt while
// that API settles.
#pragma once

#include <cstdint>

#include "chancery/search/search_index.h"

namespace chancery::bench {

// Asks for the five benchmark facets (collection, type, decade, classification, from), every
// value of each.
void RequestFacets(search::SearchQuery* query);
// No time budget: totals exact, as the peers compute them.
void RequestExactCounts(search::SearchQuery* query);
// Distinct facet values counted in `results`.
uint64_t FacetValues(const search::SearchResults& results);

}  // namespace chancery::bench
