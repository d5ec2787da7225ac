#include "property/archive/redacted_records.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <set>

#include <xapian.h>

#include "chancery/archive/commitment.h"
#include "chancery/format/json.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"

namespace chancery::testing {
namespace {

const std::vector<std::string> kNames = {"Wu Lan", "Zeng Tao", "Li Ming", "Chen Bo"};
const std::vector<std::string> kOffices = {"EMBASSY MOSCOW", "EMBASSY HANOI", "POLITICAL DIVISION"};
const std::vector<std::string> kCodes = {"25X1", "25X6", "(b)(1)", "(b)(6)"};

// A fresh secret token: "qz", a process-unique counter in letters, 2 to 5 random letters.
std::string Token(bool capital) {
  static std::atomic<uint64_t> counter{0};
  uint64_t n = ++counter;
  std::string t = capital ? "Qz" : "qz";
  do {
    t.push_back(static_cast<char>('a' + n % 26));
    n /= 26;
  } while (n != 0);
  const int extra = *rc::gen::inRange(2, 6);
  for (int i = 0; i < extra; ++i) {
    t.push_back(*rc::gen::inRange('a', static_cast<char>('z' + 1)));
  }
  return t;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Builds a record and its plan together, so that every secret token is withheld by some step.
class Builder {
 public:
  explicit Builder(RedactedRecord* r) : r_(r) {}

  // A fresh token; `in_text` for running text (body, title, summary, notes, enclosures).
  std::string Secret(bool capital = false, bool in_text = true) {
    std::string t = Token(capital);
    r_->secrets.push_back(Lower(t));
    if (in_text) {
      r_->in_text.push_back(Lower(t));
    }
    return t;
  }

  std::string SecretName() { return Secret(true, false) + " " + Secret(true, false); }

  // Adds a span to the plan: in a step of its own, or in the previous explicit step.
  void Withhold(const std::string& span_text, bool referral) {
    archive::Span span = *archive::Span::Parse(span_text);
    const bool join = !r_->steps.empty() && r_->steps.back().phrase.empty() &&
                      r_->steps.back().referral == referral && *rc::gen::arbitrary<bool>();
    if (join) {
      r_->steps.back().spans.push_back(std::move(span));
      return;
    }
    WithholdStep step;
    step.spans.push_back(std::move(span));
    step.code = *rc::gen::elementOf(kCodes);
    step.referral = referral;
    r_->steps.push_back(std::move(step));
  }

  static std::string Join(const std::vector<std::string>& words) {
    std::string text;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) {
        text += *rc::gen::weightedElement<std::string>({{6, " "}, {1, ", "}, {1, " - "}});
      }
      text += words[i];
    }
    return text + ".";
  }

  static std::vector<std::string> Words(int min, int max) {
    std::vector<std::string> words;
    const int n = *rc::gen::inRange(min, max + 1);
    for (int i = 0; i < n; ++i) {
      words.push_back(*rc::gen::elementOf(ReleasedWords()));
    }
    return words;
  }

  // One paragraph of the body at `index`, hosting the phrase when it is one of its hosts.
  model::Paragraph Paragraph(size_t index, const std::vector<std::string>& phrase, bool host) {
    std::vector<std::string> words = Words(3, 14);
    const std::string at = "/body/" + std::to_string(index);
    if (host) {
      const auto pos = static_cast<std::ptrdiff_t>(*rc::gen::inRange<size_t>(0, words.size() + 1));
      words.insert(words.begin() + pos, phrase.begin(), phrase.end());
      return {Join(words), std::nullopt};
    }
    const int kind = *rc::gen::weightedElement<int>({{3, 0}, {3, 1}, {1, 2}, {1, 3}, {1, 4}});
    if (kind == 4) {
      return CjkParagraph(at);
    }
    switch (kind) {
      case 1:  // a word range, withheld (1) or referred to an equity holder (3)
      case 3: {
        const int first = *rc::gen::inRange(0, static_cast<int>(words.size()));
        const int last = *rc::gen::inRange(first, static_cast<int>(words.size()));
        for (int w = first; w <= last; ++w) {
          words[static_cast<size_t>(w)] = Secret(*rc::gen::arbitrary<bool>());
        }
        Withhold(at + "/text#w" + std::to_string(first) + "-" + std::to_string(last),
                 /*referral=*/kind == 3);
        break;
      }
      case 2:  // the whole paragraph
        for (std::string& w : words) {
          w = Secret();
        }
        Withhold(*rc::gen::arbitrary<bool>() ? at : at + "/text", false);
        break;
      default:
        break;
    }
    return {Join(words), std::nullopt};
  }

