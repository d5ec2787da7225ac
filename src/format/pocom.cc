// POCOM reader (include/chancery/format/pocom.h): the archive's entries, then one small DOM per
// XML file (libxml2; the largest file is under 300 KB).
#include "chancery/format/pocom.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <utility>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "chancery/base/strings.h"
#include "chancery/format/frus_tei.h"
#include "chancery/model/date.h"

namespace chancery::format {
namespace {

struct Entry {
  std::string name;  // path inside the archive, "pocom/people/k/x.xml"
  std::string data;
};

uint64_t Octal(std::string_view field) {
  uint64_t v = 0;
  for (char c : field) {
    if (c >= '0' && c <= '7') {
      v = v * 8 + static_cast<uint64_t>(c - '0');
    } else if (c != ' ' && c != '\0') {
      break;
    }
  }
  return v;
}

std::string CString(std::string_view field) {
  return std::string(field.substr(0, field.find('\0')));
}

// ustar with pax extended headers (git archive writes a global one).
Result<std::vector<Entry>> ReadTar(const std::string& path, std::string_view tar) {
  std::vector<Entry> out;
  size_t pos = 0;
  std::string pax_path;
  while (pos + 512 <= tar.size()) {
    std::string_view h = tar.substr(pos, 512);
    if (std::all_of(h.begin(), h.end(), [](char c) { return c == '\0'; })) {
      break;
    }
    const uint64_t size = Octal(h.substr(124, 12));
    const char type = h[156];
    pos += 512;
    if (size > tar.size() - pos) {
      return Corruption(path + ": tar entry at byte " + std::to_string(pos - 512) +
                        " runs past the end of the archive");
    }
    std::string_view body = tar.substr(pos, size);
    pos += (size + 511) / 512 * 512;
    if (type == 'x') {  // pax: "<len> path=<value>\n" records
      size_t p = 0;
      while (p < body.size()) {
        size_t sp = body.find(' ', p);
        if (sp == std::string_view::npos)
          break;
        const size_t len = std::strtoul(std::string(body.substr(p, sp - p)).c_str(), nullptr, 10);
        if (len == 0 || p + len > body.size())
          break;
        std::string_view rec = body.substr(sp + 1, len - (sp + 1 - p) - 1);
        if (StartsWith(rec, "path="))
          pax_path = std::string(rec.substr(5));
        p += len;
      }
      continue;
    }
    if (type == 'g')
      continue;
    std::string name = CString(h.substr(0, 100));
    const std::string prefix = CString(h.substr(345, 155));
    if (!prefix.empty())
      name = prefix + "/" + name;
    if (!pax_path.empty())
      name = std::exchange(pax_path, {});
    if (type == '0' || type == '\0') {
      if (body.size() > kMaxPocomEntryBytes) {
        return InvalidArgument(path + "!" + name + ": " + std::to_string(body.size()) +
                               " bytes: an entry may hold at most " +
                               std::to_string(kMaxPocomEntryBytes) + " (1 MiB)");
      }
      if (out.size() >= kMaxPocomEntries) {
        return InvalidArgument(path + ": more than " + std::to_string(kMaxPocomEntries) +
                               " entries: not POCOM data");
      }
      out.push_back({std::move(name), std::string(body)});
    }
  }
  return out;
}

Result<std::vector<Entry>> ReadDirectory(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<Entry> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".xml")
      continue;
    const std::string name = fs::relative(it->path(), path).generic_string();
    if (out.size() >= kMaxPocomEntries) {
      return InvalidArgument(path + ": more than " + std::to_string(kMaxPocomEntries) +
                             " entries: not POCOM data");
    }
    if (const uintmax_t size = it->file_size(ec); !ec && size > kMaxPocomEntryBytes) {
      return InvalidArgument(path + "!" + name + ": " + std::to_string(size) +
                             " bytes: an entry may hold at most " +
                             std::to_string(kMaxPocomEntryBytes) + " (1 MiB)");
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in.good() && !in.eof())
      return IoError(it->path().string() + ": cannot read");
    out.push_back({name, ss.str()});
  }
  if (ec)
    return IoError(path + ": " + ec.message());
  return out;
}

using Doc = std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)>;

