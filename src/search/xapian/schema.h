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

// Term prefixes (Xapian conventions: single capitals are reserved names, X starts user ones).
inline constexpr std::string_view kIdPrefix = "Q";             // unique boolean term per record
inline constexpr std::string_view kTitlePrefix = "S";          // title:
inline constexpr std::string_view kPersonPrefix = "XPERSON";   // person:
inline constexpr std::string_view kFromPrefix = "XFROM";       // from:
inline constexpr std::string_view kToPrefix = "XTO";           // to:
inline constexpr std::string_view kPlacePrefix = "XPLACE";     // place:
inline constexpr std::string_view kSerialWordPrefix = "XSERIAL";   // serial: word terms
inline constexpr std::string_view kSerialExactPrefix = "XXSERIAL"; // serial: whole value
inline constexpr std::string_view kRefWordPrefix = "XREF";         // ref: word terms
inline constexpr std::string_view kRefExactPrefix = "XXREF";       // ref: whole value

// Xapian rejects terms longer than 245 bytes; longer exact values are not indexed as one term.
inline constexpr size_t kMaxTermBytes = 240;

}  // namespace chancery::search::internal
