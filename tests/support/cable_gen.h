// rapidcheck generators for valid model::Cable values: exactly the domain on which
// ParseCableText(RenderCableText(c)) == c holds (docs/format/cable-text.md §9). Shared by the
// cable-text, JSON and other round-trip / no-leak properties.
//
// Every generated cable passes model::Validate(): a valid id, normalized labels whose names use
// the label-name charset of docs/format/cable-text.md §5.1, and no line breaks anywhere. Every
// single-line string is trimmed of ASCII white space (values are trimmed when parsed) and is
// valid UTF-8, but otherwise contains the format's special characters (; , { } \ = (( )) ===)
// to exercise escaping. Header-only; include from test code only.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "chancery/base/strings.h"
#include "chancery/model/cable.h"
#include "chancery/model/date.h"
#include "chancery/model/label.h"

namespace chancery::testing {

// Policy vocabulary used by the examples and tests.
inline const std::vector<std::string>& ClassificationLevels() {
  static const std::vector<std::string> kLevels = {
      "PUBLIC", "UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET"};
  return kLevels;
}

inline const std::vector<std::string>& CategoryNames() {
  static const std::vector<std::string> kCategories = {"INTERNAL RESEARCH", "NOFORN", "NODIS",
                                                       "EXDIS", "EYES ONLY"};
  return kCategories;
}

inline const std::vector<std::string>& ReleasabilityGroups() {
  static const std::vector<std::string> kGroups = {"ARCADIA", "ALLIED PARTIES"};
  return kGroups;
}

// A label name outside the vocabulary: upper-case words of the label-name charset.
inline rc::Gen<std::string> GenLabelName() {
  return rc::gen::exec([] {
    const int words = *rc::gen::inRange(1, 3);
    std::string out;
    for (int i = 0; i < words; ++i) {
      if (i > 0) {
        out += *rc::gen::element<std::string>(" ", "-", ".", " & ");
      }
      static const std::string kChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'_+";
      const auto length = static_cast<size_t>(*rc::gen::inRange(1, 8));
      out += *rc::gen::container<std::string>(length, rc::gen::elementOf(kChars));
    }
    if (StartsWith(out, "REL TO ")) {
      out = "X" + out;
    }
    return out;
  });
}

// A normalized label, mostly from the policy vocabulary.
inline rc::Gen<model::Label> GenLabel() {
  return rc::gen::exec([] {
    model::Label label;
    const int cls = *rc::gen::inRange(0, 9);
    if (cls < 6) {
      label.classification = ClassificationLevels()[static_cast<size_t>(cls)];
    } else if (cls < 8) {
      label.classification = *GenLabelName();
    }
    const int ncat = *rc::gen::inRange(0, 3);
    for (int i = 0; i < ncat; ++i) {
      label.categories.push_back(*rc::gen::weightedOneOf<std::string>(
          {{4, rc::gen::elementOf(CategoryNames())}, {1, GenLabelName()}}));
    }
    const int nrel = *rc::gen::inRange(0, 3);
    for (int i = 0; i < nrel; ++i) {
      label.releasable_to.push_back(*rc::gen::weightedOneOf<std::string>(
          {{4, rc::gen::elementOf(ReleasabilityGroups())}, {1, GenLabelName()}}));
    }
    label.Normalize();
    return label;
  });
}

// A trimmed single-line UTF-8 string (possibly empty) rich in the format's special characters.
inline rc::Gen<std::string> GenLine() {
  return rc::gen::exec([] {
    static const std::vector<std::string> kPieces = {
        "a",       "b",  "Z",       "7",       " ",      " ",     "  ",    "\t", ";",
        ",",       "{",  "}",       "\\",      "=",      "(",     ")",     "((", "))",
        "//",      ":",  "===",     "-",       "é",      "中",    "×",     "\"", "Minister",
        "Embassy", "of", "Arcadia", "REL TO ", "SECRET", "group", "note=", "#"};
    const auto pieces = *rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(kPieces));
    std::string out;
    for (const std::string& p : pieces) {
      out += p;
    }
    return std::string(Trim(out));
  });
}

inline rc::Gen<std::string> GenNonEmptyLine() {
  return rc::gen::suchThat(GenLine(), [](const std::string& s) { return !s.empty(); });
}

