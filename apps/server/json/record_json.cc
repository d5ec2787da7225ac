#include "record_json.h"

namespace chancery::server {

nlohmann::json SearchResultsJson(const search::SearchResults& results, uint32_t page,
                                 uint32_t size) {
  nlohmann::json hits = nlohmann::json::array();
  for (const search::Hit& hit : results.hits) {
    nlohmann::json h = {{"id", hit.id},
                        {"title", hit.title},
                        {"date", hit.date},
                        {"score", hit.score},
                        {"snippet", hit.snippet}};
    // The range of an undated record, as the record's own JSON gives it (docs/format/json.md).
    if (!hit.earliest.empty()) {
      h["earliest"] = hit.earliest;
    }
    if (!hit.latest.empty()) {
      h["latest"] = hit.latest;
    }
    if (hit.date_approximate) {
      h["date_approximate"] = true;
    }
    // The language the match was in, and what a translation translates (docs/search.md).
    if (!hit.language.empty()) {
      h["language"] = hit.language;
    }
    if (hit.translation_not_held) {
      h["translation_of"] = {{"not_held", true}};
    } else if (!hit.translation_of.empty()) {
      h["translation_of"] = {{"original", hit.translation_of}};
    }
    hits.push_back(std::move(h));
  }
  nlohmann::json facets = nlohmann::json::object();
  for (const search::FacetResult& facet : results.facets) {
    nlohmann::json buckets = nlohmann::json::array();
    for (const search::FacetBucket& b : facet.buckets) {
      nlohmann::json bucket = {{"value", b.value}, {"count", b.count}};
      if (!b.label.empty()) {
        bucket["label"] = b.label;
      }
      buckets.push_back(std::move(bucket));
    }
    facets[std::string(search::FacetName(facet.facet))] = std::move(buckets);
  }
  return {{"total", results.total},
          {"page", page},
          {"size", size},
          {"budget_exceeded", results.budget_exceeded},
          {"hits", std::move(hits)},
          {"facets", std::move(facets)}};
}

std::string LongDate(const model::Date& date) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  if (!date.IsSet())
    return "";
  const std::string year = std::to_string(date.Year());
  if (date.Precision() == model::DatePrecision::kYear || date.Month() < 1 || date.Month() > 12) {
    return year;
  }
  const std::string month = kMonths[date.Month() - 1];
  if (date.Precision() == model::DatePrecision::kMonth)
    return month + " " + year;
  return month + " " + std::to_string(date.Day()) + ", " + year;
}

}  // namespace chancery::server
