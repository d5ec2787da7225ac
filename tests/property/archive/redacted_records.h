// Vocabulary for the archive's no-leak properties (issue 13, "Tests"): random records whose
// withheld content is made of secret tokens, a store that reviews and publishes them through
// archive::Archive, and scanners that look for those tokens in whatever the public can read.
//
// Every secret token starts with "qz" (or "Qz") followed by a process-unique counter and random
// letters; no released word, id, user name, marker, code or hex digest holds "qz". So a public
// output leaks withheld content iff it holds "qz" in any case, and the scanners need no list.
// Released words come from a small vocabulary, so that public queries find something.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidcheck.h>

#include "chancery/archive/archive.h"
#include "chancery/records/records.h"

namespace chancery::testing {

// The released vocabulary: every word of a record that is not withheld.
const std::vector<std::string>& ReleasedWords();

// One review act of the plan: withhold `spans` or every occurrence of `phrase` under `code`, or
// (referral) refer `spans` to the equity office, whose holder answers "withhold under `code`".
struct WithholdStep {
  std::vector<archive::Span> spans;
  std::string phrase;
  std::string code;
  bool referral = false;
};

// A record, the review that withholds exactly its secret tokens, and those tokens.
struct RedactedRecord {
  model::Cable cable;
  std::vector<WithholdStep> steps;
  std::vector<std::string> secrets;  // lower case, each withheld somewhere in `cable`
  std::vector<std::string> in_text;  // of which in running text, where a search finds them
  std::string Describe() const;      // the cable's JSON and the plan, for counterexamples
};

// A record with id `id` at a level above the public one: paragraphs with word ranges, whole
// paragraphs and phrase occurrences withheld, header names (approvers, addressees, drafter,
// also-informed, persons, disseminations), title and summary words, notes and enclosures, some
// referred to an equity holder. Now and then nothing is withheld (published in full).
rc::Gen<RedactedRecord> GenRedactedRecord(std::string id);

// The first "qz" (any case) in `text` with its surroundings, or "" when there is none.
std::string FindSecret(std::string_view text);

// A store (in `dir`, which must outlive it) with the users a review needs: reviewers "rev-a"
// and "rev-b", archivist "keeper", equity holder "equity" for office kEquityOffice; and an
// archive over it. Failures are rapidcheck failures (RC_ASSERT).
class ArchiveWorld {
 public:
  static constexpr char kEquityOffice[] = "EMBASSY HANOI";

  explicit ArchiveWorld(const std::string& dir);
  ~ArchiveWorld();
  ArchiveWorld(const ArchiveWorld&) = delete;
  ArchiveWorld& operator=(const ArchiveWorld&) = delete;

  records::Records& records() { return *records_; }

  archive::Archive& archive() { return *archive_; }

  const std::string& db_path() const { return db_path_; }

  security::Subject Public();

  // The archivist, cleared for every record of the store.
  security::Subject Keeper() const { return User("keeper"); }

  security::Subject Admin() const { return records_->Administrator("admin:test"); }

  // Imports public records as they are.
  void ImportPublic(std::vector<model::Cable> cables);
  // Imports the record, runs its review plan (withholds, referrals and their answers, the
  // release of the rest, a concurrence where the policy asks for one) and publishes it.
  // Returns the published version's id.
  std::string ReviewAndPublish(const RedactedRecord& r);

  // Every secret token published (withheld) in this store so far.
  const std::vector<std::string>& secrets() const { return secrets_; }

  // "" when no term of a shard the public may read holds "qz"; else the leaking term. Also
  // checks the document data (snippet text) and values of `doc_ids` in those shards.
  std::string PublicIndexLeak(const std::vector<std::string>& doc_ids);

 private:
  security::Subject User(const std::string& name) const;

  std::string db_path_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<archive::Archive> archive_;
  std::vector<std::string> secrets_;
};

}  // namespace chancery::testing