Result<Doc> ParseXml(const std::string& where, const std::string& data) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
  xmlResetLastError();
  xmlDocPtr d = xmlReadMemory(data.data(), static_cast<int>(data.size()), where.c_str(), nullptr,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (d == nullptr || xmlDocGetRootElement(d) == nullptr) {
    const xmlError* e = xmlGetLastError();
    std::string msg = e != nullptr && e->message != nullptr ? e->message : "not XML";
    while (!msg.empty() && msg.back() == '\n')
      msg.pop_back();
    const int line = e != nullptr ? e->line : 0;
    const int col = e != nullptr ? e->int2 : 0;
    if (d != nullptr)
      xmlFreeDoc(d);
    return Corruption(where + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + msg);
  }
  return Doc(d, &xmlFreeDoc);
}

bool Is(xmlNodePtr n, std::string_view name) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         std::string_view(reinterpret_cast<const char*>(n->name)) == name;
}

xmlNodePtr Child(xmlNodePtr n, std::string_view name) {
  for (xmlNodePtr c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next) {
    if (Is(c, name))
      return c;
  }
  return nullptr;
}

std::vector<xmlNodePtr> Children(xmlNodePtr n, std::string_view name) {
  std::vector<xmlNodePtr> out;
  for (xmlNodePtr c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next) {
    if (Is(c, name))
      out.push_back(c);
  }
  return out;
}

std::string Text(xmlNodePtr n) {
  if (n == nullptr)
    return {};
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t == nullptr ? "" : reinterpret_cast<const char*>(t);
  xmlFree(t);
  // Collapse white space.
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
    } else {
      if (space)
        out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

// YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month or calendar day (model::Date).
bool IsDate(std::string_view d) {
  return (d.size() == 4 || d.size() == 7 || d.size() == 10) && model::Date::Parse(d).ok();
}

Result<std::string> DateField(const std::string& where, xmlNodePtr n, std::string_view field) {
  std::string v = Text(n);
  if (!v.empty() && !IsDate(v)) {
    return InvalidArgument(where + ":" + std::to_string(n->line) + ": " + std::string(field) +
                           ": not a date (YYYY, YYYY-MM or YYYY-MM-DD): \"" + v + "\"");
  }
  return v;
}

std::string TitleCase(std::string_view id) {
  std::string out;
  bool start = true;
  for (char c : id) {
    if (c == '-') {
      out += ' ';
      start = true;
    } else {
      out += start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      start = false;
    }
  }
  return out;
}

Status ReadPerson(const std::string& where, xmlNodePtr root, PocomData* out) {
  PocomPerson p;
  p.file = where;
  p.id = Text(Child(root, "id"));
  xmlNodePtr pn = Child(root, "persName");
  p.surname = Text(Child(pn, "surname"));
  p.forename = Text(Child(pn, "forename"));
  p.genname = Text(Child(pn, "genName"));
  const std::vector<xmlNodePtr> altnames = Children(pn, "altname");
  if (altnames.size() > kMaxPocomAltnames) {
    return InvalidArgument(where + ":" + std::to_string(altnames[kMaxPocomAltnames]->line) +
                           ": altname: " + std::to_string(altnames.size()) +
                           " altnames; a person may have at most " +
                           std::to_string(kMaxPocomAltnames));
  }
  for (xmlNodePtr a : altnames) {
    if (std::string t = Text(a); !t.empty())
      p.altnames.push_back(std::move(t));
  }
  if (p.id.empty())
    return InvalidArgument(where + ": id: missing");
  if (p.surname.empty() && p.forename.empty()) {
    return InvalidArgument(where + ": persName: no surname or forename");
  }
  CHANCERY_ASSIGN_OR_RETURN(p.birth, DateField(where, Child(root, "birth"), "birth"));
  CHANCERY_ASSIGN_OR_RETURN(p.death, DateField(where, Child(root, "death"), "death"));
  out->people.push_back(std::move(p));
  return Status::Ok();
}

Status ReadTenures(const std::string& where, xmlNodePtr list, std::string_view element,
                   const std::string& post_id, const std::string& kind, PocomData* out) {
  for (xmlNodePtr c : Children(list, element)) {
    PocomTenure t;
    t.file = where;
    t.id = Text(Child(c, "id"));
    t.person_id = Text(Child(c, "person-id"));
    t.role_title_id = Text(Child(c, "role-title-id"));
    t.post_id = post_id;
    t.post_kind = kind;
    t.note = Text(Child(c, "note"));
    if (t.person_id.empty()) {
      return InvalidArgument(where + ":" + std::to_string(c->line) + ": person-id: missing");
    }
    CHANCERY_ASSIGN_OR_RETURN(
        t.appointed, DateField(where, Child(Child(c, "appointed"), "date"), "appointed/date"));
    CHANCERY_ASSIGN_OR_RETURN(t.started,
                              DateField(where, Child(Child(c, "started"), "date"), "started/date"));
    CHANCERY_ASSIGN_OR_RETURN(t.ended,
                              DateField(where, Child(Child(c, "ended"), "date"), "ended/date"));
    out->tenures.push_back(std::move(t));
  }
  return Status::Ok();
}

Status ReadEntry(const std::string& where, const std::string& folder, xmlNodePtr root,
                 PocomData* out) {
  if (folder == "people")
    return ReadPerson(where, root, out);
  if (folder == "missions-countries") {
    const std::string id = Text(Child(root, "territory-id"));
    if (id.empty())
      return InvalidArgument(where + ": territory-id: missing");
    out->posts.push_back({id, "country", TitleCase(id)});
    return ReadTenures(where, Child(root, "chiefs"), "chief", id, "country", out);
  }
  const std::string id = Text(Child(root, "id"));
  if (id.empty())
    return InvalidArgument(where + ": id: missing");
  const std::string name = Text(Child(Child(root, "names"), "singular"));
  if (folder == "missions-orgs") {
    out->posts.push_back({id, "organization", name});
    return ReadTenures(where, Child(root, "chiefs"), "chief", id, "organization", out);
  }
  if (folder == "positions-principals") {
    out->posts.push_back({id, "principal", name});
    return ReadTenures(where, Child(root, "principals"), "principal", id, "principal", out);
  }
  if (folder == "roles-country-chiefs")
    out->posts.push_back({id, "role", name});
  return Status::Ok();
}

}  // namespace

