// Verifiable redaction (docs/format/proof.md). A record's canonical JSON is cut into fields (its
// leaves) and each string field into units (words, CJK ideographs, runs of spaces and
// punctuation). `Commit` makes a salted Merkle commitment to every unit of every field; the root
// is what a releaser (desk release v2) or the archive (at publication) signs. When a published
// version withholds runs of units, `MakeBundle` writes a proof bundle that discloses the salts of
// what is published and only salted hashes of what is withheld, and `VerifyBundle` checks a
// bundle offline: the published text is exactly the signed original minus the marked runs.
//
// Nothing in a bundle lets a reader confirm a guess of withheld text: every hash over withheld
// content includes a salt the bundle does not give (docs/format/proof.md §7 says what a bundle
// does reveal). The commitment seed is a secret: it is kept beside the original and never
// written into a bundle.
//
// Pure functions over value types; thread-safe. The only I/O is the system CSPRNG (Commit with
// no seed) through the audit module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::archive {

// One unit of a text (docs/format/proof.md §2): a maximal run of word characters (ASCII letters
// and digits, and every non-ASCII code point that is not a CJK ideograph), one CJK ideograph
// (U+3400-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF), or a maximal run of everything else (spaces,
// punctuation: a gap unit, word = false).
struct Unit {
  std::string text;
  bool word = false;
  friend bool operator==(const Unit&, const Unit&) = default;
};

// The units of `text` in order; concatenating their texts gives `text` back, for any bytes. A
// byte that does not start a well-formed UTF-8 sequence counts as a one-byte non-ASCII
// character (a word character). The empty text has no units.
std::vector<Unit> SplitUnits(std::string_view text);

// One leaf of a record's canonical JSON (format::CableToJson), docs/format/proof.md §3.
// `pointer` is an RFC 6901 JSON pointer ("/body/3/text", "/approvals/2/name"); `value` is the
// string's text, or for a number, bool, null, empty array or empty object its JSON text
// ("1963", "true", "null", "[]", "{}") with is_string false.
struct Field {
  std::string pointer;
  std::string value;
  bool is_string = true;
  friend bool operator==(const Field&, const Field&) = default;
};

// The committed fields of `cable` in document order: every leaf except those under /id,
// /current_label and /publication, the members a publication sets. kInternal if the cable's JSON
// form does not parse back (a bug in format::CableToJson).
Result<std::vector<Field>> CommittedFields(const model::Cable& cable);

// A withheld run: units [first_unit, end_unit) of the string field `pointer`, replaced in the
// published version by `marker` (e.g. "[name not declassified; (b)(6)]"). A run starts and ends
// on a word unit; the runs of one field do not overlap.
struct WithheldRun {
  std::string pointer;
  size_t first_unit = 0;
  size_t end_unit = 0;
  std::string marker;
  friend bool operator==(const WithheldRun&, const WithheldRun&) = default;
};

// `original` with every run applied: in each named string field, the run's units are replaced by
// its marker and the other units kept (through the JSON form and back). Runs may be given in any
// order. kInvalidArgument naming the pointer and units when a run names no committed field or a
// non-string one, is empty or out of range, does not start and end on a word unit, or overlaps
// another run of its field; kInvalidArgument too when the result is not a valid cable.
Result<model::Cable> ApplyRedactions(const model::Cable& original,
                                     const std::vector<WithheldRun>& runs);

// A salted commitment to every unit of every committed field (docs/format/proof.md §4-§5).
struct Commitment {
  std::string seed_hex;  // 64 hex digits; secret: whoever has it can confirm guesses
  std::string root_hex;  // 64 hex digits: what is signed
  int64_t units = 0;     // leaves of the tree (N)
};

// Commits to `cable` with the seed `seed_hex` (64 hex digits), or a fresh random seed when it
// is empty. Deterministic for a given seed. kInvalidArgument for a seed that is not 64 hex
// digits; errors of CommittedFields.
Result<Commitment> Commit(const model::Cable& cable, std::string_view seed_hex = {});

