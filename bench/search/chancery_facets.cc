#include "chancery_facets.h"

namespace chancery::bench {

void RequestFacets(search::SearchQuery* query) {
  query->facets = {search::Facet::kCollection, search::Facet::kDocumentKind, search::Facet::kDecade,
                   search::Facet::kClassification, search::Facet::kFromOffice};
  query->facet_limit = 0;
}

void RequestExactCounts(search::SearchQuery* query) {
  query->budget_ms = 0;
}

uint64_t FacetValues(const search::SearchResults& results) {
  uint64_t values = 0;
  for (const search::FacetResult& facet : results.facets) {
    values += facet.buckets.size();
  }
  return values;
}

}  // namespace chancery::bench
