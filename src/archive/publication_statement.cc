// The archivist's publication statement and the marker grammar (docs/format/proof.md §6.2,
// §6.4): what makes a bundle's markers, codes and /publication member more than free text.
#include <cctype>
#include <exception>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/format/json.h"

#include "archive/commitment_internal.h"

namespace chancery::archive {
namespace {

constexpr std::string_view kPublicationTag = "chancery-publication-v1\n";
constexpr size_t kMaxCode = 32;  // as the policy's exemption codes (security/policy_parse.cc)

// Consumes `prefix` from the front of `text`.
bool Eat(std::string_view& text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) {
    return false;
  }
  text.remove_prefix(prefix.size());
  return true;
}

// "1 line" or "N lines", N a decimal without leading zeros (at most 9 digits).
bool EatLines(std::string_view& text) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
    ++digits;
  }
  if (digits == 0 || digits > 9 || text[0] == '0') {
    return false;
  }
  const bool one = text.substr(0, digits) == "1";
  text.remove_prefix(digits);
  return Eat(text, one ? " line" : " lines");
}

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxCode) {
    return false;
  }
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == ' ' || c == ';' || c == ',' || c == '[' || c == ']') {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsArchiveMarker(std::string_view marker) {
  std::string_view rest = marker;
  if (!Eat(rest, "[")) {
    return false;
  }
  if (Eat(rest, "1 paragraph (")) {
    if (!EatLines(rest) || !Eat(rest, ")")) {
      return false;
    }
  } else if (!Eat(rest, "name") && !Eat(rest, "text") && !Eat(rest, "less than 1 line") &&
             !EatLines(rest)) {
    return false;
  }
  if (!Eat(rest, " not declassified")) {
    return false;
  }
  if (Eat(rest, "]")) {
    return rest.empty();
  }
  if (!Eat(rest, "; ") || rest.empty() || rest.back() != ']') {
    return false;
  }
  rest.remove_suffix(1);
  return IsCode(rest);
}

std::string PublicationMessage(std::string_view published_id, std::string_view root_hex,
                               std::string_view published_sha256_hex) {
  std::string message(kPublicationTag);
  message.append(published_id).append("\n");
  message.append(root_hex).append("\n");
  message.append(published_sha256_hex).append("\n");
  return message;
}

Result<std::string> PublishedDigest(const model::Cable& published) {
  const nlohmann::json json =
      nlohmann::json::parse(format::CableToJson(published), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Internal("record " + published.id + ": its JSON form does not parse back");
  }
  try {
    return internal::HexEncode(internal::Sha256(internal::Canonical(json)));
  } catch (const std::exception& e) {  // a string that is not valid UTF-8
    return InvalidArgument("record " + published.id + ": " + e.what());
  }
}

}  // namespace chancery::archive