// Paragraph text: a line that may begin with syntax the body must escape (§7.3).
inline rc::Gen<std::string> GenParagraphText() {
  return rc::gen::exec([] {
    const std::string prefix = *rc::gen::weightedOneOf<std::string>(
        {{6, rc::gen::just(std::string())},
         {1, rc::gen::element<std::string>("((", "\\", "=== Enclosure: x ===", " ", "\t",
                                           "===", "((SECRET)) ", "\\((")}});
    std::string text = prefix + *GenLine();
    // Trailing white space cannot survive line trimming; the domain excludes it.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
      text.pop_back();
    }
    return text;
  });
}

inline rc::Gen<std::string> GenId() {
  return rc::gen::exec([] {
    static const std::string kIdChars =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-";
    const int size = *rc::gen::inRange(1, 40);
    return *rc::gen::container<std::string>(static_cast<size_t>(size),
                                            rc::gen::elementOf(kIdChars));
  });
}

// Any date, at every precision (unset included).
inline rc::Gen<model::Date> GenDate() {
  return rc::gen::exec([] {
    const int precision = *rc::gen::inRange(0, 6);
    if (precision == 0) {
      return model::Date();
    }
    const int year = *rc::gen::inRange(1, 10000);
    const int month = *rc::gen::inRange(1, 13);
    const int day = *rc::gen::inRange(1, 29);
    const int hour = *rc::gen::inRange(0, 24);
    const int minute = *rc::gen::inRange(0, 60);
    const int second = *rc::gen::inRange(0, 60);
    char buf[64];
    switch (precision) {
      case 1:
        std::snprintf(buf, sizeof(buf), "%04d", year);
        break;
      case 2:
        std::snprintf(buf, sizeof(buf), "%04d-%02d", year, month);
        break;
      case 3:
        std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
        break;
      case 4:
        std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02dZ", year, month, day, hour,
                      minute);
        break;
      default:
        std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour,
                      minute, second);
        break;
    }
    return model::Date::Parse(buf).value();
  });
}

inline rc::Gen<model::Precedence> GenPrecedence() {
  return rc::gen::exec([] {
    model::Precedence p;
    p.rank = static_cast<model::PrecedenceRank>(*rc::gen::inRange(-1, 6));
    p.original = *rc::gen::weightedOneOf<std::string>(
        {{2, rc::gen::just(std::string())},
         {1, rc::gen::element<std::string>("Very Urgent", "Niact", "ROUTINE", "IMMEDIATE (x)",
                                           "Urgent (Flash)")},
         {1, GenLine()}});
    return p;
  });
}

template <typename T>
rc::Gen<std::vector<T>> GenSmallVector(rc::Gen<T> gen) {
  return rc::gen::resize(8, rc::gen::container<std::vector<T>>(std::move(gen)));
}

inline rc::Gen<model::Paragraph> GenParagraph() {
  return rc::gen::exec([] {
    model::Paragraph p;
    p.text = *GenParagraphText();
    if (*rc::gen::inRange(0, 3) == 0) {
      p.portion = *GenLabel();
    }
    return p;
  });
}

inline rc::Gen<model::Approval> GenApproval() {
  return rc::gen::exec([] {
    model::Approval a;
    a.name = *GenLine();
    a.state = *rc::gen::element(model::ApprovalState::kApproved, model::ApprovalState::kPending,
                                model::ApprovalState::kRejected);
    a.date = *GenDate();
    a.note = *GenLine();
    return a;
  });
}

inline rc::Gen<model::Addressee> GenAddressee() {
  return rc::gen::exec([] {
    model::Addressee a;
    a.name = *GenLine();
    a.role = *rc::gen::element(model::AddresseeRole::kAction, model::AddresseeRole::kInfo);
    a.is_group = *rc::gen::arbitrary<bool>();
    a.precedence = *GenPrecedence();
    a.note = *GenLine();
    return a;
  });
}

inline rc::Gen<model::Dissemination> GenDissemination() {
  return rc::gen::exec([] {
    model::Dissemination d;
    d.party = *GenLine();
    d.releasability = *GenLine();
    d.date = *GenDate();
    d.note = *GenLine();
    return d;
  });
}

inline rc::Gen<model::Enclosure> GenEnclosure() {
  return rc::gen::exec([] {
    model::Enclosure e;
    e.title = *GenLine();
    e.paragraphs = *GenSmallVector(GenParagraph());
    return e;
  });
}

