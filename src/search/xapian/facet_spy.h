// FacetSpy: counts facet values (schema.h facet slots) over every document a match considers.
// With Enquire's checkatleast at least the number of matches, that is every match, so the
// counts are exact. Internal to the Xapian adapter; one spy per search, not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "chancery/search/search_index.h"

namespace chancery::search::internal {

class FacetSpy : public Xapian::MatchSpy {
 public:
  // Counts `facets` (duplicates ignored, order kept).
  explicit FacetSpy(const std::vector<Facet>& facets);

  void operator()(const Xapian::Document& doc, double weight) override;

  Xapian::MatchSpy* clone() const override { return new FacetSpy(facets_); }

  std::string name() const override { return "chancery.FacetSpy"; }

  // One result per facet, each with its `limit` most frequent values (0: all), count
  // descending then value ascending; never a zero count.
  std::vector<FacetResult> Results(uint32_t limit) const;

 private:
  std::vector<Facet> facets_;
  std::vector<std::unordered_map<std::string, uint64_t>> counts_;  // parallel to facets_
  std::unordered_map<std::string, std::string> labels_;            // collection id -> title
};

}  // namespace chancery::search::internal
