#include "queries.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "corpus.h"

namespace chancery::bench {
namespace {

// Words no engine indexes the same way (PostgreSQL drops English stop words), plus FRUS
// boilerplate too short to matter.
const std::set<std::string>& StopWords() {
  static const std::set<std::string> kWords = {
      "the",   "and",     "for",     "that",    "with",    "this",   "from",   "was",     "are",
      "have",  "has",     "had",     "not",     "but",     "which",  "would",  "will",    "been",
      "were",  "his",     "her",     "they",    "their",   "them",   "there",  "these",   "those",
      "its",   "our",     "you",     "your",    "all",     "any",    "can",    "could",   "should",
      "may",   "might",   "must",    "shall",   "who",     "whom",   "what",   "when",    "where",
      "why",   "how",     "into",    "onto",    "upon",    "than",   "then",   "also",    "such",
      "only",  "very",    "more",    "most",    "other",   "some",   "over",   "under",   "again",
      "once",  "both",    "each",    "few",     "nor",     "own",    "same",   "too",     "out",
      "off",   "about",   "above",   "below",   "after",   "before", "during", "does",    "did",
      "doing", "being",   "him",     "she",     "himself", "itself", "myself", "because", "until",
      "while", "against", "between", "through", "further", "here",   "just",   "don",     "now",
      "she",   "whose",   "yours",   "ours",    "theirs",  "hers"};
  return kWords;
}

bool Usable(const std::string& word) {
  return word.size() >= 3 && word.size() <= 20 && StopWords().count(word) == 0;
}

std::vector<std::string> DocWords(const model::Cable& cable) {
  const DocFields fields = Fields(cable);
  return Words(fields.title + "\n" + fields.body);
}

struct Stats {
  std::unordered_map<std::string, uint32_t> df;
  size_t docs = 0;

  double Share(const std::string& word) const {
    auto it = df.find(word);
    return it == df.end() ? 0 : static_cast<double>(it->second) / static_cast<double>(docs);
  }
};

Stats CountDf(const std::vector<model::Cable>& corpus) {
  Stats stats;
  stats.docs = corpus.size();
  for (const model::Cable& cable : corpus) {
    std::vector<std::string> words = DocWords(cable);
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const std::string& word : words) {
      if (Usable(word)) {
        ++stats.df[word];
      }
    }
  }
  return stats;
}

// `n` distinct words whose document share lies in [lo, hi), sampled in a seeded order.
std::vector<std::string> Band(const Stats& stats, double lo, double hi, size_t n,
                              std::mt19937_64* rng) {
  std::vector<std::string> words;
  for (const auto& [word, df] : stats.df) {
    const double share = stats.Share(word);
    if (share >= lo && share < hi && df >= 2) {
      words.push_back(word);
    }
  }
  std::sort(words.begin(), words.end());
  std::shuffle(words.begin(), words.end(), *rng);
  words.resize(std::min(words.size(), n));
  return words;
}

// `n` queries of `terms` co-occurring words (share 0.1%-30%) from random documents; as a
// phrase when `phrase` (consecutive words, all usable).
std::vector<std::string> FromText(const std::vector<model::Cable>& corpus, const Stats& stats,
                                  size_t terms, bool phrase, size_t n, std::mt19937_64* rng) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (int attempt = 0; out.size() < n && attempt < 100000; ++attempt) {
    const std::vector<std::string> words = DocWords(corpus[(*rng)() % corpus.size()]);
    if (words.size() < terms) {
      continue;
    }
    const size_t start = (*rng)() % (words.size() - terms + 1);
    std::vector<std::string> picked;
    for (size_t i = 0; i < terms; ++i) {
      picked.push_back(phrase ? words[start + i] : words[(*rng)() % words.size()]);
    }
    std::set<std::string> distinct(picked.begin(), picked.end());
    bool ok = distinct.size() == terms;
    for (const std::string& word : picked) {
      const double share = stats.Share(word);
      ok = ok && Usable(word) && share >= 0.001 && share < 0.3;
    }
    std::string text;
    for (const std::string& word : picked) {
      text += (text.empty() ? "" : " ") + word;
    }
    if (phrase) {
      text = "\"" + text + "\"";
    }
    if (ok && seen.insert(text).second) {
      out.push_back(text);
    }
  }
  return out;
}

