// Raw Xapian: one database, the terms Chancery's index generates (free text unprefixed and the
// title under "S", English stemming, positions), BM25, no security filter. The peer that shows
// what Chancery's sharding, label filter and audit cost.
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "corpus.h"
#include "engine.h"

namespace chancery::bench {
namespace {

constexpr Xapian::valueno kFromSlot = 1;
constexpr Xapian::valueno kToSlot = 2;
constexpr Xapian::valueno kFacetSlot0 = 10;
constexpr size_t kCommitEvery = 10000;

Status FromXapian(const Xapian::Error& e, const std::string& what) {
  return Internal("xapian " + what + ": " + e.get_description());
}

void IndexField(Xapian::TermGenerator* generator, const std::string& text,
                const std::string& prefix = {}) {
  if (!text.empty()) {
    generator->index_text(text, 1, prefix);
    generator->increase_termpos();
  }
}

// The prefixed fields of Chancery's index (search/xapian/document_builder.cc IndexFields), so
// that both indexes hold the same terms.
void IndexPrefixedFields(const model::Cable& cable, Xapian::TermGenerator* generator) {
  IndexField(generator, cable.title, "S");
  IndexField(generator, cable.drafter, "XPERSON");
  for (const model::Approval& approval : cable.approvals) {
    IndexField(generator, approval.name, "XPERSON");
  }
  for (const std::string& person : cable.persons) {
    IndexField(generator, person, "XPERSON");
  }
  for (const std::string& informed : cable.also_informed) {
    IndexField(generator, informed, "XPERSON");
  }
  IndexField(generator, cable.organization, "XFROM");
  IndexField(generator, cable.office, "XFROM");
  for (const std::string& originator : cable.originators) {
    IndexField(generator, originator, "XFROM");
  }
  for (const model::Addressee& addressee : cable.addressees) {
    IndexField(generator, addressee.name, "XTO");
  }
  IndexField(generator, cable.place, "XPLACE");
  IndexField(generator, cable.serial.original, "XSERIAL");
  IndexField(generator, cable.archival.reference.verbatim, "XREF");
}

class XapianEngine final : public Engine {
 public:
  explicit XapianEngine(std::string dir) : dir_(std::move(dir)) {}

  std::string Name() const override { return "xapian"; }

  Status Ingest(const std::vector<model::Cable>& docs) override;
  Status Finish() override;

  Status Reopen() override { return Status::Ok(); }  // OpenClients opens the directory

  Status OpenClients(int threads) override;
  Result<SearchOutcome> Search(const Query& query, int thread, int mode) override;

  Result<uint64_t> SizeOnDisk(bool) override { return DirectoryBytes(dir_); }

 private:
  Xapian::Document Build(const model::Cable& cable);
  Result<Xapian::Query> Parse(const Query& query);

  std::string dir_;
  std::unique_ptr<Xapian::WritableDatabase> writer_;
  size_t pending_ = 0;
  std::vector<Xapian::Database> readers_;
};

Xapian::Document XapianEngine::Build(const model::Cable& cable) {
  const DocFields fields = Fields(cable);
  Xapian::Document doc;
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator.set_document(doc);
  IndexField(&generator, fields.title);
  IndexField(&generator, fields.body);
  IndexPrefixedFields(cable, &generator);
  doc.add_boolean_term("Q" + cable.id);
  doc.add_value(0, cable.id);
  if (fields.from_day.has_value()) {
    doc.add_value(kFromSlot, Xapian::sortable_serialise(*fields.from_day));
    doc.add_value(kToSlot, Xapian::sortable_serialise(*fields.to_day));
  }
  for (int f = 0; f < kFacetCount; ++f) {
    doc.add_value(kFacetSlot0 + static_cast<Xapian::valueno>(f), fields.facets[f]);
  }
  doc.set_data(cable.id);
  return doc;
}

Status XapianEngine::Ingest(const std::vector<model::Cable>& docs) {
  try {
    if (!writer_) {
      writer_ = std::make_unique<Xapian::WritableDatabase>(dir_, Xapian::DB_CREATE_OR_OPEN);
    }
    for (const model::Cable& cable : docs) {
      writer_->replace_document("Q" + cable.id, Build(cable));
      if (++pending_ == kCommitEvery) {
        writer_->commit();
        pending_ = 0;
      }
    }
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "ingest into " + dir_);
  }
}

Status XapianEngine::Finish() {
  try {
    writer_->commit();
    writer_->close();
    writer_.reset();
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "commit " + dir_);
  }
}

Status XapianEngine::OpenClients(int threads) {
  try {
    readers_.clear();
    for (int t = 0; t < threads; ++t) {
      readers_.emplace_back(dir_);
    }
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "open " + dir_);
  }
}

Result<Xapian::Query> XapianEngine::Parse(const Query& query) {
  // The same parser settings as Chancery (search/xapian/query_builder.cc).
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.add_prefix("title", "S");
  Xapian::Query parsed = parser.parse_query(query.text, Xapian::QueryParser::FLAG_PHRASE |
                                                            Xapian::QueryParser::FLAG_BOOLEAN |
                                                            Xapian::QueryParser::FLAG_LOVEHATE);
  if (!query.from_day.has_value() && !query.to_day.has_value()) {
    return parsed;
  }
  std::vector<Xapian::Query> bounds;
  if (query.from_day.has_value()) {
    bounds.emplace_back(Xapian::Query::OP_VALUE_GE, kToSlot,
                        Xapian::sortable_serialise(*query.from_day));
  }
  if (query.to_day.has_value()) {
    bounds.emplace_back(Xapian::Query::OP_VALUE_LE, kFromSlot,
                        Xapian::sortable_serialise(*query.to_day));
  }
  return Xapian::Query(Xapian::Query::OP_FILTER, parsed,
                       Xapian::Query(Xapian::Query::OP_AND, bounds.begin(), bounds.end()));
}

Result<SearchOutcome> XapianEngine::Search(const Query& query, int thread, int) {
  try {
    CHANCERY_ASSIGN_OR_RETURN(Xapian::Query parsed, Parse(query));
    Xapian::Database& db = readers_[static_cast<size_t>(thread)];
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    if (query.facets) {
      for (int f = 0; f < kFacetCount; ++f) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(
            kFacetSlot0 + static_cast<Xapian::valueno>(f)));
        enquire.add_matchspy(spies.back().get());
      }
    }
    // Exact totals, as Chancery computes them (checkatleast = doccount).
    Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
    SearchOutcome outcome;
    outcome.total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      outcome.ids.push_back(it.get_document().get_data());
    }
    for (const auto& spy : spies) {
      outcome.facet_values +=
          spy->get_total() > 0
              ? static_cast<uint64_t>(std::distance(spy->values_begin(), spy->values_end()))
              : 0;
    }
    return outcome;
  } catch (const Xapian::Error& e) {
    return FromXapian(e, "search '" + query.text + "'");
  }
}

}  // namespace

Result<std::unique_ptr<Engine>> MakeXapianEngine(const std::string& work_dir) {
  return std::unique_ptr<Engine>(std::make_unique<XapianEngine>(work_dir + "/xapian"));
}

}  // namespace chancery::bench
