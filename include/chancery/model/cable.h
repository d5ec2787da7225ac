// Cable: one diplomatic record for its whole life, from the desk that drafts it to the reading
// room that publishes it. Every field of the defining record
// (../shared/seed/000_68b43146905a32b5.txt) has a home here; docs/format/cable-text.md maps each
// field to its cable-text key and docs/format/json.md to its JSON member.
//
// Plain value types with no I/O; thread-compatible. Empty strings and empty vectors mean
// "not given". Validate() states the invariants every stored record satisfies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/status.h"
#include "chancery/model/date.h"
#include "chancery/model/label.h"

namespace chancery::model {

enum class Direction : int8_t { kUnknown = 0, kOutgoing, kIncoming, kInternal };
// "unknown", "outgoing", "incoming", "internal".
std::string_view DirectionName(Direction d);
bool ParseDirection(std::string_view name, Direction* d);

// What kind of document this is, canonically; Cable::document_type keeps the verbatim words.
enum class DocumentKind : int8_t {
  kUnknown = 0,
  kTelegram,
  kAirgram,
  kLetter,
  kMemorandum,  // including memoranda of conversation
  kNote,        // diplomatic notes
  kReport,
  kOther,
};
// "unknown", "telegram", "airgram", "letter", "memorandum", "note", "report", "other".
std::string_view DocumentKindName(DocumentKind k);
bool ParseDocumentKind(std::string_view name, DocumentKind* k);

// A serial in its series and year: "Outgoing (63) B-Yin-692" is series "B-Yin", year 1963,
// number 692, original "(63) B-Yin-692" (the direction word lives in Cable::direction).
struct Serial {
  std::string series;
  int32_t year = 0;      // four-digit year; 0 when unknown
  int64_t number = 0;    // 0 when unknown (e.g. a serial that is not numeric)
  std::string original;  // verbatim, as rendered on the cable

  bool Empty() const { return series.empty() && year == 0 && number == 0 && original.empty(); }

  friend bool operator==(const Serial&, const Serial&) = default;
};

enum class ApprovalState : int8_t { kApproved = 0, kPending, kRejected };
std::string_view ApprovalStateName(ApprovalState s);  // "approved", "pending", "rejected"
bool ParseApprovalState(std::string_view name, ApprovalState* s);

// A named approver ("Wu Xiuquan", approved) or a pending condition ("the Chairman", pending:
// "subject to the approval of the Chairman, Liu Shaoqi, Zhou Enlai and Deng Xiaoping").
struct Approval {
  std::string name;
  ApprovalState state = ApprovalState::kApproved;
  Date date;         // when decided, if known
  std::string note;  // verbatim context, e.g. "subject to the approval of ..."
  friend bool operator==(const Approval&, const Approval&) = default;
};

enum class AddresseeRole : int8_t { kAction = 0, kInfo };
std::string_view AddresseeRoleName(AddresseeRole r);  // "action", "info"

// An office, person or addressee group the cable is sent to.
struct Addressee {
  std::string name;  // "Party committees of embassies and offices abroad"
  AddresseeRole role = AddresseeRole::kAction;
  bool is_group = false;  // an addressee group, expanded at release
  Precedence precedence;  // per-addressee precedence when it differs from the cable's
  std::string note;       // verbatim instruction ("Notify comrades at ...")
  friend bool operator==(const Addressee&, const Addressee&) = default;
};

// Sharing with a party outside the originating organization ("the Central Committee of the
// fraternal party of Algeria"), with its releasability and when.
struct Dissemination {
  std::string party;
  std::string releasability;  // e.g. "REL TO ALGERIA" or free text
  Date date;
  std::string note;  // verbatim, e.g. "before being issued"
  friend bool operator==(const Dissemination&, const Dissemination&) = default;
};

// A paragraph of text, optionally portion-marked.
struct Paragraph {
  std::string text;  // one paragraph; no line breaks (see docs/format/cable-text.md)
  std::optional<Label> portion;
  friend bool operator==(const Paragraph&, const Paragraph&) = default;
};

// An embedded document, such as "Key Points of the Conversation ..." inside the telegram.
struct Enclosure {
  std::string title;
  std::vector<Paragraph> paragraphs;
  friend bool operator==(const Enclosure&, const Enclosure&) = default;
};

// A note added to the record: "International Liaison Department note: ...", a FRUS footnote,
// or an unparsed line kept so that nothing is lost.
struct Note {
  std::string kind;  // "International Liaison Department note", "footnote", "unparsed", ...
  std::string text;
  friend bool operator==(const Note&, const Note&) = default;
};

// A reference from this record to another (REF, reply-to, footnote reference).
struct Reference {
  std::string target;    // a record id, serial or external identifier
  std::string relation;  // "ref", "reply-to", "correction-of", "cites"
  std::string text;      // verbatim ("Deptel 401")
  friend bool operator==(const Reference&, const Reference&) = default;
};

// A structured archival reference: "PRC FMA 109-03861-03, 13-17" is repository code "PRC FMA",
// fonds "109", file "03861", item "03", pages "13-17". `verbatim` is always kept; the structured
// parts are filled when the reference could be parsed.
struct ArchivalReference {
  std::string repository_code;
  std::string fonds;
  std::string file;
  std::string item;
  std::string pages;
  std::string verbatim;

  bool Empty() const { return verbatim.empty(); }

