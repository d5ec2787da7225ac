// The exchange formats of a citation (docs/citations.md): CSL-JSON, RIS and BibTeX, and the
// small readers the round-trip properties use.
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/citation_internal.h"

namespace chancery::format::internal {

namespace {

nlohmann::json Literals(const std::vector<std::string>& names) {
  nlohmann::json out = nlohmann::json::array();
  for (const std::string& n : names) {
    out.push_back({{"literal", n}});
  }
  return out;
}

nlohmann::json DateParts(const model::Date& date) {
  nlohmann::json parts = nlohmann::json::array({date.Year()});
  if (date.Precision() >= model::DatePrecision::kMonth) {
    parts.push_back(date.Month());
  }
  if (date.Precision() >= model::DatePrecision::kDay) {
    parts.push_back(date.Day());
  }
  return {{"date-parts", nlohmann::json::array({parts})}};
}

// One line of a RIS value: line breaks become spaces (RIS values are one line each).
std::string RisValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string Pad2(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

// BibTeX value text: TeX's special characters escaped, so that braces always balance.
std::string TexEscape(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '{':
      case '}':
      case '#':
      case '$':
      case '%':
      case '&':
      case '_':
        out += '\\';
        out += c;
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

nlohmann::ordered_json CslItem(const CslData& d) {
  nlohmann::ordered_json item;
  item["id"] = d.id;
  item["type"] = "manuscript";
  item["title"] = d.title;
  if (!d.authors.empty()) {
    item["author"] = Literals(d.authors);
  }
  if (!d.translators.empty()) {
    item["translator"] = Literals(d.translators);
  }
  if (!d.genre.empty()) {
    item["genre"] = d.genre;
  }
  if (d.issued.IsSet()) {
    item["issued"] = DateParts(d.issued);
  }
  if (!d.archive.empty()) {
    item["archive"] = d.archive;
  }
  if (!d.archive_location.empty()) {
    item["archive_location"] = d.archive_location;
  }
  if (!d.number.empty()) {
    item["number"] = d.number;
  }
  if (!d.language.empty()) {
    item["language"] = d.language;
  }
  if (!d.abstract.empty()) {
    item["abstract"] = d.abstract;
  }
  item["URL"] = d.url;
  item["version"] = d.version;
  item["note"] = d.note;
  return item;
}

std::string CslJsonText(const CslData& d) {
  return nlohmann::ordered_json::array({CslItem(d)})
      .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string RisText(const CslData& d) {
  std::string out;
  auto tag = [&out](std::string_view t, std::string_view value) {
    if (!value.empty()) {
      out += std::string(t) + "  - " + RisValue(value) + "\r\n";
    }
  };
  tag("TY", "MANSCPT");
  tag("TI", d.title);
  for (const std::string& a : d.authors) {
    tag("AU", a);
  }
  for (const std::string& t : d.translators) {
    tag("A4", t);  // the translator (RIS: A4 "Translator" / subsidiary author)
  }
  if (d.issued.IsSet()) {
    const model::Date& t = d.issued;
    const bool month = t.Precision() >= model::DatePrecision::kMonth;
    const bool day = t.Precision() >= model::DatePrecision::kDay;
    tag("PY", std::to_string(t.Year()));
    tag("DA", std::to_string(t.Year()) + "/" + (month ? Pad2(t.Month()) : "") + "/" +
                  (day ? Pad2(t.Day()) : "") + "/");
  }
  tag("M3", d.genre);
  tag("PB", d.archive);
  tag("AV", d.archive_location);
  tag("M1", d.number);
  tag("LA", d.language);
  tag("AB", d.abstract);
  tag("UR", d.url);
  tag("ET", d.version);
  tag("N1", "Version " + d.version + ", " + d.note);
  tag("ID", d.id);
  out += "ER  - \r\n";
  return out;
}

std::string BibtexText(const CslData& d, const model::Cable& cable) {
  std::string key = "chancery:" + cable.id + ":v" + d.version;
  std::string out = "@misc{" + key + ",\n";
  auto field = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) {
      out += "  " + std::string(name) + " = {" + value + "},\n";
    }
  };
  auto names = [](const std::vector<std::string>& list) {
    std::string joined;
    for (const std::string& n : list) {
      joined += (joined.empty() ? "{" : " and {") + TexEscape(n) + "}";
    }
    return joined;
  };
  field("title", "{" + TexEscape(d.title) + "}");
  field("author", names(d.authors));
  field("translator", names(d.translators));
  if (d.issued.IsSet()) {
    field("date", d.issued.ToIso().substr(0, 10));
    field("year", std::to_string(d.issued.Year()));
  }
  field("type", TexEscape(d.genre));
  std::string howpublished = TexEscape(d.archive);
  if (!d.archive_location.empty()) {
    howpublished += (howpublished.empty() ? "" : ", ") + TexEscape(d.archive_location);
  }
  field("howpublished", howpublished);
  field("archive", TexEscape(d.archive));
  field("archive_location", TexEscape(d.archive_location));
  field("number", TexEscape(d.number));
  field("language", d.language);
  field("url", d.url);
  field("version", d.version);
  field("note", TexEscape("Version " + d.version + ", " + d.note));
  out += "}\n";
  return out;
}

}  // namespace chancery::format::internal

namespace chancery::format {

std::string CslItemJson(const model::Cable& cable, const CitedVersion& cited) {
  return internal::CslItem(internal::CslDataFor(cable, cited))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<CitationField>> ReadRis(std::string_view text) {
  std::vector<CitationField> fields;
  size_t line_no = 0;
  bool ended = false;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty()) {
      continue;
    }
    if (ended) {
      return InvalidArgument("ris line " + std::to_string(line_no) + ": text after ER");
    }
    const bool tag_ok =
        line.size() >= 5 && line[0] >= 'A' && line[0] <= 'Z' &&
        ((line[1] >= 'A' && line[1] <= 'Z') || (line[1] >= '0' && line[1] <= '9')) &&
        line.substr(2, 3) == "  -";
    if (!tag_ok || (line.size() > 5 && line[5] != ' ')) {
      return InvalidArgument("ris line " + std::to_string(line_no) + ": not \"XY  - value\"");
    }
    const std::string tag(line.substr(0, 2));
    const std::string value(line.size() > 6 ? line.substr(6) : std::string_view());
    if (fields.empty() && tag != "TY") {
      return InvalidArgument("ris line " + std::to_string(line_no) + ": first tag is not TY");
    }
    if (tag == "ER") {
      ended = true;
      continue;
    }
    fields.push_back({tag, value});
  }
  if (!ended) {
    return InvalidArgument("ris line " + std::to_string(line_no) + ": no ER");
  }
  return fields;
}

namespace {

// Undoes TexEscape and strips one level of grouping braces.
std::string TexUnescape(std::string_view v) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\') {
      for (std::string_view word : {"textbackslash{}", "textasciitilde{}", "textasciicircum{}"}) {
        if (v.substr(i + 1, word.size()) == word) {
          out += word == "textbackslash{}" ? '\\' : word == "textasciitilde{}" ? '~' : '^';
          i += word.size();
          goto next;
        }
      }
      if (i + 1 < v.size()) {
        out += v[++i];
      }
    } else if (v[i] != '{' && v[i] != '}') {
      out += v[i];
    }
  next:;
  }
  return out;
}

}  // namespace

