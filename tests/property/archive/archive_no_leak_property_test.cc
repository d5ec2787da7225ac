// The archive's no-leak property (issue 13, "Tests"; docs/archive.md §5): for random records whose
// withheld spans (word ranges, whole paragraphs, phrases wherever they occur, title words, notes,
// enclosures, header names such as /approvals/0/name, referred spans answered "withhold") hold
// secret tokens found nowhere else, reviewed and published through archive::Archive, no secret
// token is observable by the anonymous public through any read path: show of every id (the
// original, the published version, its serial, absent versions), search hits, titles,
// snippets, facets and totals (and a search for a secret finds nothing), list, export,
// citations, the archive's own calls as the public makes them (proof; a proof of another number,
// review, preview or queue) and every error message; the public index shards hold no term, snippet
// text or value with a secret; and the proof bundle holds no secret, no unsalted hash of withheld
// text and no seed of a range holding a withheld unit, so it cannot confirm a guess.
//
// Stores are reused: each holds kCasesPerStore published records, so later cases also check that
// earlier publications leak nothing through the shared index and listings.
#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"

#include "archive/archive_impl.h"
#include "archive/commitment_internal.h"
#include "property/archive/redacted_records.h"
#include "support/rc_check.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int kCasesPerStore = 20;
// List and export read every record of the store, so they run every kSweepEvery cases (and at a
// store's last case): each publication is still listed and exported once before its store goes.
constexpr int kSweepEvery = 5;

// Stores shared by consecutive cases, each a fresh one every kCasesPerStore cases.
class Pool {
 public:
  testing::ArchiveWorld& World() {
    if (world_ == nullptr || cases_ == kCasesPerStore) {
      world_.reset();
      dir_ = std::make_unique<testing::TempDir>(testing::FastTempParent());
      world_ = std::make_unique<testing::ArchiveWorld>(dir_->path());
      cases_ = 0;
    }
    ++cases_;
    return *world_;
  }

  std::string NextId() { return "arc-" + std::to_string(++ids_); }

  // Published versions not yet seen in a list; true when this case lists and exports them.
  std::vector<std::string>& Unswept() { return unswept_; }

  bool SweepDue() const { return cases_ % kSweepEvery == 0; }

 private:
  std::unique_ptr<testing::TempDir> dir_;  // outlives world_
  std::unique_ptr<testing::ArchiveWorld> world_;
  int cases_ = 0;
  int ids_ = 0;
  std::vector<std::string> unswept_;
};

std::string Text(const Result<search::SearchResults>& r) {
  if (!r.ok()) {
    return r.status().ToString();
  }
  std::string out = "total=" + std::to_string(r->total);
  for (const search::Hit& h : r->hits) {
    out += "\n" + h.id + "|" + h.title + "|" + h.date + "|" + h.snippet;
  }
  for (const search::FacetResult& f : r->facets) {
    for (const search::FacetBucket& b : f.buckets) {
      out += "\n" + std::string(search::FacetName(f.facet)) + ":" + b.value + "|" + b.label;
    }
  }
  return out;
}

// Fails the case when `text`, read by the public through `path`, holds a secret.
void ExpectNoSecret(const std::string& path, const std::string& text,
                    const testing::RedactedRecord& r) {
  const std::string hit = testing::FindSecret(text);
  if (!hit.empty()) {
    RC_FAIL("withheld text reaches the public through " + path + ": ..." + hit + "...\n" +
            r.Describe());
  }
}

records::SearchRequest RandomRequest(const std::string& query) {
  records::SearchRequest request;
  request.query = query;
  request.limit = static_cast<uint32_t>(*rc::gen::inRange(1, 60));
  request.sort = *rc::gen::elementOf(std::vector<search::SortOrder>{
      search::SortOrder::kRelevance, search::SortOrder::kDateAscending,
      search::SortOrder::kDateDescending});
  request.snippets = *rc::gen::weightedElement<bool>({{3, true}, {1, false}});
  if (*rc::gen::weightedElement<bool>({{3, true}, {1, false}})) {
    request.facets = {
        search::Facet::kDecade,     search::Facet::kYear,       search::Facet::kClassification,
        search::Facet::kPrecedence, search::Facet::kFromOffice, search::Facet::kToOffice,
        search::Facet::kCollection, search::Facet::kLanguage,   search::Facet::kDocumentKind};
    request.facet_limit = 0;
  }
  return request;
}

std::string VocabularyQuery() {
  const auto& words = testing::ReleasedWords();
  switch (*rc::gen::inRange(0, 5)) {
    case 0:
      return *rc::gen::elementOf(words);
    case 1:
      return *rc::gen::elementOf(words) + " OR " + *rc::gen::elementOf(words);
    case 2:
      return "\"" + *rc::gen::elementOf(words) + " " + *rc::gen::elementOf(words) + "\"";
    case 3:
      return "NOT " + *rc::gen::elementOf(words);
    default:
      return "";
  }
}

