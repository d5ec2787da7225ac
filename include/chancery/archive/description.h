// Archival description (docs/archive.md "Description"): archivists edit what the archive says
// about a record -- title, summary, subjects, people, places, credits, scope note, archival
// reference (model/description.h) -- and never the record itself.
//
// Each edit names the version it edits (optimistic concurrency: a stale base is kConflict naming
// both versions), writes a NEW VERSION of the record (the store keeps the old ones), is
// Ed25519-signed by its editor with the desk's per-user key over DescriptionEditMessage (record
// id, base version, new version, editor, time, every field's old and new values), and is stored
// with its audit entry in one store transaction with the new version. A sealed record (a desk
// release, a published version) is replaced as its own workflow's later decision
// (RecordWrite::replace_sealed); its text, label, marking and signed parts are never touched, so
// the desk's release signature and a published version's proof bundle still verify (they take
// the descriptive fields from the version that was signed). Subject terms must be in the
// controlled vocabulary (Authorities::CheckSubject); the preferred term is stored.
//
// Access: an edit needs the archivist role AND read access to the record; a record the actor may
// not read is kNotFound "no record ID", exactly as one that does not exist (checked before the
// role, so a non-archivist learns nothing either). History and diffs are for anyone who may read
// the record; a diff also needs read access to both versions under their own labels.
//
// Borrows the Records (and optionally the Authorities); thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/model/description.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::archive {

class Authorities;

struct DescriptionOptions {
  // The records store's file. Required (the desk's key directory defaults from it).
  std::string db_path;
  // The per-user signing keys the desk and review use. Default: db_path + ".keys"; required
  // for a PostgreSQL store (RecordsOptions::SideFilePrefix() + ".keys").
  std::string key_dir;
  // Time source; nullptr = the system clock. Not owned.
  const Clock* clock = nullptr;
  // The subject vocabulary; nullptr: opened over the same Records. Not owned.
  Authorities* authorities = nullptr;
};

enum class DescriptionOp : int8_t { kSet = 0, kAdd, kRemove };

// One requested change: set a text field (an empty value clears it), add or remove a list item.
struct DescriptionChange {
  std::string field;  // a name ParseDescriptionField accepts
  DescriptionOp op = DescriptionOp::kSet;
  std::string value;
};

struct DescriptionRequest {
  int64_t base_version = 0;  // the version edited; 0 = the current one (the CLI's default)
  std::vector<DescriptionChange> changes;
};

// One field's change: values as model::DescriptionValues gives them.
struct FieldChange {
  std::string field;  // DescriptionFieldName
  bool list = false;
  std::vector<std::string> old_values;
  std::vector<std::string> new_values;
  // For lists: items added and removed (in their order in new / old); empty for text fields.
  std::vector<std::string> added;
  std::vector<std::string> removed;
};

// One signed edit, as stored and as History shows it.
struct DescriptionEdit {
  int64_t number = 0;  // 1, 2, ... per record
  std::string record_id;
  int64_t base_version = 0;
  int64_t new_version = 0;
  std::string editor;
  int64_t micros = 0;
  std::vector<FieldChange> changes;  // in kDescriptionFields order, changed fields only
  std::string public_key;            // hex Ed25519
  std::string signature;             // hex, over DescriptionEditMessage
  // History: "" when the signature verifies with the editor's registered key and the stored
  // versions show exactly these changes; otherwise why not ("VOID: ...").
  std::string void_reason;
};

struct DescriptionDiff {
  std::string record_id;
  int64_t from = 0;
  int64_t to = 0;
  std::vector<FieldChange> fields;  // descriptive fields that differ
  // Top-level JSON members outside the description that differ ("body", "approvals"): a
  // re-import changed the record itself.
  std::vector<std::string> other_changes;
};

class Description {
 public:
  static Result<std::unique_ptr<Description>> Open(records::Records& records,
                                                   DescriptionOptions options);
  virtual ~Description() = default;

  // Applies the changes as one new version. kNotFound "no record ID" (missing or unreadable);
  // kPermissionDenied without the archivist role; kConflict "record ID: the edit names version B
  // but the record is at version C" for a stale base; kInvalidArgument naming the field or term
  // for an unknown field, a text field given add/remove, a list item absent or present already,
  // a subject not in the vocabulary (with close terms), a line break, or no change at all.
  // Nothing is stored on error (but the refusal's audit entry).
  virtual Result<DescriptionEdit> Edit(const security::Subject& actor, std::string_view id,
                                       const DescriptionRequest& request) = 0;
  // Every edit of the record, oldest first, each checked (void_reason).
  virtual Result<std::vector<DescriptionEdit>> History(const security::Subject& reader,
                                                       std::string_view id) = 0;
  // Field-by-field between versions `from` and `to` (0 = current) of the record.
  virtual Result<DescriptionDiff> Diff(const security::Subject& reader, std::string_view id,
                                       int64_t from, int64_t to) = 0;
};

// What an editor signs (docs/format/description.md):
// "chancery-description-v1\n" id "\n" base "\n" new "\n" editor "\n" micros "\n" then per field
// "field " name "\n" then "- " value "\n" per old value and "+ " value "\n" per new value.
std::string DescriptionEditMessage(const DescriptionEdit& edit);

// The changes between two versions of a record's description (both directions' list items).
std::vector<FieldChange> DiffDescription(const model::Cable& from, const model::Cable& to);

// JSON forms (docs/server.md "Description"), shared by the CLI and chanceryd.
// An edit: {"number","record","base_version","new_version","editor","time" (ISO UTC),"micros",
// "changes":[{"field","list","old":[...],"new":[...],"added":[...],"removed":[...]}],
// "public_key","signature","verified" (bool),"void_reason"}.
std::string DescriptionEditToJson(const DescriptionEdit& edit);
// {"record": id, "current_version": N, "edits": [edit, ...]}.
std::string DescriptionHistoryToJson(std::string_view id, int64_t current_version,
                                     const std::vector<DescriptionEdit>& edits);
// {"record","from","to","fields":[change...],"other_changes":[...]}.
std::string DescriptionDiffToJson(const DescriptionDiff& diff);
// A request body: {"base_version": N, "changes": [{"op": "set"|"add"|"remove", "field": F,
// "value": V}, ...]}. kInvalidArgument naming the member for malformed input.
Result<DescriptionRequest> DescriptionRequestFromJson(std::string_view body);

}  // namespace chancery::archive
