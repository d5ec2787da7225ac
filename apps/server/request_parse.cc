#include "request_parse.h"

#include <charconv>

#include "chancery/base/strings.h"
#include "chancery/format/json.h"
#include "chancery/search/search_index.h"

namespace chancery::server {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

Result<std::string> Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return InvalidArgument("query string: malformed %-escape at byte " + std::to_string(i + 1));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    }
  }
  return out;
}

Result<std::optional<model::Date>> DateParam(const Params& params, std::string_view name) {
  std::optional<std::string> text = FindParam(params, name);
  if (!text || text->empty()) {
    return std::optional<model::Date>();
  }
  Result<model::Date> date = model::Date::Parse(*text);
  if (!date.ok()) {
    return InvalidArgument("parameter " + std::string(name) + ": " +
                           std::string(date.status().message()));
  }
  return std::optional<model::Date>(*date);
}

Status ParseFacets(const std::string& text, std::vector<search::Facet>* facets) {
  for (const std::string& name : SplitTrimmed(text, ',')) {
    if (name.empty())
      continue;
    search::Facet facet;
    if (!search::ParseFacet(name, &facet)) {
      return InvalidArgument("parameter facets: unknown facet \"" + name + "\"");
    }
    facets->push_back(facet);
  }
  return Status::Ok();
}

}  // namespace

Result<Params> ParseQueryString(std::string_view query) {
  Params params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty())
      continue;
    if (params.size() == kMaxParams) {
      return InvalidArgument("query string: more than " + std::to_string(kMaxParams) +
                             " parameters");
    }
    const size_t eq = pair.find('=');
    CHANCERY_ASSIGN_OR_RETURN(std::string name, Decode(pair.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      CHANCERY_ASSIGN_OR_RETURN(value, Decode(pair.substr(eq + 1)));
    }
    params.emplace_back(std::move(name), std::move(value));
  }
  return params;
}

std::optional<std::string> FindParam(const Params& params, std::string_view name) {
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    if (it->first == name)
      return it->second;
  }
  return std::nullopt;
}

Result<int64_t> ParseIntParam(std::string_view name, std::string_view text, int64_t min,
                              int64_t max) {
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return InvalidArgument("parameter " + std::string(name) + ": expected an integer " +
                           std::to_string(min) + ".." + std::to_string(max) + ", got \"" +
                           std::string(text) + "\"");
  }
  return value;
}

Result<bool> ParseBoolParam(std::string_view name, std::string_view text) {
  if (text.empty() || text == "true" || text == "1" || text == "yes")
    return true;
  if (text == "false" || text == "0" || text == "no")
    return false;
  return InvalidArgument("parameter " + std::string(name) + ": expected true or false, got \"" +
                         std::string(text) + "\"");
}

Result<SearchParams> ParseSearchParams(const Params& params) {
  SearchParams out;
  records::SearchRequest& r = out.request;
  r.query = FindParam(params, "q").value_or("");
  CHANCERY_ASSIGN_OR_RETURN(r.from, DateParam(params, "from"));
  CHANCERY_ASSIGN_OR_RETURN(r.to, DateParam(params, "to"));
  if (auto size = FindParam(params, "size")) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t n, ParseIntParam("size", *size, 1, kMaxPageSize));
    out.size = static_cast<uint32_t>(n);
  }
  const int64_t max_page = search::kMaxResultWindow / out.size;
  if (auto page = FindParam(params, "page")) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t n, ParseIntParam("page", *page, 1, max_page));
    out.page = static_cast<uint32_t>(n);
  }
  r.offset = (out.page - 1) * out.size;
  r.limit = out.size;
  if (auto sort = FindParam(params, "sort"); sort && !sort->empty()) {
    if (!search::ParseSortOrder(*sort, &r.sort)) {
      return InvalidArgument("parameter sort: expected relevance, date-asc or date-desc, got \"" +
                             *sort + "\"");
    }
  }
  if (auto facets = FindParam(params, "facets")) {
    CHANCERY_RETURN_IF_ERROR(ParseFacets(*facets, &r.facets));
  }
  if (auto snippets = FindParam(params, "snippets")) {
    CHANCERY_ASSIGN_OR_RETURN(r.snippets, ParseBoolParam("snippets", *snippets));
  }
  if (auto undated = FindParam(params, "undated")) {
    CHANCERY_ASSIGN_OR_RETURN(r.include_undated, ParseBoolParam("undated", *undated));
  }
  return out;
}

Result<nlohmann::json> ParseJsonObject(std::string_view body) {
  if (const size_t deep = format::FindJsonDepthExcess(body, kMaxBodyDepth);
      deep != std::string_view::npos) {
    return InvalidArgument("body: JSON nested deeper than " + std::to_string(kMaxBodyDepth) +
                           " levels at byte " + std::to_string(deep + 1));
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return InvalidArgument("body: malformed JSON");
  }
  if (!j.is_object()) {
    return InvalidArgument("body: expected a JSON object");
  }
  return j;
}

Result<std::optional<std::string>> StringMember(const nlohmann::json& object,
                                                std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null())
    return std::optional<std::string>();
  if (!it->is_string()) {
    return InvalidArgument("member " + std::string(name) + ": expected a string");
  }
  return std::optional<std::string>(it->get_ref<const std::string&>());
}

Result<std::string> RequiredString(const nlohmann::json& object, std::string_view name) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> value, StringMember(object, name));
  if (!value) {
    return InvalidArgument("member " + std::string(name) + ": required");
  }
  return *value;
}

Result<std::optional<int64_t>> IntMember(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null())
    return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return InvalidArgument("member " + std::string(name) + ": expected an integer");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<std::optional<bool>> BoolMember(const nlohmann::json& object, std::string_view name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null())
    return std::optional<bool>();
  if (!it->is_boolean()) {
    return InvalidArgument("member " + std::string(name) + ": expected true or false");
  }
  return std::optional<bool>(it->get<bool>());
}

Result<std::vector<std::string>> StringListMember(const nlohmann::json& object,
                                                  std::string_view name) {
  std::vector<std::string> out;
  auto it = object.find(name);
  if (it == object.end() || it->is_null())
    return out;
  if (!it->is_array()) {
    return InvalidArgument("member " + std::string(name) + ": expected a list of strings");
  }
  for (const nlohmann::json& item : *it) {
    if (!item.is_string()) {
      return InvalidArgument("member " + std::string(name) + ": expected a list of strings");
    }
    out.push_back(item.get_ref<const std::string&>());
  }
  return out;
}

std::optional<std::string> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = Trim(header.substr(0, semi));
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::string Dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace chancery::server
