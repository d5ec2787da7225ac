#include "translation_view.h"

#include <algorithm>

namespace chancery::cli {

std::string TranslationOfText(const model::Cable& cable) {
  const model::TranslationOf& t = cable.translation_of;
  const std::string& language = cable.archival.original_language;
  if (t.not_held) {
    return "the " + (language.empty() ? std::string() : language + " ") +
           "original, not held by this archive";
  }
  if (t.original.empty()) {
    return "";
  }
  std::string out = t.original;
  if (t.version != 0) {
    out += " version " + std::to_string(t.version);
  }
  if (!language.empty()) {
    out += " (" + language + ")";
  }
  if (t.date.IsSet()) {
    out += ", translated " + t.date.ToIso();
  }
  return out;
}

std::string RenderTranslations(const std::vector<records::TranslationSummary>& translations) {
  if (translations.empty()) {
    return "";
  }
  std::string out = "Translations\n";
  for (const records::TranslationSummary& t : translations) {
    std::string line = t.language.empty() ? std::string("language not given") : t.language;
    if (!t.translator.empty()) {
      line += "; translated by " + t.translator;
    }
    if (!t.date.empty()) {
      line += "; " + t.date;
    }
    line += "; of version " + std::to_string(t.version);
    std::string head = t.id + ":";
    head.resize(std::max<size_t>(20, head.size() + 1), ' ');
    out += head + line + "\n";
  }
  return out;
}

std::string HitLanguageText(const search::Hit& hit) {
  std::string out = hit.language.empty() ? "" : "in " + hit.language;
  if (hit.translation_not_held) {
    out += (out.empty() ? "" : " ") + std::string("(translation; original not held here)");
  } else if (!hit.translation_of.empty()) {
    out += (out.empty() ? "" : " ") + std::string("(translation of ") + hit.translation_of + ")";
  }
  return out;
}

void AddHitLanguage(const search::Hit& hit, nlohmann::json* out) {
  if (!hit.language.empty()) {
    (*out)["language"] = hit.language;
  }
  if (hit.translation_not_held) {
    (*out)["translation_of"] = {{"not_held", true}};
  } else if (!hit.translation_of.empty()) {
    (*out)["translation_of"] = {{"original", hit.translation_of}};
  }
}

}  // namespace chancery::cli