inline rc::Gen<model::Note> GenNote() {
  return rc::gen::exec([] {
    return model::Note{*rc::gen::element<std::string>("", "footnote", "unparsed",
                                                      "International Liaison Department note"),
                       *GenLine()};
  });
}

inline rc::Gen<model::Reference> GenReference() {
  return rc::gen::exec([] {
    return model::Reference{
        *GenLine(), *rc::gen::element<std::string>("", "ref", "reply-to", "cites"), *GenLine()};
  });
}

inline rc::Gen<model::Serial> GenSerial() {
  return rc::gen::exec([] {
    model::Serial s;
    s.series = *GenLine();
    s.year = *rc::gen::inRange(0, 10000);
    s.number = *rc::gen::inRange<int64_t>(0, 100000);
    s.original = *GenLine();
    return s;
  });
}

inline rc::Gen<model::ArchivalDescription> GenArchival() {
  return rc::gen::exec([] {
    model::ArchivalDescription a;
    a.repository = *GenLine();
    a.reference = {*GenLine(), *GenLine(), *GenLine(), *GenLine(), *GenLine(), *GenLine()};
    a.original_language = *GenLine();
    a.language = *GenLine();
    a.translator = *GenLine();
    a.credits = *GenLine();
    a.source_url = *GenLine();
    a.citation = *GenLine();
    a.contents = *GenLine();
    a.collection = *GenLine();
    a.collection_title = *GenLine();
    return a;
  });
}

// Unrecognized header lines, verbatim: "X-<word>: <line>" (never a key the format defines).
inline rc::Gen<std::string> GenUnparsedHeader() {
  return rc::gen::exec([] {
    const std::string key = *rc::gen::nonEmpty(rc::gen::container<std::string>(
        rc::gen::elementOf(std::string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789-"))));
    const std::string value = *GenLine();
    return "X-" + key + ":" + (value.empty() ? "" : " " + value);
  });
}

// Fills the identity, dates and people of a cable (split for size).
inline void FillCableHead(model::Cable* c) {
  c->organization = *GenLine();
  c->office = *GenLine();
  c->originators = *GenSmallVector(GenLine());
  c->internal_reference = *GenLine();
  c->direction = static_cast<model::Direction>(*rc::gen::inRange(0, 4));
  c->kind = static_cast<model::DocumentKind>(*rc::gen::inRange(0, 8));
  c->document_type = *GenLine();
  c->serial = *GenSerial();
  c->date = *GenDate();
  c->drafted = *GenDate();
  c->approved = *GenDate();
  c->released = *GenDate();
  c->earliest = *GenDate();
  c->latest = *GenDate();
  c->place = *GenLine();
  c->original_marking.label = *GenLabel();
  c->original_marking.verbatim = *rc::gen::weightedOneOf<std::string>(
      {{2, rc::gen::just(c->original_marking.label.ToBanner())},
       {1, rc::gen::just(std::string())},
       {1, GenLine()}});
  c->current_label = *rc::gen::weightedOneOf<model::Label>(
      {{2, rc::gen::just(c->original_marking.label)}, {1, GenLabel()}});
  c->precedence = *GenPrecedence();
  c->drafter = *GenLine();
  c->approvals = *GenSmallVector(GenApproval());
  c->addressees = *GenSmallVector(GenAddressee());
  c->disseminations = *GenSmallVector(GenDissemination());
  c->also_informed = *GenSmallVector(GenLine());
  c->persons = *GenSmallVector(GenLine());
}

// A valid cable covering every field of model::Cable.
inline rc::Gen<model::Cable> GenCable() {
  return rc::gen::exec([] {
    model::Cable c;
    c.id = *GenId();
    FillCableHead(&c);
    c.title = *GenLine();
    c.subject = *GenLine();
    c.summary = *GenLine();
    c.body = *GenSmallVector(GenParagraph());
    c.enclosures =
        *rc::gen::resize(3, rc::gen::container<std::vector<model::Enclosure>>(GenEnclosure()));
    c.notes = *GenSmallVector(GenNote());
    c.references = *GenSmallVector(GenReference());
    c.archival = *GenArchival();
    c.unparsed_headers =
        *rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(GenUnparsedHeader()));
    return c;
  });
}

}  // namespace chancery::testing
