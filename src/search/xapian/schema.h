// The layout of a cable's Xapian document: term prefixes, value slots and the document data.
// Shared by the document builder (indexing) and the query builder (searching), so that both sides
// always agree. docs/search.md describes the schema for readers of the index.
#pragma once

#include <string_view>

#include <xapian.h>

namespace chancery::search::internal {

// Value slots.
inline constexpr Xapian::valueno kIdSlot = 0;        // the record id, for deterministic tie order
inline constexpr Xapian::valueno kEarliestSlot = 1;  // sortable_serialise(first day covered)
inline constexpr Xapian::valueno kLatestSlot = 2;    // sortable_serialise(last day covered)
// Facet slots: the facet's value (a list of values, each "<length>:<bytes>", for kToSlot).
inline constexpr Xapian::valueno kYearSlot = 3;            // "1963" (decade derived from it)
inline constexpr Xapian::valueno kClassificationSlot = 4;  // "TOP SECRET"
inline constexpr Xapian::valueno kPrecedenceSlot = 5;      // "PRIORITY"
inline constexpr Xapian::valueno kFromSlot = 6;            // office, else organization
inline constexpr Xapian::valueno kToSlot = 7;              // list of addressee names
inline constexpr Xapian::valueno kCollectionSlot = 8;      // collection [\x1f title]
inline constexpr Xapian::valueno kLanguageSlot = 9;        // archival.original_language
inline constexpr Xapian::valueno kKindSlot = 10;           // "telegram"
// The hit fields id, title, date, earliest, latest and approximate ("1" or empty), each
// "<length>:<bytes>", read for every returned hit without loading the document data (which holds
// the snippet text), then language and translation_of (kLabelSeparator alone: an original not
// held here). Indexes built before the range have the first three only, before translations six.
inline constexpr Xapian::valueno kHitSlot = 11;
// sortable_serialise(seconds since 1970-01-01T00:00Z of the record's date, Date::SortSeconds):
// date order is the order of the true instants (a Taipei 9 p.m. before a Washington 10 a.m.).
inline constexpr Xapian::valueno kInstantSlot = 12;

// Term prefixes (Xapian conventions: single capitals are reserved names, X starts user ones).
inline constexpr std::string_view kIdPrefix = "Q";                // unique boolean term per record
inline constexpr std::string_view kTitlePrefix = "S";             // title:
inline constexpr std::string_view kPersonPrefix = "XPERSON";      // person:
inline constexpr std::string_view kFromPrefix = "XFROM";          // from:
inline constexpr std::string_view kToPrefix = "XTO";              // to:
inline constexpr std::string_view kPlacePrefix = "XPLACE";        // place:
inline constexpr std::string_view kSubjectPrefix = "XSUBJECT";    // subject: (description)
inline constexpr std::string_view kSerialWordPrefix = "XSERIAL";  // serial: word terms
inline constexpr std::string_view kSerialExactPrefix = "XXSERIAL";  // serial: whole value
inline constexpr std::string_view kRefWordPrefix = "XREF";          // ref: word terms
inline constexpr std::string_view kRefExactPrefix = "XXREF";        // ref: whole value, segments
// Keyword fields: boolean terms of the lower-cased, space-collapsed value.
inline constexpr std::string_view kClassPrefix = "XCLASS";  // class:
inline constexpr std::string_view kPrecPrefix = "XPREC";    // prec:
inline constexpr std::string_view kTypePrefix = "XTYPE";    // type:
inline constexpr std::string_view kVolPrefix = "XVOL";      // vol:
inline constexpr std::string_view kLangPrefix = "XLANG";    // lang:
// Marks an undated record, so that include_undated can add them to a date-filtered query.
inline constexpr std::string_view kUndatedTerm = "XUNDATED";

// Separates a facet value from the label shown for it ("frus1961-63v22\x1fForeign Relations
// ..."); a value without it is its own label (indexes built before labels).
inline constexpr char kLabelSeparator = '\x1f';

// Snippet length Xapian aims for, in bytes of text.
inline constexpr size_t kSnippetLength = 200;

// TermGenerator flags shared by indexing and query term expansion: CJK runs become character
// unigrams (with positions) and bigrams (without).
inline constexpr int kTermGeneratorFlags = Xapian::TermGenerator::FLAG_CJK_NGRAM;

// Xapian rejects terms longer than 245 bytes; longer exact values are not indexed as one term.
inline constexpr size_t kMaxTermBytes = 240;

}  // namespace chancery::search::internal
