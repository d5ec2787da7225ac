// The metadata formats of the OAI provider (oai_internal.h): oai_dc (Dublin Core, as the
// OAI-PMH 2.0 specification requires) and chancery (the full published record,
// docs/format/oai-chancery.xsd).
#include <string>

#include "chancery/records/content_hash.h"

#include "archive/oai_internal.h"

namespace chancery::archive::internal {
namespace {

void Element(std::string* out, std::string_view name, std::string_view text) {
  if (text.empty()) {
    return;
  }
  *out += "<" + std::string(name) + ">" + XmlEscape(text) + "</" + std::string(name) + ">";
}

std::string Attr(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + XmlEscape(value) + "\"";
}

std::string DayOf(const model::Date& d) {
  if (!d.IsSet()) {
    return "";
  }
  std::string iso = d.ToIso();
  return iso.substr(0, iso.find('T'));
}

}  // namespace

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
    for (size_t k = 1; ok && k < n; ++k) {
      const unsigned char cc = static_cast<unsigned char>(text[i + k]);
      ok = (cc >> 6) == 2;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (ok && ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
               cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) {
      ok = false;  // overlong forms and surrogates are not UTF-8
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (n == 1) {
      switch (c) {
        case '<':
          out += "&lt;";
          break;
        case '>':
          out += "&gt;";
          break;
        case '&':
          out += "&amp;";
          break;
        case '"':
          out += "&quot;";
          break;
        case '\'':
          out += "&apos;";
          break;
        default:
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            out += static_cast<char>(c);
          }  // other control characters are not XML 1.0 characters
      }
    } else if (cp != 0xfffe && cp != 0xffff) {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string DublinCore(const model::Cable& c, const OaiOptions& o) {
  std::string x =
      "<oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
      "xsi:schemaLocation=\"http://www.openarchives.org/OAI/2.0/oai_dc/ "
      "http://www.openarchives.org/OAI/2.0/oai_dc.xsd\">";
  Element(&x, "dc:title", model::DisplayTitle(c));
  if (!c.originators.empty()) {
    for (const std::string& who : c.originators) {
      Element(&x, "dc:creator", who);
    }
  } else {
    Element(&x, "dc:creator", c.office.empty() ? c.organization : c.office);
  }
  for (const std::string& s : c.subjects) {
    Element(&x, "dc:subject", s);
  }
  Element(&x, "dc:description", c.summary);
  Element(&x, "dc:description", c.scope_note);
  Element(&x, "dc:publisher", o.repository_name);
  Element(&x, "dc:contributor", c.archival.translator);
  for (const std::string& p : c.persons) {
    Element(&x, "dc:contributor", p);
  }
  Element(&x, "dc:date", DayOf(c.date.IsSet() ? c.date : c.earliest));
  Element(&x, "dc:type", "Text");
  if (c.kind != model::DocumentKind::kUnknown) {
    Element(&x, "dc:type", model::DocumentKindName(c.kind));
  }
  Element(&x, "dc:identifier", o.record_url_base + c.id);
  Element(&x, "dc:identifier", c.serial.original);
  Element(&x, "dc:source", c.archival.reference.verbatim);
  Element(&x, "dc:language", c.archival.language);
  Element(
      &x, "dc:relation",
      c.archival.collection_title.empty() ? c.archival.collection : c.archival.collection_title);
  if (!c.publication.Empty()) {
    Element(
        &x, "dc:relation",
        "Published version " + std::to_string(c.publication.number) + " of " + c.publication.of);
  }
  if (!c.translation_of.original.empty()) {
    Element(&x, "dc:relation", "Translation of " + c.translation_of.original);
  }
  for (const std::string& p : c.places) {
    Element(&x, "dc:coverage", p);
  }
  Element(&x, "dc:rights", c.archival.credits);
  return x + "</oai_dc:dc>";
}

std::string ChanceryRecord(const model::Cable& c, int64_t version, const OaiOptions& o) {
  std::string x = "<chancery:record xmlns:chancery=\"" + std::string(kChanceryNamespace) +
                  "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                  "xsi:schemaLocation=\"" +
                  std::string(kChanceryNamespace) + " " + o.schema_url + "\">";
  Element(&x, "chancery:id", c.id);
  Element(&x, "chancery:version", std::to_string(version));
  Element(&x, "chancery:contentHash", records::ContentHash(c));
  Element(&x, "chancery:permalink", o.record_url_base + c.id + "/v/" + std::to_string(version));
  Element(&x, "chancery:title", model::DisplayTitle(c));
  Element(&x, "chancery:date", c.date.IsSet() ? c.date.ToIso() : "");
  Element(&x, "chancery:kind", model::DocumentKindName(c.kind));
  Element(&x, "chancery:documentType", c.document_type);
  Element(&x, "chancery:serial", c.serial.original);
  Element(&x, "chancery:label", c.current_label.ToBanner());
  Element(&x, "chancery:originalMarking", c.original_marking.verbatim);
  Element(&x, "chancery:organization", c.organization);
  Element(&x, "chancery:office", c.office);
  for (const std::string& s : c.originators) {
    Element(&x, "chancery:originator", s);
  }
  Element(&x, "chancery:place", c.place);
  for (const std::string& s : c.persons) {
    Element(&x, "chancery:person", s);
  }
  for (const std::string& s : c.subjects) {
    Element(&x, "chancery:subject", s);
  }
  for (const std::string& s : c.places) {
    Element(&x, "chancery:placeName", s);
  }
  Element(&x, "chancery:summary", c.summary);
  Element(&x, "chancery:scopeNote", c.scope_note);
  x += "<chancery:body>";
  for (const model::Paragraph& p : c.body) {
    x += "<chancery:p>" + XmlEscape(p.text) + "</chancery:p>";
  }
  x += "</chancery:body>";
  for (const model::Enclosure& e : c.enclosures) {
    x += "<chancery:enclosure" + Attr("title", e.title) + ">";
    for (const model::Paragraph& p : e.paragraphs) {
      x += "<chancery:p>" + XmlEscape(p.text) + "</chancery:p>";
    }
    x += "</chancery:enclosure>";
  }
  for (const model::Note& n : c.notes) {
    x += "<chancery:note" + Attr("kind", n.kind) + ">" + XmlEscape(n.text) + "</chancery:note>";
  }
  const model::ArchivalDescription& a = c.archival;
  x += "<chancery:archival>";
  Element(&x, "chancery:repository", a.repository);
  Element(&x, "chancery:reference", a.reference.verbatim);
  if (!a.collection.empty()) {
    x += "<chancery:collection" + Attr("id", a.collection) + ">" + XmlEscape(a.collection_title) +
         "</chancery:collection>";
  }
  Element(&x, "chancery:chapter", a.chapter);
  Element(&x, "chancery:position", a.position > 0 ? std::to_string(a.position) : "");
  Element(&x, "chancery:sourceUrl", a.source_url);
  Element(&x, "chancery:citation", a.citation);
  Element(&x, "chancery:language", a.language);
  Element(&x, "chancery:originalLanguage", a.original_language);
  Element(&x, "chancery:translator", a.translator);
  Element(&x, "chancery:credits", a.credits);
  x += "</chancery:archival>";
  if (!c.translation_of.Empty()) {
    x += "<chancery:translationOf" + Attr("original", c.translation_of.original) +
         Attr("version", std::to_string(c.translation_of.version)) +
         (c.translation_of.date.IsSet() ? Attr("date", DayOf(c.translation_of.date)) : "") +
         Attr("notHeld", c.translation_of.not_held ? "true" : "false") + "/>";
  }
  if (!c.publication.Empty()) {
    const model::Publication& p = c.publication;
    x += "<chancery:publication" + Attr("of", p.of) +
         Attr("ofVersion", std::to_string(p.of_version)) +
         Attr("number", std::to_string(p.number)) + Attr("published", p.published) +
         Attr("archivist", p.archivist) + Attr("inFull", p.in_full ? "true" : "false") + ">";
    for (const std::string& r : p.reviewers) {
      Element(&x, "chancery:reviewer", r);
    }
    for (const std::string& r : p.authorities) {
      Element(&x, "chancery:authority", r);
    }
    for (const model::Redaction& r : p.redactions) {
      x += "<chancery:redaction" + Attr("pointer", r.pointer) + Attr("marker", r.marker) +
           Attr("code", r.code) + "/>";
    }
    x += "</chancery:publication>";
  }
  return x + "</chancery:record>";
}

}  // namespace chancery::archive::internal
