// The no-leak property extended to translations (docs/archive.md "Translations"): for random
// originals, translations, subjects and queries, adding translations and originals the subject
// may not read changes nothing the subject observes: search hits (with the language matched and
// the original a translation names), their order, scores, totals and facets; list; export; show;
// and the read-time list of an original's translations, which is what `show --json` and
// GET /api/records/{id} print (records::CableJsonWithTranslations of Show and Translations).
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/records/translations.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

const std::vector<std::string> kWords = {"grain", "treaty", "border", "粮食", "条约", "边界"};

struct LabelChoice {
  std::string level;
  std::vector<std::string> categories;
};

const std::vector<LabelChoice> kLabels = {
    {"PUBLIC", {}},         {"CONFIDENTIAL", {}},      {"SECRET", {}},
    {"SECRET", {"NOFORN"}}, {"TOP SECRET", {"NODIS"}},
};
const std::vector<std::string> kOffices = {"EMBASSY MOSCOW", "EMBASSY HANOI"};

std::string Words(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += (i ? " " : "") + *rc::gen::elementOf(kWords);
  }
  return out;
}

model::Cable Record(const std::string& id, const std::string& language) {
  const LabelChoice label = *rc::gen::elementOf(kLabels);
  model::Cable c =
      testing::MakeCable(id, Words(2), Words(*rc::gen::inRange(1, 4)), label.level,
                         label.categories, "1963-03-0" + std::to_string(*rc::gen::inRange(1, 9)));
  c.body.push_back({Words(2), std::nullopt});  // two paragraphs, so translations align
  model::Addressee to;
  to.name = *rc::gen::elementOf(kOffices);
  c.addressees.push_back(to);
  c.archival.language = language;
  c.archival.original_language = "Chinese";
  return c;
}

// A translation of `original` (its paragraphs aligned), with a label of its own that import
// raises to cover the original's.
model::Cable TranslationOf(const std::string& id, const model::Cable& original) {
  model::Cable t = Record(id, *rc::gen::elementOf(std::vector<std::string>{"English", "Russian"}));
  t.translation_of.original = original.id;
  t.archival.translator = *rc::gen::elementOf(std::vector<std::string>{"Cowhig", "Li"});
  return t;
}

// Whether `subject` may read `t` once import has raised its label over `original`'s.
bool Readable(const security::Policy& policy, const security::Subject& subject, model::Cable t,
              const model::Cable& original) {
  auto bound = security::LeastUpperBound(policy, security::Canonicalize(policy, t.current_label),
                                         security::Canonicalize(policy, original.current_label));
  if (!bound.ok()) {
    return false;
  }
  t.current_label = *bound;
  return security::Decide(policy, subject, t, security::Action::kRead).allowed;
}

std::string TranslationsSeen(testing::RecordsFixture& fx, const security::Subject& subject,
                             const records::SearchRequest& request,
                             const std::vector<std::string>& probes) {
  std::string out;
  auto results = fx.records().Search(subject, request);
  if (results.ok()) {
    for (const search::Hit& hit : results->hits) {
      out += hit.id + "|" + hit.language + "|" + hit.translation_of + "\n";
    }
  }
  for (const std::string& id : probes) {
    auto shown = fx.records().Show(subject, id);
    auto listed = fx.records().Translations(subject, id);
    out += id + " => ";
    if (shown.ok() && listed.ok()) {
      out += records::CableJsonWithTranslations(*shown, *listed);
    } else {
      out += shown.status().ToString() + " / " + listed.status().ToString();
    }
    out += "\n";
  }
  return out;
}