Result<PocomData> ReadPocom(const std::string& path, const PocomBytesObserver& observer) {
  std::error_code ec;
  std::vector<Entry> entries;
  const bool directory = std::filesystem::is_directory(path, ec);
  if (directory) {
    CHANCERY_ASSIGN_OR_RETURN(entries, ReadDirectory(path));
  } else {
    if (!std::filesystem::exists(path, ec))
      return NotFound(path + ": no such file or directory");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream raw;
    raw << in.rdbuf();
    if (!in.good() && !in.eof())
      return IoError(path + ": cannot read");
    std::string bytes = raw.str();
    if (observer)
      observer("", bytes);
    CHANCERY_ASSIGN_OR_RETURN(std::string tar, DecompressMaybeZstd(std::move(bytes), path));
    CHANCERY_ASSIGN_OR_RETURN(entries, ReadTar(path, tar));
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  if (directory && observer) {
    for (const Entry& e : entries)
      observer(e.name, e.data);
  }
  static const char* kFolders[] = {"people", "missions-countries", "missions-orgs",
                                   "positions-principals", "roles-country-chiefs"};
  PocomData out;
  bool saw_people = false;
  for (const Entry& e : entries) {
    if (e.name.size() < 4 || e.name.compare(e.name.size() - 4, 4, ".xml") != 0)
      continue;
    std::vector<std::string> parts = SplitTrimmed(e.name, '/');
    std::string folder;
    for (size_t i = 0; i + 1 < parts.size() && folder.empty(); ++i) {
      for (const char* f : kFolders) {
        if (parts[i] == f)
          folder = f;
      }
    }
    if (folder.empty())
      continue;
    saw_people = saw_people || folder == "people";
    const std::string where = path + "!" + e.name;
    if (e.data.size() > kMaxPocomEntryBytes) {
      return InvalidArgument(where + ": " + std::to_string(e.data.size()) +
                             " bytes: an entry may hold at most " +
                             std::to_string(kMaxPocomEntryBytes) + " (1 MiB)");
    }
    CHANCERY_ASSIGN_OR_RETURN(Doc doc, ParseXml(where, e.data));
    CHANCERY_RETURN_IF_ERROR(ReadEntry(where, folder, xmlDocGetRootElement(doc.get()), &out));
  }
  if (!saw_people)
    return InvalidArgument(path + ": no people/ folder: not POCOM data");
  return out;
}

}  // namespace chancery::format