  // Chinese text without spaces, with a secret token between two ideographs ("边界qzab谈判"):
  // each ideograph is a word unit of its own (docs/format/proof.md §2), the token one more.
  model::Paragraph CjkParagraph(const std::string& at) {
    static const std::vector<std::string> kCjk = {"边界", "谈判", "大使馆",
                                                  "条约", "粮食", "代表团"};
    std::string text;
    for (int i = *rc::gen::inRange(1, 6); i > 0; --i) {
      text += *rc::gen::elementOf(kCjk);
    }
    std::string secret;
    if (*rc::gen::arbitrary<bool>()) {
      secret = Secret(*rc::gen::arbitrary<bool>());
      text += secret;
      for (int i = *rc::gen::inRange(1, 4); i > 0; --i) {
        text += *rc::gen::elementOf(kCjk);
      }
    }
    text += "。";
    if (!secret.empty()) {
      int word = 0;
      for (const archive::Unit& u : archive::SplitUnits(text)) {
        if (u.text == secret) {
          Withhold(at + "/text#w" + std::to_string(word), false);
        }
        word += u.word ? 1 : 0;
      }
    }
    return {text, std::nullopt};
  }

 private:
  RedactedRecord* r_;
};

}  // namespace

const std::vector<std::string>& ReleasedWords() {
  static const std::vector<std::string> kWords = {
      "grain",   "treaty",   "border", "embassy", "unity",  "debate", "tariff",  "delegation",
      "harbour", "minister", "convoy", "railway", "famine", "visit",  "protest", "reply"};
  return kWords;
}

std::string RedactedRecord::Describe() const {
  std::string out = format::CableToJson(cable) + "\nplan:";
  for (const WithholdStep& s : steps) {
    out += s.referral ? "\n  refer+answer" : "\n  withhold";
    out += " " + s.code;
    if (!s.phrase.empty()) {
      out += " phrase \"" + s.phrase + "\"";
    }
    for (const archive::Span& span : s.spans) {
      out += " " + span.ToString();
    }
  }
  return out;
}

