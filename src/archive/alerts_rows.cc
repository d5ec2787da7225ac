// The stored rows of saved searches and alerts (src/archive/alerts_internal.h), and what a saved
// search means as a search query.
#include <cinttypes>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "chancery/model/date.h"
#include "chancery/security/policy.h"

#include "archive/alerts_internal.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxName = 200;

bool OneLine(std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return false;
    }
  }
  return true;
}

std::string Str(const Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const Json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::string Padded(int64_t n) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%020" PRId64, n);
  return buffer;
}

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    for (size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) {
        return false;
      }
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (cc & 0x3F);
    }
    const uint32_t min = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

}  // namespace

std::string SavedToJson(const SavedSearch& s) {
  Json j = {{"id", s.id},
            {"owner", s.owner},
            {"name", s.spec.name},
            {"query", s.spec.query},
            {"from", s.spec.from},
            {"to", s.spec.to},
            {"undated", s.spec.undated},
            {"created", s.created_micros},
            {"since_seq", s.since_seq},
            {"feed_token", s.feed_token}};
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);  // never throws
}

Result<SavedSearch> SavedFromJson(std::string_view json) {
  const Json j = Json::parse(json, nullptr, false);
  if (!j.is_object()) {
    return Corruption("alerts.saved: unreadable row");
  }
  SavedSearch s;
  s.id = Str(j, "id");
  s.owner = Str(j, "owner");
  s.spec.name = Str(j, "name");
  s.spec.query = Str(j, "query");
  s.spec.from = Str(j, "from");
  s.spec.to = Str(j, "to");
  s.spec.undated = j.value("undated", false);
  s.created_micros = Int(j, "created");
  s.since_seq = Int(j, "since_seq");
  s.feed_token = Str(j, "feed_token");
  return s;
}

store::DocRow SavedDoc(const SavedSearch& s) {
  store::DocRow doc;
  doc.collection = std::string(kSaved);
  doc.key = s.id;
  doc.group = s.owner;
  doc.sort = Padded(s.created_micros) + s.id;
  doc.body = SavedToJson(s);
  return doc;
}

store::DocRow MatchDoc(const MatchRow& m) {
  store::DocRow doc;
  doc.collection = std::string(kMatches);
  doc.key = m.search_id + "/" + m.record_id;
  doc.group = m.search_id;
  doc.sort = Padded(m.seq) + m.record_id;
  doc.body = Json({{"record", m.record_id}, {"seq", m.seq}, {"micros", m.micros}}).dump();
  return doc;
}

Result<MatchRow> MatchFromDoc(const store::DocRow& doc) {
  const Json j = Json::parse(doc.body, nullptr, false);
  if (!j.is_object()) {
    return Corruption("alerts.match " + doc.key + ": unreadable row");
  }
  MatchRow m;
  m.search_id = doc.group;
  m.record_id = Str(j, "record");
  m.seq = Int(j, "seq");
  m.micros = Int(j, "micros");
  return m;
}

Result<search::SearchQuery> QueryOf(const SavedSearchSpec& spec) {
  if (spec.name.size() > kMaxName || !OneLine(spec.name) || !ValidUtf8(spec.name)) {
    return InvalidArgument("name: at most 200 bytes of UTF-8 on one line");
  }
  if (!ValidUtf8(spec.query)) {
    return InvalidArgument("query: not valid UTF-8");
  }
  search::SearchQuery q;
  q.text = spec.query;
  for (const auto& [field, text, day] :
       {std::tuple<const char*, const std::string&, std::optional<int32_t>*>{"from", spec.from,
                                                                             &q.from_day},
        {"to", spec.to, &q.to_day}}) {
    if (text.empty()) {
      continue;
    }
    Result<model::Date> date = model::Date::Parse(text);
    if (!date.ok() || !date->IsSet()) {
      return InvalidArgument(std::string(field) + ": \"" + text + "\": " +
                             (date.ok() ? "empty date" : std::string(date.status().message())));
    }
    *day = std::string_view(field) == "from" ? date->FirstDay() : date->LastDay();
  }
  if (q.from_day && q.to_day && *q.from_day > *q.to_day) {
    return InvalidArgument("to: \"" + spec.to + "\" is before from \"" + spec.from + "\"");
  }
  q.include_undated = spec.undated;
  // The query must compile as a search would compile it (the same errors).
  CHANCERY_RETURN_IF_ERROR(search::CompiledQuery::Compile(q).status());
  return q;
}

}  // namespace chancery::archive::internal