// Searches the public makes for a withheld token: each must find nothing at all.
void ExpectSecretNotFound(records::Records& records, const security::Subject& pub,
                          const std::string& secret, const testing::RedactedRecord& r) {
  const std::string field = *rc::gen::elementOf(
      std::vector<std::string>{"", "title:", "person:", "to:", "from:", "place:", "ref:"});
  const auto request = RandomRequest(field + secret);
  const auto found = records.Search(pub, request);
  ExpectNoSecret("search " + request.query, Text(found), r);
  RC_ASSERT(found.ok());
  if (found->total != 0 || !found->hits.empty()) {
    RC_FAIL("the public finds " + std::to_string(found->total) + " record(s) for the withheld " +
            request.query + "\n" + Text(found) + "\n" + r.Describe());
  }
}

// The bundle cannot confirm a guess of withheld text: no unsalted hash of it, and no seed of a
// range of the commitment tree that holds a withheld unit (from which its salt follows).
void ExpectNoConfirmation(testing::ArchiveWorld& w, const std::string& original,
                          const std::string& bundle, const testing::RedactedRecord& r) {
  auto doc = w.records().store().GetDoc(archive::internal::kPublished, original + "/0001");
  RC_ASSERT(doc.ok() && doc->has_value());
  auto row = archive::internal::PublishedRowFromJson((*doc)->body);
  RC_ASSERT(row.ok());
  if (row->runs.empty()) {
    return;  // published in full: the bundle may disclose everything
  }
  std::vector<std::string> forbidden = {row->seed_hex, audit::Sha256Hex(row->original_json)};
  auto stored = w.records().store().GetRecord(original);
  RC_ASSERT(stored.ok() && stored->has_value());
  forbidden.push_back(audit::Sha256Hex((*stored)->payload));
  for (const std::string& s : r.secrets) {
    forbidden.push_back(audit::Sha256Hex(s));
  }
  auto original_cable = format::CableFromJson(row->original_json);
  RC_ASSERT(original_cable.ok());
  auto fields = archive::CommittedFields(*original_cable);
  RC_ASSERT(fields.ok());
  const auto units = archive::internal::AllUnits(*fields);
  std::vector<bool> withheld(units.size(), false);
  for (size_t i = 0; i < units.size(); ++i) {
    const std::string& pointer = (*fields)[units[i].field].pointer;
    for (const archive::WithheldRun& run : row->runs) {
      if (run.pointer == pointer && units[i].index >= run.first_unit &&
          units[i].index < run.end_unit) {
        withheld[i] = true;
        forbidden.push_back(audit::Sha256Hex((*fields)[units[i].field].value));
      }
    }
  }
  // Every range seed on the way from the root to a withheld unit.
  std::string root;
  RC_ASSERT(archive::internal::HexDecode(row->seed_hex, 32, &root));
  std::vector<std::tuple<size_t, size_t, std::string>> todo = {{0, units.size(), root}};
  while (!todo.empty()) {
    auto [lo, hi, seed] = todo.back();
    todo.pop_back();
    if (std::none_of(withheld.begin() + static_cast<std::ptrdiff_t>(lo),
                     withheld.begin() + static_cast<std::ptrdiff_t>(hi),
                     [](bool b) { return b; })) {
      continue;
    }
    forbidden.push_back(archive::internal::HexEncode(seed));
    if (hi - lo > 1) {
      const size_t split = lo + archive::internal::SplitSize(hi - lo);
      todo.emplace_back(lo, split, archive::internal::ChildSeed(seed, false));
      todo.emplace_back(split, hi, archive::internal::ChildSeed(seed, true));
    }
  }
  for (const std::string& f : forbidden) {
    if (bundle.find(f) != std::string::npos) {
      RC_FAIL("the proof bundle of " + original + " holds " + f +
              ", which confirms a guess of withheld text\n" + r.Describe());
    }
  }
}

