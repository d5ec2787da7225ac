#include "search/xapian/query_builder.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"
#include "search/xapian/document_builder.h"
#include "search/xapian/query_syntax.h"
#include "search/xapian/schema.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search::internal {
namespace {

// The words of `value` as a phrase of `prefix`ed terms, tokenized exactly as the indexer does
// (by a TermGenerator, without stemming); Query() when `value` has no words.
Xapian::Query PhraseOf(const std::string& value, std::string_view prefix) {
  Xapian::Document scratch;
  Xapian::TermGenerator generator;
  generator.set_document(scratch);
  generator.index_text(value, 1, std::string(prefix));
  std::vector<std::pair<Xapian::termpos, std::string>> words;
  for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      words.emplace_back(*pos, *term);
    }
  }
  std::sort(words.begin(), words.end());
  std::vector<Xapian::Query> terms;
  for (const auto& word : words) {
    terms.emplace_back(word.second);
  }
  if (terms.size() <= 1) {
    return terms.empty() ? Xapian::Query() : terms.front();
  }
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                       static_cast<Xapian::termcount>(terms.size()));
}

// serial: and ref: values such as "(63) B-Yin-692" or "PRC FMA 109-03861-03". Registered as a
// boolean prefix, because Xapian hands a boolean field processor the whole value (quoted or
// hyphenated) while it splits free-text ones. Matches the whole value exactly (case-folded) or
// its words as a phrase, so both ref:"PRC FMA 109-03861-03" and ref:03861 find the record.
class ExactOrPhraseProcessor : public Xapian::FieldProcessor {
 public:
  ExactOrPhraseProcessor(std::string_view exact_prefix, std::string_view word_prefix)
      : exact_prefix_(exact_prefix), word_prefix_(word_prefix) {}

  Xapian::Query operator()(const std::string& value) override {
    std::string exact = ExactTerm(exact_prefix_, value);
    Xapian::Query phrase = PhraseOf(value, word_prefix_);
    if (exact.empty()) {
      return phrase;
    }
    return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(exact), phrase);
  }

 private:
  std::string exact_prefix_;
  std::string word_prefix_;
};

Xapian::Query ParseText(const std::string& text) {
  Xapian::QueryParser parser;
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.add_prefix("title", std::string(kTitlePrefix));
  parser.add_prefix("person", std::string(kPersonPrefix));
  parser.add_prefix("from", std::string(kFromPrefix));
  parser.add_prefix("to", std::string(kToPrefix));
  parser.add_prefix("place", std::string(kPlacePrefix));
  parser.add_boolean_prefix(
      "serial", (new ExactOrPhraseProcessor(kSerialExactPrefix, kSerialWordPrefix))->release());
  parser.add_boolean_prefix(
      "ref", (new ExactOrPhraseProcessor(kRefExactPrefix, kRefWordPrefix))->release());
  // No FLAG_WILDCARD: expansion enumerates the term list, which is wasted work and an
  // easy way to make a query cost depend on the corpus.
  unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                   Xapian::QueryParser::FLAG_LOVEHATE;
  return parser.parse_query(text, flags);
}

// Every document, with weight 0 so that the id decides the order.
Xapian::Query MatchAllUnweighted() {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query::MatchAll, 0.0);
}

Xapian::Query DayFilter(const SearchQuery& query) {
  std::vector<Xapian::Query> bounds;
  if (query.from_day.has_value()) {
    bounds.emplace_back(Xapian::Query::OP_VALUE_GE, kLatestSlot,
                        Xapian::sortable_serialise(*query.from_day));
  }
  if (query.to_day.has_value()) {
    bounds.emplace_back(Xapian::Query::OP_VALUE_LE, kEarliestSlot,
                        Xapian::sortable_serialise(*query.to_day));
  }
  return Xapian::Query(Xapian::Query::OP_AND, bounds.begin(), bounds.end());
}

}  // namespace

Result<Xapian::Query> BuildQuery(const SearchQuery& query) {
  CHANCERY_RETURN_IF_ERROR(CheckQuerySyntax(query.text));
  try {
    Xapian::Query text_query = Trim(query.text).empty() ? MatchAllUnweighted() : ParseText(query.text);
    if (!query.from_day.has_value() && !query.to_day.has_value()) {
      return text_query;
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, text_query, DayFilter(query));
  } catch (const Xapian::QueryParserError& e) {
    return InvalidArgument("malformed query: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "parsing query");
  }
}

}  // namespace chancery::search::internal
