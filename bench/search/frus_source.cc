#include "frus_source.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if __has_include("chancery/format/frus_tei.h")
#include "chancery/format/frus_tei.h"
#define CHANCERY_BENCH_HAVE_FRUS_PARSER 1
#else
#include <fstream>
#include <sstream>

#include <zstd.h>
#define CHANCERY_BENCH_HAVE_FRUS_PARSER 0
#endif

namespace chancery::bench {

#if CHANCERY_BENCH_HAVE_FRUS_PARSER

bool UsesProductParser() {
  return true;
}

Result<std::vector<model::Cable>> ReadFrusVolume(const std::string& path) {
  CHANCERY_ASSIGN_OR_RETURN(std::string xml, format::ReadFileMaybeZstd(path));
  CHANCERY_ASSIGN_OR_RETURN(
      format::FrusVolume volume,
      format::ParseFrusVolume(xml, std::filesystem::path(path).filename().string()));
  return std::move(volume.documents);
}

#else

namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return IoError("cannot read " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string data = text.str();
  if (!path.ends_with(".zst")) {
    return data;
  }
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN) {
    return Corruption(path + ": not a sized zstd frame");
  }
  std::string out(size, '\0');
  const size_t n = ZSTD_decompress(out.data(), out.size(), data.data(), data.size());
  if (ZSTD_isError(n) != 0) {
    return Corruption(path + ": " + ZSTD_getErrorName(n));
  }
  out.resize(n);
  return out;
}

// Text of `xml` with tags removed, entities for & < > decoded, whitespace collapsed.
std::string PlainText(std::string_view xml) {
  std::string out;
  bool in_tag = false;
  for (size_t i = 0; i < xml.size(); ++i) {
    char c = xml[i];
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
      c = ' ';
    }
    if (in_tag) {
      continue;
    }
    if (c == '&') {
      size_t semi = xml.find(';', i);
      std::string_view entity = xml.substr(i, semi == std::string_view::npos ? 1 : semi - i + 1);
      c = entity == "&lt;" ? '<' : entity == "&gt;" ? '>' : '&';
      i += entity.size() - 1;
    }
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
      continue;
    }
    out.push_back(c);
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string Between(std::string_view text, std::string_view open, std::string_view close) {
  size_t start = text.find(open);
  if (start == std::string_view::npos) {
    return {};
  }
  start = text.find('>', start);
  size_t end = text.find(close, start);
  if (start == std::string_view::npos || end == std::string_view::npos) {
    return {};
  }
  return std::string(text.substr(start + 1, end - start - 1));
}

model::Cable StandInDocument(std::string_view div, const std::string& volume) {
  model::Cable cable;
  size_t id_at = div.find("xml:id=\"");
  std::string doc_id =
      id_at == std::string_view::npos
          ? "d0"
          : std::string(div.substr(id_at + 8, div.find('"', id_at + 8) - id_at - 8));
  cable.id = volume + "-" + doc_id;
  cable.title = PlainText(Between(div, "<head", "</head>")).substr(0, 400);
  size_t when = div.find("when=\"");
  if (when != std::string_view::npos) {
    Result<model::Date> date = model::Date::Parse(div.substr(when + 6, 10));
    if (date.ok()) {
      cable.date = *date;
    }
  }
  for (size_t at = div.find("<p"); at != std::string_view::npos; at = div.find("<p", at + 2)) {
    if (at + 2 < div.size() && div[at + 2] != '>' && div[at + 2] != ' ') {
      continue;
    }
    size_t end = div.find("</p>", at);
    if (end == std::string_view::npos) {
      break;
    }
    std::string text = PlainText(div.substr(at, end - at));
    if (!text.empty()) {
      cable.body.push_back({std::move(text), std::nullopt});
    }
  }
  cable.archival.collection = volume;
  cable.kind = cable.title.find("Telegram") != std::string::npos ? model::DocumentKind::kTelegram
                                                                 : model::DocumentKind::kOther;
  return cable;
}

}  // namespace

bool UsesProductParser() {
  return false;
}

Result<std::vector<model::Cable>> ReadFrusVolume(const std::string& path) {
  CHANCERY_ASSIGN_OR_RETURN(std::string xml, ReadFile(path));
  std::string volume = std::filesystem::path(path).filename().string();
  volume = volume.substr(0, volume.find('.'));
  std::vector<model::Cable> docs;
  const std::string_view text = xml;
  constexpr std::string_view kOpen = "<div type=\"document\"";
  for (size_t at = text.find(kOpen); at != std::string_view::npos;) {
    size_t next = text.find(kOpen, at + kOpen.size());
    docs.push_back(StandInDocument(
        text.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at),
        volume));
    at = next;
  }
  return docs;
}

#endif

}  // namespace chancery::bench