RC_GTEST_PROP(TranslationNoLeak, HiddenTranslationsAndOriginalsChangeNothingTheSubjectSees, ()) {
  const auto policy = *security::ParsePolicy(security::DefaultPolicyText());
  security::Clearance clearance;
  clearance.level = *rc::gen::elementOf(
      std::vector<std::string>{"PUBLIC", "CONFIDENTIAL", "SECRET", "TOP SECRET"});
  if (*rc::gen::arbitrary<bool>()) {
    clearance.categories = {*rc::gen::elementOf(std::vector<std::string>{"NOFORN", "NODIS"})};
  }
  clearance.offices = {*rc::gen::elementOf(kOffices)};
  security::Subject probe;
  probe.name = "subject";
  probe.clearance = clearance;

  // World A: originals and translations of them. World B: the same, plus translations the
  // subject may not read (of A's originals and of hidden originals) and those hidden originals.
  std::vector<model::Cable> base;
  const int originals = *rc::gen::inRange(1, 4);
  for (int i = 0; i < originals; ++i) {
    base.push_back(Record("o-" + std::to_string(i), "Chinese"));
  }
  for (int i = 0; i < originals; ++i) {
    if (*rc::gen::arbitrary<bool>()) {
      base.push_back(TranslationOf("t-" + std::to_string(i), base[static_cast<size_t>(i)]));
    }
  }
  std::vector<model::Cable> hidden;
  for (int i = 0; i < 4; ++i) {
    const std::string n = std::to_string(i);
    if (*rc::gen::arbitrary<bool>()) {
      model::Cable h = Record("ho-" + n, "Chinese");
      if (security::Decide(policy, probe, h, security::Action::kRead).allowed) {
        continue;
      }
      model::Cable t = TranslationOf("ht-" + n, h);
      if (Readable(policy, probe, t, h)) {
        // Need-to-know: a translation addressed to the subject's office, of an original that is
        // not. Both worlds hold the pair; the subject's view of it must not change either.
        base.push_back(std::move(h));
        base.push_back(std::move(t));
      } else {
        hidden.push_back(std::move(h));
        hidden.push_back(std::move(t));
      }
    } else {
      const model::Cable& of = base[static_cast<size_t>(*rc::gen::inRange(0, originals))];
      model::Cable t = TranslationOf("hx-" + n, of);
      if (!Readable(policy, probe, t, of)) {
        hidden.push_back(std::move(t));
      }
    }
  }
  RC_PRE(!hidden.empty());

  records::SearchRequest request;
  request.query = *rc::gen::elementOf(
      std::vector<std::string>{"", "grain", "粮食", "条约 OR treaty", "border"});
  request.limit = static_cast<uint32_t>(*rc::gen::inRange(1, 8));
  request.facets = {search::Facet::kLanguage, search::Facet::kYear, search::Facet::kClassification};
  request.facet_limit = 0;
  request.snippets = *rc::gen::arbitrary<bool>();
  std::vector<std::string> probes;
  for (const auto& c : base) {
    probes.push_back(c.id);
  }
  for (const auto& c : hidden) {
    probes.push_back(c.id);
  }

  testing::TempDir dir_a(testing::FastTempParent());
  testing::TempDir dir_b(testing::FastTempParent());
  testing::RecordsFixture world_a(dir_a.path());
  testing::RecordsFixture world_b(dir_b.path());
  auto subject_a =
      world_a.User("subject", clearance.level, clearance.categories, clearance.offices);
  auto subject_b =
      world_b.User("subject", clearance.level, clearance.categories, clearance.offices);
  world_a.Import(base);
  // Hidden records before, among or after the base ones.
  std::vector<model::Cable> mixed = base;
  const size_t at = *rc::gen::inRange<size_t>(0, 2) == 0 ? 0 : mixed.size();
  mixed.insert(mixed.begin() + static_cast<std::ptrdiff_t>(at), hidden.begin(), hidden.end());
  // A translation must follow nothing in particular: its original is found in the batch.
  world_b.Import(mixed);

  const auto seen_a = world_a.Observe(subject_a, request, probes);
  const auto seen_b = world_b.Observe(subject_b, request, probes);
  RC_ASSERT(seen_a.search == seen_b.search);
  RC_ASSERT(seen_a.list == seen_b.list);
  RC_ASSERT(seen_a.exported == seen_b.exported);
  RC_ASSERT(seen_a.shows == seen_b.shows);
  RC_ASSERT(TranslationsSeen(world_a, subject_a, request, probes) ==
            TranslationsSeen(world_b, subject_b, request, probes));
}

}  // namespace
}  // namespace chancery