Result<std::vector<CitationField>> ReadBibtex(std::string_view text) {
  auto fail = [](size_t at, std::string_view what) {
    return InvalidArgument("bibtex offset " + std::to_string(at) + ": " + std::string(what));
  };
  size_t i = text.find('@');
  if (i == std::string_view::npos) {
    return fail(0, "no entry");
  }
  const size_t brace = text.find('{', i);
  const size_t comma = text.find(',', i);
  if (brace == std::string_view::npos || comma == std::string_view::npos || comma < brace) {
    return fail(i, "no \"@type{key,\"");
  }
  std::vector<CitationField> fields;
  fields.push_back({"@type", std::string(text.substr(i + 1, brace - i - 1))});
  fields.push_back({"@key", std::string(text.substr(brace + 1, comma - brace - 1))});
  i = comma + 1;
  for (;;) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == ',')) {
      ++i;
    }
    if (i < text.size() && text[i] == '}') {
      return fields;
    }
    const size_t eq = text.find('=', i);
    if (eq == std::string_view::npos) {
      return fail(i, "no \"name = {value}\"");
    }
    std::string name(text.substr(i, eq - i));
    while (!name.empty() && name.back() == ' ') {
      name.pop_back();
    }
    size_t v = eq + 1;
    while (v < text.size() && text[v] == ' ') {
      ++v;
    }
    if (v >= text.size() || text[v] != '{') {
      return fail(v, "value of " + name + " is not in braces");
    }
    int depth = 0;
    size_t k = v;
    for (; k < text.size(); ++k) {
      if (text[k] == '\\') {
        ++k;
        continue;
      }
      depth += text[k] == '{' ? 1 : text[k] == '}' ? -1 : 0;
      if (depth == 0) {
        break;
      }
    }
    if (k >= text.size()) {
      return fail(v, "unbalanced braces in " + name);
    }
    fields.push_back({name, TexUnescape(text.substr(v + 1, k - v - 1))});
    i = k + 1;
  }
}

}  // namespace chancery::format