rc::Gen<RedactedRecord> GenRedactedRecord(std::string id) {
  return rc::gen::exec([id] {
    RedactedRecord r;
    Builder b(&r);
    model::Cable& c = r.cable;
    c.id = id;
    c.kind = model::DocumentKind::kTelegram;
    c.office = *rc::gen::elementOf(kOffices);
    c.current_label.classification =
        *rc::gen::elementOf(std::vector<std::string>{"CONFIDENTIAL", "SECRET", "TOP SECRET"});
    if (*rc::gen::inRange(0, 4) == 0) {
      c.current_label.categories = {"NOFORN"};
    }
    c.current_label.Normalize();
    c.original_marking.label = c.current_label;
    c.original_marking.verbatim = c.current_label.classification;
    c.date = *model::Date::Parse("1963-03-" + std::to_string(*rc::gen::inRange(10, 29)));
    if (*rc::gen::inRange(0, 3) == 0) {
      c.serial.original = "(63) S-" + std::to_string(*rc::gen::inRange(0, 4));
    }

    // Title: vocabulary, with a word range withheld now and then.
    std::vector<std::string> title = Builder::Words(2, 4);
    if (*rc::gen::inRange(0, 5) == 0) {
      const int w = *rc::gen::inRange(0, static_cast<int>(title.size()));
      title[static_cast<size_t>(w)] = b.Secret(true);
      b.Withhold("/title#w" + std::to_string(w), false);
    }
    c.title = Builder::Join(title);
    c.title.pop_back();  // no final period

    // A phrase withheld wherever it occurs, in one to three paragraphs.
    std::vector<std::string> phrase;
    const size_t paragraphs = *rc::gen::inRange<size_t>(1, 7);
    std::set<size_t> hosts;
    if (*rc::gen::inRange(0, 3) == 0) {
      phrase.push_back(b.Secret());
      if (*rc::gen::arbitrary<bool>()) {
        phrase.push_back(b.Secret());
      }
      const size_t n = *rc::gen::inRange<size_t>(1, std::min<size_t>(paragraphs, 3) + 1);
      while (hosts.size() < n) {
        hosts.insert(*rc::gen::inRange<size_t>(0, paragraphs));
      }
      WithholdStep step;
      step.phrase = phrase[0];
      for (size_t i = 1; i < phrase.size(); ++i) {
        step.phrase += " " + phrase[i];
      }
      if (*rc::gen::arbitrary<bool>()) {
        step.phrase = Lower(step.phrase);
        step.phrase[0] = 'Q';  // the phrase matches whatever the case
      }
      step.code = *rc::gen::elementOf(kCodes);
      r.steps.push_back(std::move(step));
    }
    for (size_t p = 0; p < paragraphs; ++p) {
      c.body.push_back(b.Paragraph(p, phrase, hosts.count(p) > 0));
    }

    // Header fields that carry names, each released (a known name) or withheld.
    auto name = [&](const std::string& span) {
      if (*rc::gen::inRange(0, 3) == 0) {
        return *rc::gen::elementOf(kNames);
      }
      b.Withhold(span, false);
      return b.SecretName();
    };
    const size_t approvals = *rc::gen::inRange<size_t>(0, 3);
    for (size_t i = 0; i < approvals; ++i) {
      model::Approval a;
      if (*rc::gen::arbitrary<bool>()) {
        a.date = *model::Date::Parse("1963-03-0" + std::to_string(*rc::gen::inRange(1, 10)));
      }
      // The name alone, or the whole approval: its name and note (its state and date stay).
      const std::string at = "/approvals/" + std::to_string(i);
      if (*rc::gen::inRange(0, 4) == 0) {
        b.Withhold(at, false);
        a.name = b.SecretName();
        a.note = "subject to " + b.Secret(false, false);
      } else {
        a.name = name(at + "/name");
      }
      c.approvals.push_back(std::move(a));
    }
    const size_t addressees = *rc::gen::inRange<size_t>(1, 3);
    for (size_t i = 0; i < addressees; ++i) {
      model::Addressee to;
      to.name = *rc::gen::inRange(0, 3) == 0 ? name("/addressees/" + std::to_string(i) + "/name")
                                             : *rc::gen::elementOf(kOffices);
      c.addressees.push_back(std::move(to));
    }
    if (*rc::gen::inRange(0, 3) == 0) {
      c.drafter = name("/drafter");
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      c.also_informed.push_back(name("/also_informed/0"));
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      c.persons.push_back(name("/persons/0"));
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      model::Dissemination d;
      d.date = *model::Date::Parse("1963-03-0" + std::to_string(*rc::gen::inRange(1, 10)));
      if (*rc::gen::arbitrary<bool>()) {
        b.Withhold("/disseminations/0", false);  // party and note; the date stays
        d.party = b.SecretName();
        d.note = b.Secret(false, false) + " before being issued";
      } else {
        d.party = name("/disseminations/0/party");
      }
      c.disseminations.push_back(std::move(d));
    }

    // A summary with a word range withheld now and then.
    if (*rc::gen::inRange(0, 3) == 0) {
      std::vector<std::string> words = Builder::Words(3, 10);
      if (*rc::gen::arbitrary<bool>()) {
        const int first = *rc::gen::inRange(0, static_cast<int>(words.size()));
        const int last = *rc::gen::inRange(first, static_cast<int>(words.size()));
        for (int w = first; w <= last; ++w) {
          words[static_cast<size_t>(w)] = b.Secret();
        }
        b.Withhold("/summary#w" + std::to_string(first) + "-" + std::to_string(last), false);
      }
      c.summary = Builder::Join(words);
    }

    // A note with a word range withheld or hosting the phrase, and an enclosure withheld whole.
    if (*rc::gen::inRange(0, 3) == 0) {
      std::vector<std::string> words = Builder::Words(2, 8);
      if (!phrase.empty() && *rc::gen::arbitrary<bool>()) {
        words.insert(words.begin(), phrase.begin(), phrase.end());
      } else if (*rc::gen::arbitrary<bool>()) {
        const int w = *rc::gen::inRange(0, static_cast<int>(words.size()));
        words[static_cast<size_t>(w)] = b.Secret();
        b.Withhold("/notes/0/text#w" + std::to_string(w), false);
      }
      c.notes.push_back({"footnote", Builder::Join(words)});
    }
    if (*rc::gen::inRange(0, 4) == 0) {
      model::Enclosure e;
      e.title = b.Secret(true) + " " + b.Secret(true);
      for (int i = *rc::gen::inRange(1, 3); i > 0; --i) {
        std::vector<std::string> words;
        for (int w = *rc::gen::inRange(1, 6); w > 0; --w) {
          words.push_back(b.Secret());
        }
        e.paragraphs.push_back({Builder::Join(words), std::nullopt});
      }
      c.enclosures.push_back(std::move(e));
      b.Withhold("/enclosures/0", false);
    }
    return r;
  });
}