void Add(const std::string& kind, const std::vector<std::string>& texts, std::vector<Query>* out) {
  for (const std::string& text : texts) {
    out->push_back({kind, text, std::nullopt, std::nullopt, false});
  }
}

}  // namespace

std::vector<Query> MakeQueries(const std::vector<model::Cable>& corpus, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const Stats stats = CountDf(corpus);
  std::vector<Query> queries;
  const std::vector<std::string> common = Band(stats, 0.10, 1.01, 80, &rng);
  const std::vector<std::string> mid = Band(stats, 0.01, 0.10, 70, &rng);
  Add("common", common, &queries);
  Add("mid", mid, &queries);
  Add("rare", Band(stats, 0.0005, 0.01, 60, &rng), &queries);
  Add("tail", Band(stats, 0.0, 0.0005, 40, &rng), &queries);
  Add("and2", FromText(corpus, stats, 2, false, 80, &rng), &queries);
  Add("and3", FromText(corpus, stats, 3, false, 60, &rng), &queries);
  Add("phrase", FromText(corpus, stats, 2, true, 40, &rng), &queries);
  Add("phrase", FromText(corpus, stats, 3, true, 20, &rng), &queries);
  for (size_t i = 0; i < 60; ++i) {
    const std::vector<std::string>& pool = i % 2 == 0 ? common : mid;
    const int32_t year = 1945 + static_cast<int32_t>(rng() % 36);
    queries.push_back({"date", pool[i % pool.size()], model::DaysFromCivil(year, 1, 1),
                       model::DaysFromCivil(year + 4, 12, 31), false});
  }
  for (size_t i = 0; i < 50; ++i) {
    const std::vector<std::string>& pool = i % 2 == 0 ? common : mid;
    queries.push_back({"facet", pool[(i * 7) % pool.size()], std::nullopt, std::nullopt, true});
  }
  return queries;
}

std::string QueriesToTsv(const std::vector<Query>& queries) {
  std::string out;
  for (const Query& q : queries) {
    out += q.kind + "\t" + q.text + "\t" +
           (q.from_day.has_value() ? DateFromDays(*q.from_day).ToIso() : "") + "\t" +
           (q.to_day.has_value() ? DateFromDays(*q.to_day).ToIso() : "") + "\n";
  }
  return out;
}

Result<std::vector<Query>> ReadQueries(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return IoError("cannot read " + path);
  }
  std::vector<Query> queries;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::vector<std::string> cols;
    std::stringstream fields(line);
    for (std::string col; std::getline(fields, col, '\t');) {
      cols.push_back(col);
    }
    cols.resize(std::max<size_t>(cols.size(), 4));
    if (cols.size() != 4 || cols[0].empty() || cols[1].empty()) {
      return Corruption(path + ":" + std::to_string(number) + ": want kind, text, from, to");
    }
    Query q{cols[0], cols[1], std::nullopt, std::nullopt, cols[0] == "facet"};
    for (int i = 0; i < 2; ++i) {
      if (cols[2 + static_cast<size_t>(i)].empty()) {
        continue;
      }
      Result<model::Date> date = model::Date::Parse(cols[2 + static_cast<size_t>(i)]);
      if (!date.ok()) {
        return Corruption(path + ":" + std::to_string(number) + ": " + date.status().ToString());
      }
      (i == 0 ? q.from_day : q.to_day) = i == 0 ? date->FirstDay() : date->LastDay();
    }
    queries.push_back(std::move(q));
  }
  return queries;
}

}  // namespace chancery::bench