void CheckCase(Pool& pool) {
  testing::ArchiveWorld& w = pool.World();
  // The id is set after generation: a shrunk case replays the generated value, and must still
  // publish a record of its own.
  testing::RedactedRecord r = *testing::GenRedactedRecord("arc");
  r.cable.id = pool.NextId();
  const std::string id = r.cable.id;
  const std::string published = w.ReviewAndPublish(r);
  records::Records& records = w.records();
  archive::Archive& archive = w.archive();
  const security::Subject pub = w.Public();

  // Show: the original is "no record" exactly like an absent id; the published version shows.
  const auto original = records.Show(pub, id);
  RC_ASSERT(!original.ok());
  const std::string absent = records.Show(pub, "absent-1").status().ToString();
  RC_ASSERT(original.status().ToString() == absent.substr(0, absent.size() - 8) + id);
  ExpectNoSecret("show " + id, original.status().ToString(), r);
  const auto version = records.Show(pub, published);
  RC_ASSERT(version.ok());
  const std::string version_json = format::CableToJson(*version);
  ExpectNoSecret("show " + published, version_json, r);
  ExpectNoSecret("citation of " + published, format::CiteRecord(*version, "https://x.test"), r);
  if (!r.steps.empty() && version_json.find("not declassified") == std::string::npos) {
    RC_FAIL("published version " + published + " has no marker\n" + version_json);
  }
  std::vector<std::string> probes = {published + "x", id + ".p2"};
  if (!r.cable.serial.original.empty()) {
    probes.push_back(r.cable.serial.original);
  }
  for (const std::string& probe : probes) {
    const auto shown = records.Show(pub, probe);
    ExpectNoSecret("show " + probe,
                   shown.ok() ? format::CableToJson(*shown) : shown.status().ToString(), r);
  }

  // Search: a secret finds nothing for the public (and its original for a cleared reader, so
  // the secrets are in the index, in the original's shard); vocabulary queries show nothing
  // withheld.
  if (!r.in_text.empty()) {
    const auto cleared = records.Search(w.Keeper(), testing::Query(r.in_text.front()));
    RC_ASSERT(cleared.ok());
    if (cleared->total != 1u) {
      RC_FAIL("a cleared reader finds " + std::to_string(cleared->total) + " record(s) for " +
              r.in_text.front() + "\n" + r.Describe());
    }
  }
  for (int i = 0; i < 2 && !r.secrets.empty(); ++i) {
    ExpectSecretNotFound(records, pub, *rc::gen::elementOf(r.secrets), r);
  }
  if (!w.secrets().empty()) {
    ExpectSecretNotFound(records, pub, *rc::gen::elementOf(w.secrets()), r);
  }
  for (int i = 0; i < 2; ++i) {
    const auto request = RandomRequest(VocabularyQuery());
    ExpectNoSecret("search " + request.query, Text(records.Search(pub, request)), r);
  }

  // List and export of everything the public reads.
  pool.Unswept().push_back(published);
  if (pool.SweepDue()) {
    std::string listed;
    Status s = records.List(pub, [&](const records::RecordSummary& x) {
      listed += x.id + "|" + x.title + "|" + x.serial + "|" + x.label + "\n";
      return Status::Ok();
    });
    ExpectNoSecret("list", listed + s.ToString(), r);
    for (const std::string& p : pool.Unswept()) {
      RC_ASSERT(listed.find(p + "|") != std::string::npos);
    }
    pool.Unswept().clear();
    std::string exported;
    s = records.Export(pub, [&](const model::Cable& c) {
      exported += format::CableToJson(c) + "\n";
      return Status::Ok();
    });
    ExpectNoSecret("export", exported + s.ToString(), r);
  }

  // The archive's calls, as the public makes them.
  const auto bundle = archive.Proof(pub, published, 0);
  if (!bundle.ok()) {
    RC_FAIL("the public gets no proof of " + published + ": " + bundle.status().ToString());
  }
  ExpectNoSecret("proof of " + published, *bundle, r);
  ExpectNoConfirmation(w, id, *bundle, r);
  const archive::VerifyReport report = archive::VerifyBundle(*bundle);
  RC_ASSERT(report.ok);
  {
    // One target and one call per case (each refusal writes an audit entry, most of its cost).
    const std::string target = *rc::gen::elementOf(std::vector<std::string>{id, published});
    switch (*rc::gen::inRange(0, 4)) {
      case 0: {
        const int64_t number = *rc::gen::inRange(1, 3);
        ExpectNoSecret("proof " + target + " " + std::to_string(number),
                       archive.Proof(pub, target, number).status().ToString(), r);
        break;
      }
      case 1: {
        const auto review = archive.Review(pub, target);
        std::string seen = review.status().ToString();
        if (review.ok()) {
          for (const archive::Decision& d : review->decisions) {
            seen += "\n" + d.phrase + "|" + d.code;
            for (const archive::Span& span : d.spans) {
              seen += "|" + span.ToString();
            }
          }
        }
        ExpectNoSecret("review " + target, seen, r);
        break;
      }
      case 2: {
        const auto preview = archive.Preview(pub, target);
        ExpectNoSecret("preview " + target,
                       preview.ok() ? format::CableToJson(*preview) : preview.status().ToString(),
                       r);
        break;
      }
      default: {
        const auto queue = archive.Queue(pub);
        std::string queued = queue.status().ToString();
        if (queue.ok()) {
          for (const archive::QueueItem& q : *queue) {
            queued += "\n" + q.record_id + "|" + q.title;
          }
        }
        ExpectNoSecret("queue", queued, r);
        break;
      }
    }
  }

  // The public index shards.
  const std::string index_leak = w.PublicIndexLeak({published});
  if (!index_leak.empty()) {
    RC_FAIL(index_leak + "\n" + r.Describe());
  }
}

TEST(ArchiveNoLeak, WithheldTokensReachNoPublicReadPath) {
  Pool pool;
  testing::CheckProperty(
      "ArchiveNoLeak.WithheldTokensReachNoPublicReadPath", [&] { CheckCase(pool); }, 1);
}

}  // namespace
}  // namespace chancery