// The archivist's signed statement at publication (docs/format/proof.md §6.4): a signature over
// PublicationMessage, which covers the whole published record (text with markers, /id,
// /current_label, /publication). The key claims (public key, audit seq) are claims a reader
// checks against the audit log or a key they trust; the bundle does not prove them.
struct PublicationStatement {
  std::string signer;  // the archivist's user name
  std::string public_key_hex;
  int64_t key_audit_seq = 0;  // the audit entry that registered the key (0 if unknown)
  std::string signature_hex;  // Ed25519 over PublicationMessage(...)
  friend bool operator==(const PublicationStatement&, const PublicationStatement&) = default;
};

// What a bundle proves and who signed it (docs/format/proof.md §6).
struct SignedCommitment {
  std::string kind;       // "release" (desk release v2) or "archive" (signed at publication)
  std::string record_id;  // the original's id
  int64_t record_version = 0;
  std::string root_hex;
  std::string signer;  // user name
  std::string public_key_hex;
  int64_t key_audit_seq = 0;  // the audit entry that registered the key (0 if unknown)
  std::string signature_hex;  // Ed25519 over CommitmentMessage(...)
  // The archivist's statement over the published record; absent for publications made before
  // statements existed (their markers' codes, /id, /current_label and /publication are unsigned).
  std::optional<PublicationStatement> publication;
  friend bool operator==(const SignedCommitment&, const SignedCommitment&) = default;
};

// The message a commitment's signature covers:
// "chancery-commitment-v2\n" kind "\n" record_id "\n" decimal record_version "\n" root_hex "\n".
std::string CommitmentMessage(std::string_view kind, std::string_view record_id,
                              int64_t record_version, std::string_view root_hex);

// The message a publication statement's signature covers (docs/format/proof.md §6.4):
// "chancery-publication-v1\n" published_id "\n" root_hex "\n" published_sha256_hex "\n".
std::string PublicationMessage(std::string_view published_id, std::string_view root_hex,
                               std::string_view published_sha256_hex);

// hex SHA-256 of the canonical form (docs/format/proof.md §6: keys sorted, compact) of the
// published record's JSON (format::CableToJson): the text a bundle's `published` member holds.
// kInternal if that JSON does not parse back.
Result<std::string> PublishedDigest(const model::Cable& published);

// True when `marker` has a form the archive writes (docs/format/proof.md §6.2, "markers"):
// "[name not declassified; CODE]", "[text not declassified; CODE]", "[less than 1 line not
// declassified; CODE]", "[N line(s) not declassified; CODE]" or "[1 paragraph (N line(s)) not
// declassified; CODE]", "; CODE" optional; CODE 1-32 bytes without space, control characters,
// ';', ',', '[' or ']'.
bool IsArchiveMarker(std::string_view marker);

struct BundleInput {
  model::Cable original;  // the version that was committed
  std::string seed_hex;   // its commitment seed (secret; never in a bundle)
  std::vector<WithheldRun> withheld;
  // The published version: equal to ApplyRedactions(original, withheld) apart from /id,
  // /current_label and /publication.
  model::Cable published;
  SignedCommitment signed_commitment;
};

// The proof bundle (canonical JSON, docs/format/proof.md §6) for `input`. kInvalidArgument when
// the runs are invalid (as ApplyRedactions), the published version is not the original with the
// runs applied (naming the first field that differs), the seed does not reproduce
// signed_commitment.root_hex, or a string is not valid UTF-8. The signature is not checked here.
Result<std::string> MakeBundle(const BundleInput& input);

// What VerifyBundle found. ok iff failures is empty. Each failure is one line naming what fails
// and where, starting with its kind: "bundle:", "signature:", "commitment:", "a changed word:",
// "a changed value:", "a removed marker:", "a moved marker:", "an unproven marker:", "field:",
// "a forged marker:", "publication statement:".
struct VerifyReport {
  bool ok = false;
  std::vector<std::string> failures;
  SignedCommitment signed_commitment;  // as the bundle states it (valid only when it parsed)
};

// Checks `bundle_json` offline, with nothing but the bundle (docs/format/proof.md §8): canonical
// form and digest, the Ed25519 signature with the bundle's public key, that the disclosed units,
// their salts and the withheld hashes reproduce the signed root, and that the published record
// is the proven text with each marker exactly where the proof puts it. Whether the public key is
// really the signer's is for the caller to check against the audit log (key_audit_seq).
VerifyReport VerifyBundle(std::string_view bundle_json);

}  // namespace chancery::archive
