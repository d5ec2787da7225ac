#include "chancery/model/facet_value.h"

#include "chancery/base/strings.h"

namespace chancery::model {

std::string OfficeFacetValue(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out.push_back(' ');
      space = false;
    }
    out.push_back(c);
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == '.')) {
    out.pop_back();
  }
  if (out.size() > 4 && (StartsWith(out, "the ") || StartsWith(out, "The "))) {
    out.erase(0, 4);
  }
  return out;
}

std::string ClassificationFacetValue(const Marking& marking) {
  return marking.label.classification;
}

}  // namespace chancery::model
