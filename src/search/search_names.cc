// Names of the search enums (include/chancery/search/search_index.h), for flags and JSON.
#include <array>
#include <utility>

#include "chancery/search/search_index.h"

#include "search/xapian/query_parser.h"

namespace chancery::search {
namespace {

constexpr std::array<std::pair<SortOrder, std::string_view>, 3> kSortNames = {{
    {SortOrder::kRelevance, "relevance"},
    {SortOrder::kDateAscending, "date-asc"},
    {SortOrder::kDateDescending, "date-desc"},
}};

constexpr std::array<std::pair<Facet, std::string_view>, 10> kFacetNames = {{
    {Facet::kDecade, "decade"},
    {Facet::kYear, "year"},
    {Facet::kClassification, "classification"},
    {Facet::kPrecedence, "precedence"},
    {Facet::kFromOffice, "from"},
    {Facet::kToOffice, "to"},
    {Facet::kCollection, "collection"},
    {Facet::kLanguage, "language"},
    {Facet::kDocumentKind, "type"},
    {Facet::kMonth, "month"},
}};

template <typename Enum, size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [entry, name] : names) {
    if (entry == value) {
      return name;
    }
  }
  return "unknown";
}

template <typename Enum, size_t N>
bool ParseName(const std::array<std::pair<Enum, std::string_view>, N>& names, std::string_view name,
               Enum* value) {
  for (const auto& [entry, entry_name] : names) {
    if (entry_name == name) {
      *value = entry;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string_view SortOrderName(SortOrder order) {
  return NameOf(kSortNames, order);
}

bool ParseSortOrder(std::string_view name, SortOrder* order) {
  return ParseName(kSortNames, name, order);
}

std::string_view FacetName(Facet facet) {
  return NameOf(kFacetNames, facet);
}

bool ParseFacet(std::string_view name, Facet* facet) {
  return ParseName(kFacetNames, name, facet);
}

Status CheckQuerySyntax(std::string_view text) {
  auto parsed = internal::ParseQueryText(text);
  return parsed.ok() ? Status::Ok() : parsed.status();
}

}  // namespace chancery::search
