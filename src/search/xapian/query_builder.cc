#include "search/xapian/query_builder.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xapian/unicode.h>

#include "search/xapian/document_builder.h"
#include "search/xapian/query_parser.h"
#include "search/xapian/schema.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search::internal {
namespace {

using Kind = QueryNode::Kind;

struct FieldSpec {
  std::string_view name;
  std::string_view prefix;        // free-text or keyword term prefix
  std::string_view exact_prefix;  // serial:/ref: whole-value terms; empty for other fields
  bool keyword = false;           // one boolean term of the whole value
};

constexpr FieldSpec kFieldSpecs[] = {
    {"", "", "", false},
    {"title", kTitlePrefix, "", false},
    {"person", kPersonPrefix, "", false},
    {"from", kFromPrefix, "", false},
    {"to", kToPrefix, "", false},
    {"place", kPlacePrefix, "", false},
    {"subject", kSubjectPrefix, "", false},
    {"serial", kSerialWordPrefix, kSerialExactPrefix, false},
    {"ref", kRefWordPrefix, kRefExactPrefix, false},
    {"class", kClassPrefix, "", true},
    {"prec", kPrecPrefix, "", true},
    {"type", kTypePrefix, "", true},
    {"vol", kVolPrefix, "", true},
    {"lang", kLangPrefix, "", true},
};

const FieldSpec& SpecOf(std::string_view field) {
  for (const FieldSpec& spec : kFieldSpecs) {
    if (spec.name == field) {
      return spec;
    }
  }
  return kFieldSpecs[0];  // Guaranteed unreachable by ParseQueryText(), which knows the fields.
}

bool IsCjk(unsigned cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

// True if `word` is exactly one CJK character (a unigram of FLAG_CJK_NGRAM).
bool IsCjkUnigram(std::string_view word) {
  Xapian::Utf8Iterator it(word.data(), word.size());
  if (it == Xapian::Utf8Iterator() || !IsCjk(*it)) {
    return false;
  }
  return ++it == Xapian::Utf8Iterator();
}

// The indexer's rule (TermGenerator STEM_SOME) for which words also get a "Z" stemmed term.
bool ShouldStem(std::string_view word) {
  Xapian::Utf8Iterator it(word.data(), word.size());
  if (it == Xapian::Utf8Iterator()) {
    return false;
  }
  switch (Xapian::Unicode::get_category(*it)) {
    case Xapian::Unicode::LOWERCASE_LETTER:
    case Xapian::Unicode::TITLECASE_LETTER:
    case Xapian::Unicode::MODIFIER_LETTER:
    case Xapian::Unicode::OTHER_LETTER:
      return true;
    default:
      return false;
  }
}

Xapian::Query Unweighted(const Xapian::Query& query) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0);
}

class Builder {
 public:
  Builder() : stemmer_("english") {
    generator_.set_flags(kTermGeneratorFlags);  // no stemmer: positional, unstemmed words only
  }

  Xapian::Query Build(const QueryNode& node) {
    switch (node.kind) {
      case Kind::kAll:
        return Unweighted(Xapian::Query::MatchAll);
      case Kind::kTerm:
        return Term(node);
      case Kind::kAnd:
      case Kind::kOr:
        return Combine(node);
      case Kind::kAndNot: {
        Xapian::Query left = Build(node.children[0]);
        Xapian::Query right = Build(node.children[1]);
        if (left.empty() || right.empty()) {
          return left;
        }
        return Xapian::Query(Xapian::Query::OP_AND_NOT, left, right);
      }
    }
    return Xapian::Query();
  }

 private:
  // Children that expand to no term (e.g. punctuation) are dropped, as Xapian's parser does.
  Xapian::Query Combine(const QueryNode& node) {
    std::vector<Xapian::Query> parts;
    for (const QueryNode& child : node.children) {
      Xapian::Query part = Build(child);
      if (!part.empty()) {
        parts.push_back(std::move(part));
      }
    }
    auto op = node.kind == Kind::kAnd ? Xapian::Query::OP_AND : Xapian::Query::OP_OR;
    return Xapian::Query(op, parts.begin(), parts.end());
  }