std::string FindSecret(std::string_view text) {
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if ((text[i] == 'q' || text[i] == 'Q') && (text[i + 1] == 'z' || text[i + 1] == 'Z')) {
      const size_t from = i < 60 ? 0 : i - 60;
      return std::string(text.substr(from, 120));
    }
  }
  return "";
}

ArchiveWorld::ArchiveWorld(const std::string& dir) : db_path_(dir + "/store.db") {
  records::RecordsOptions options;
  options.db_path = db_path_;
  options.synchronous_full = false;
  auto records = records::Records::Init(options, security::DefaultPolicyText());
  RC_ASSERT(records.ok());
  records_ = std::move(records).value();
  const std::vector<std::string> all = {"NOFORN", "INTERNAL RESEARCH", "NODIS"};
  auto add = [&](const std::string& name, std::vector<std::string> roles) {
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = "TOP SECRET";
    spec.clearance.categories = all;
    spec.clearance.roles = std::move(roles);
    const Status s = records_->AddUser(Admin(), spec);
    RC_ASSERT(s.ok());
  };
  add("rev-a", {"reviewer"});
  add("rev-b", {"reviewer"});
  add("keeper", {"archivist"});
  add("equity", {std::string("equity:") + kEquityOffice});
  archive::ArchiveOptions archive_options;
  archive_options.db_path = db_path_;
  auto archive = archive::Archive::Open(*records_, archive_options);
  RC_ASSERT(archive.ok());
  archive_ = std::move(archive).value();
}

ArchiveWorld::~ArchiveWorld() = default;

security::Subject ArchiveWorld::Public() {
  return *records_->ResolveSubject(std::nullopt);
}

security::Subject ArchiveWorld::User(const std::string& name) const {
  auto s = records_->ResolveSubject(name);
  RC_ASSERT(s.ok());
  return *s;
}

void ArchiveWorld::ImportPublic(std::vector<model::Cable> cables) {
  auto r = records_->Import(Admin(), std::move(cables), {});
  RC_ASSERT(r.ok());
}

