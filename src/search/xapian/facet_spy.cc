#include "search/xapian/facet_spy.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "search/xapian/document_builder.h"
#include "search/xapian/schema.h"

namespace chancery::search::internal {
namespace {

Xapian::valueno SlotOf(Facet facet) {
  switch (facet) {
    case Facet::kDecade:
    case Facet::kYear:
      return kYearSlot;
    case Facet::kClassification:
      return kClassificationSlot;
    case Facet::kPrecedence:
      return kPrecedenceSlot;
    case Facet::kFromOffice:
      return kFromSlot;
    case Facet::kToOffice:
      return kToSlot;
    case Facet::kCollection:
      return kCollectionSlot;
    case Facet::kLanguage:
      return kLanguageSlot;
    case Facet::kDocumentKind:
      return kKindSlot;
    case Facet::kMonth:
      return kEarliestSlot;
  }
  return Xapian::BAD_VALUENO;
}

// "1963" -> "1960s"; empty for a value that is not a year.
std::string DecadeOf(const std::string& year) {
  int32_t value = 0;
  auto [end, ec] = std::from_chars(year.data(), year.data() + year.size(), value);
  if (ec != std::errc() || end != year.data() + year.size()) {
    return {};
  }
  int32_t decade = value >= 0 ? value - value % 10 : value - (10 + value % 10) % 10;
  return std::to_string(decade) + "s";
}

// sortable_serialise(first day covered) -> "1963-03" (proleptic Gregorian, Hinnant's
// civil_from_days); empty when the value is not a day.
std::string MonthOf(const std::string& serialised) {
  const double value = Xapian::sortable_unserialise(serialised);
  if (!(value > -1e9 && value < 1e9)) {
    return {};
  }
  const int64_t z = static_cast<int64_t>(value) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) {
    return {};
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(year),
                static_cast<long long>(month));
  return buf;
}

// "1963" or "1960s" as a number for chronological order ("-50" before "1963").
int64_t YearKey(const std::string& value) {
  int64_t year = 0;
  std::from_chars(value.data(), value.data() + value.size(), year);
  return year;
}

}  // namespace

FacetSpy::FacetSpy(const std::vector<Facet>& facets) {
  for (Facet facet : facets) {
    if (std::find(facets_.begin(), facets_.end(), facet) == facets_.end()) {
      facets_.push_back(facet);
    }
  }
  counts_.resize(facets_.size());
}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
  for (size_t i = 0; i < facets_.size(); ++i) {
    std::string value = doc.get_value(SlotOf(facets_[i]));
    if (value.empty()) {
      continue;
    }
    if (facets_[i] == Facet::kToOffice) {
      std::vector<std::string> names;
      if (DecodeList(value, &names)) {
        for (std::string& name : names) {
          ++counts_[i][std::move(name)];
        }
      }
      continue;
    }
    if (facets_[i] == Facet::kMonth) {
      value = MonthOf(value);
      if (value.empty()) {
        continue;
      }
    }
    if (facets_[i] == Facet::kDecade) {
      value = DecadeOf(value);
      if (value.empty()) {
        continue;
      }
    }
    if (facets_[i] == Facet::kCollection) {
      if (const size_t sep = value.find(kLabelSeparator); sep != std::string::npos) {
        labels_[value.substr(0, sep)] = value.substr(sep + 1);
        value.resize(sep);
      }
    }
    ++counts_[i][std::move(value)];
  }
}

std::vector<FacetResult> FacetSpy::Results(uint32_t limit) const {
  std::vector<FacetResult> results;
  for (size_t i = 0; i < facets_.size(); ++i) {
    FacetResult result;
    result.facet = facets_[i];
    for (const auto& [value, count] : counts_[i]) {
      const auto label = labels_.find(value);
      result.buckets.push_back(
          FacetBucket{value, count, label == labels_.end() ? std::string() : label->second});
    }
    std::sort(result.buckets.begin(), result.buckets.end(),
              [](const FacetBucket& a, const FacetBucket& b) {
                return a.count != b.count ? a.count > b.count : a.value < b.value;
              });
    if (facets_[i] == Facet::kMonth) {
      // The histogram: every month, in order ("YYYY-MM" sorts chronologically).
      std::sort(result.buckets.begin(), result.buckets.end(),
                [](const FacetBucket& a, const FacetBucket& b) { return a.value < b.value; });
      results.push_back(std::move(result));
      continue;
    }
    if (limit != 0 && result.buckets.size() > limit) {
      result.buckets.resize(limit);
    }
    if (facets_[i] == Facet::kDecade || facets_[i] == Facet::kYear) {
      // A time line reads in order: the most frequent years, shown chronologically.
      std::sort(result.buckets.begin(), result.buckets.end(),
                [](const FacetBucket& a, const FacetBucket& b) {
                  return YearKey(a.value) < YearKey(b.value);
                });
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace chancery::search::internal