  // The unstemmed, `prefix`ed words of `text` in order, as the indexer's TermGenerator makes
  // them (lower-cased; CJK runs as one unigram per character).
  std::vector<std::string> Words(const std::string& text, std::string_view prefix) {
    Xapian::Document scratch;
    generator_.set_document(scratch);
    generator_.set_termpos(0);
    generator_.index_text(text, 1, std::string(prefix));
    std::vector<std::pair<Xapian::termpos, std::string>> positioned;
    for (auto term = scratch.termlist_begin(); term != scratch.termlist_end(); ++term) {
      for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
        positioned.emplace_back(*pos, *term);
      }
    }
    std::sort(positioned.begin(), positioned.end());
    std::vector<std::string> words;
    for (auto& [pos, word] : positioned) {
      words.push_back(std::move(word));
    }
    return words;
  }

  Xapian::Query Phrase(const std::vector<std::string>& words) {
    if (words.size() <= 1) {
      return words.empty() ? Xapian::Query() : Xapian::Query(words.front());
    }
    return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                         static_cast<Xapian::termcount>(words.size()));
  }

  // A free-text word: its stem; several words (hyphenated, dotted) as a phrase; a CJK run as
  // the AND of its character unigrams and bigrams.
  Xapian::Query Word(const std::vector<std::string>& words, std::string_view prefix) {
    if (words.size() == 1) {
      std::string_view bare = std::string_view(words.front()).substr(prefix.size());
      if (!ShouldStem(bare)) {
        return Xapian::Query(words.front());
      }
      return Xapian::Query("Z" + std::string(prefix) + stemmer_(std::string(bare)));
    }
    bool all_cjk = std::all_of(words.begin(), words.end(), [&](const std::string& word) {
      return IsCjkUnigram(std::string_view(word).substr(prefix.size()));
    });
    if (!all_cjk) {
      return Phrase(words);
    }
    // As Xapian's QueryParser does with FLAG_CJK_NGRAM: the bigrams make it precise, the
    // unigrams let snippets highlight the characters.
    std::vector<Xapian::Query> ngrams(words.begin(), words.end());
    for (size_t i = 0; i + 1 < words.size(); ++i) {
      ngrams.emplace_back(words[i] + words[i + 1].substr(prefix.size()));
    }
    return Xapian::Query(Xapian::Query::OP_AND, ngrams.begin(), ngrams.end());
  }

  Xapian::Query Term(const QueryNode& node) {
    const FieldSpec& spec = SpecOf(node.field);
    if (spec.keyword) {
      std::string term = ExactTerm(spec.prefix, node.text);
      return term.empty() ? Xapian::Query() : Unweighted(Xapian::Query(term));
    }
    std::vector<std::string> words = Words(node.text, spec.prefix);
    if (!spec.exact_prefix.empty()) {
      // serial: and ref: match the whole value (or a significant part of it, see
      // AddReferenceTerms) exactly, or its words as a phrase; a filter, not scored.
      std::string exact = ExactTerm(spec.exact_prefix, node.text);
      Xapian::Query phrase = Phrase(words);
      if (!exact.empty()) {
        phrase = Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(exact), phrase);
      }
      return Unweighted(phrase);
    }
    return node.phrase ? Phrase(words) : Word(words, spec.prefix);
  }

  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
};

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
  Xapian::Query dated(Xapian::Query::OP_AND, bounds.begin(), bounds.end());
  if (!query.include_undated) {
    return dated;
  }
  return Xapian::Query(Xapian::Query::OP_OR, dated, Xapian::Query(std::string(kUndatedTerm)));
}

}  // namespace

Result<Xapian::Query> BuildQuery(const SearchQuery& query) {
  CHANCERY_ASSIGN_OR_RETURN(QueryNode root, ParseQueryText(query.text));
  try {
    Xapian::Query text_query = Builder().Build(root);
    if (!query.from_day.has_value() && !query.to_day.has_value()) {
      return text_query;
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, text_query, DayFilter(query));
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "building query");
  }
}

}  // namespace chancery::search::internal