  friend bool operator==(const ArchivalReference&, const ArchivalReference&) = default;
};

// How an archive holds and publishes the record.
struct ArchivalDescription {
  std::string repository;  // "Wilson Center Digital Archive"
  ArchivalReference reference;
  std::string original_language;  // "Chinese"
  std::string language;           // language of this text: "English"
  std::string translator;         // "David Cowhig"
  std::string credits;            // "This document was made possible with support from ..."
  std::string source_url;
  std::string citation;    // citation text as the archive gives it
  std::string contents;    // "Translation - English"
  std::string collection;  // collection or volume id, e.g. "frus1961-63v22"
  std::string collection_title;
  std::string chapter;   // the part of the collection it sits in (a FRUS volume's chapter)
  int64_t position = 0;  // order within the collection (a FRUS document number); 0 = none
  friend bool operator==(const ArchivalDescription&, const ArchivalDescription&) = default;
};

// What a translation translates (docs/archive.md "Translations"). Set on translations only: the
// translation's own language, translator and credits are its ArchivalDescription's, and the
// original's language is archival.original_language. Body paragraph i of a translation is
// aligned with body paragraph i of the original (enclosures likewise), so a withheld span of the
// original withholds its aligned paragraph here.
struct TranslationOf {
  std::string original;   // the original's id or verbatim serial; "" when not held here
  int64_t version = 0;    // the original's version translated; 0 = current at import
  Date date;              // when it was translated, if known
  bool not_held = false;  // a translation of an original this archive does not hold (the seed)

  bool Empty() const { return original.empty() && !not_held; }

  friend bool operator==(const TranslationOf&, const TranslationOf&) = default;
};

// A withheld passage of a published version: where, what stands in its place, and why.
struct Redaction {
  std::string pointer;  // RFC 6901 pointer of the field in the original ("/body/3/text")
  std::string marker;   // the marker in the published text: "[name not declassified]"
  std::string code;     // the exemption code ("25X1")
  friend bool operator==(const Redaction&, const Redaction&) = default;
};

// A published version's account of itself (docs/archive.md): set only on the record the archive
// publishes from a reviewed original, which keeps its own id, label and marking.
struct Publication {
  std::string of;                        // the original record's id
  int64_t of_version = 0;                // the original's version that was reviewed
  int64_t number = 0;                    // 1 for the first published version of `of`, then 2, ...
  std::string published;                 // when, UTC ISO 8601 ("2026-12-02T13:00:00Z")
  std::string archivist;                 // who published it
  std::vector<std::string> reviewers;    // who decided, in order of their first decision
  bool in_full = true;                   // no span withheld
  std::vector<std::string> authorities;  // "CODE: short text (authority)" per code used
  std::vector<Redaction> redactions;     // in text order
  // Set when an archivist withdrew this version from the public (Archive::Withdraw): when (UTC
  // ISO 8601), by whom and why. A withdrawn version carries its original's label again.
  std::string withdrawn;
  std::string withdrawn_by;
  std::string withdrawal_reason;

  bool Empty() const { return of.empty(); }

  friend bool operator==(const Publication&, const Publication&) = default;
};

struct Cable {
  // --- identity ---
  std::string id;                        // stable id: [A-Za-z0-9._:-]{1,128}
  std::string organization;              // originating organization: "Ministry of Foreign Affairs"
  std::string office;                    // originating office or division
  std::vector<std::string> originators;  // issuing bodies as signed, in order
  std::string internal_reference;        // the office's own reference: "Division × #4"
  Direction direction = Direction::kUnknown;
  DocumentKind kind = DocumentKind::kUnknown;
  std::string document_type;  // verbatim: "Top Secret Telegram"
  Serial serial;

  // --- dates (date-times in the source's own terms: UTC or local, docs/format/dates.md) ---
  Date date;     // the record's date as the archive dates it (1963-03-13)
  Date drafted;  // 1963-03-04
  Date approved;
  Date released;  // the date-time group
  Date earliest;  // archival range for approximate dates; unset = same as `date`
  Date latest;
  // earliest/latest were inferred (an undated FRUS document between its neighbours in the
  // volume), not given by the source; `date` is then unset.
  bool date_approximate = false;
  std::string place;  // dateline place ("Taipei")

  // --- markings ---
  Marking original_marking;  // historical, verbatim; never changes
  Label current_label;       // what access decisions use
  Precedence precedence;

  // --- people and offices ---
  std::string drafter;
  std::vector<Approval> approvals;
  std::vector<Addressee> addressees;
  std::vector<Dissemination> disseminations;
  std::vector<std::string> also_informed;  // "The Chinese Ambassador to the Soviet Union ..."
  // People the record names: as sender or recipient (FRUS persName) and as an archivist
  // describes it; name authorities (docs/authorities.md) link them.
  std::vector<std::string> persons;

  // --- content ---
  std::string title;
  std::string subject;
  std::string summary;
  // Description (docs/archive.md "Description"): subject terms from the controlled vocabulary,
  // places, and the archivist's scope note.
  std::vector<std::string> subjects;
  std::vector<std::string> places;
  std::string scope_note;
  std::vector<Paragraph> body;
  std::vector<Enclosure> enclosures;
  std::vector<Note> notes;
  std::vector<Reference> references;

  // --- archival description ---
  ArchivalDescription archival;
  TranslationOf translation_of;  // set on translations only

  // Header lines the parser did not recognize, verbatim "Key: value"; kept, never dropped.
  std::vector<std::string> unparsed_headers;

  // --- publication (set on published versions only) ---
  Publication publication = {};

  friend bool operator==(const Cable&, const Cable&) = default;
};

// What to call the record in a list: its title, else its subject, else its id.
std::string_view DisplayTitle(const Cable& cable);

// Checks the invariants of a storable record: a valid id, no line breaks in single-line
// fields and paragraphs, normalized labels. Returns kInvalidArgument naming the first bad field
// ("cable x: field body[3]: line break in paragraph").
Status Validate(const Cable& cable);
// True if `id` matches [A-Za-z0-9._:-]{1,128}.
bool IsValidId(std::string_view id);

}  // namespace chancery::model