std::string ArchiveWorld::ReviewAndPublish(const RedactedRecord& r) {
  auto imported = records_->Import(Admin(), {r.cable}, {});
  if (!imported.ok()) {
    RC_FAIL("import: " + imported.status().ToString() + "\n" + r.Describe());
  }
  const std::string& id = r.cable.id;
  const security::Subject reviewer = User("rev-a");
  auto fail = [&](const std::string& what, const Status& s) {
    RC_FAIL(what + ": " + s.ToString() + "\n" + r.Describe());
  };
  for (const WithholdStep& step : r.steps) {
    if (step.referral) {
      auto referral = archive_->Refer(reviewer, id, kEquityOffice, step.spans);
      if (!referral.ok()) {
        fail("refer", referral.status());
      }
      auto answer = archive_->Answer(User("equity"), referral->id, true, step.code);
      if (!answer.ok()) {
        fail("answer", answer.status());
      }
      continue;
    }
    archive::WithholdRequest request;
    request.spans = step.spans;
    request.phrase = step.phrase;
    request.code = step.code;
    auto decision = archive_->Withhold(reviewer, id, request);
    if (!decision.ok()) {
      fail("withhold", decision.status());
    }
  }
  auto release = archive_->Release(reviewer, id);
  if (!release.ok()) {
    fail("release", release.status());
  }
  if (r.cable.current_label.classification == "TOP SECRET") {
    auto concur = archive_->Concur(User("rev-b"), id);
    if (!concur.ok()) {
      fail("concur", concur.status());
    }
  }
  auto published = archive_->Publish(User("keeper"), id);
  if (!published.ok()) {
    fail("publish", published.status());
  }
  secrets_.insert(secrets_.end(), r.secrets.begin(), r.secrets.end());
  return published->record_id;
}

std::string ArchiveWorld::PublicIndexLeak(const std::vector<std::string>& doc_ids) {
  const Status caught_up = records_->CatchUpIndex();
  if (!caught_up.ok()) {
    return "index catch-up: " + caught_up.ToString();
  }
  const security::Subject pub = Public();
  std::set<std::string> shards;  // "c<id>": part 0; its parts are "c<id>.<k>"
  auto classes = records_->store().AccessClasses();
  if (!classes.ok()) {
    return classes.status().ToString();
  }
  for (const store::AccessClassRow& row : *classes) {
    auto cls = security::AccessClass::FromKey(row.key);
    if (cls.ok() &&
        security::Decide(records_->policy(), pub, *cls, security::Action::kRead).allowed) {
      shards.insert("c" + std::to_string(row.id));
    }
  }
  if (shards.empty()) {
    return "no public access class";
  }
  int opened = 0;
  try {
    for (const auto& entry : std::filesystem::directory_iterator(db_path_ + ".index")) {
      const std::string name = entry.path().filename().string();
      if (shards.count(name.substr(0, name.find('.'))) == 0 || !entry.is_directory()) {
        continue;
      }
      Xapian::Database db(entry.path().string());
      ++opened;
      for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        if (const std::string hit = FindSecret(*t); !hit.empty()) {
          return "public shard " + name + " has the term " + hit;
        }
      }
      for (const std::string& id : doc_ids) {
        for (auto p = db.postlist_begin("Q" + id); p != db.postlist_end("Q" + id); ++p) {
          const Xapian::Document doc = db.get_document(*p);
          if (const std::string hit = FindSecret(doc.get_data()); !hit.empty()) {
            return "public shard " + name + ": the snippet text of " + id + " has " + hit;
          }
          for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            if (const std::string hit = FindSecret(*v); !hit.empty()) {
              return "public shard " + name + ": a value of " + id + " has " + hit;
            }
          }
        }
      }
    }
  } catch (const Xapian::Error& e) {
    return "xapian: " + e.get_description();
  }
  return opened == 0 ? "no public shard on disk" : "";
}

}  // namespace chancery::testing
