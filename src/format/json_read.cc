// Reader of the JSON form of a cable (docs/format/json.md): nlohmann parses while a counting
// iterator records where each member starts, so that type errors found afterwards still carry
// "file:line:column".
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/format/json.h"

#include "format/json_internal.h"
#include "format/json_reader_internal.h"

namespace chancery::format::internal {
namespace {

using Json = nlohmann::ordered_json;

// An input iterator over bytes that publishes how far nlohmann's lexer has read.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char** high_water) : p_(p), high_water_(high_water) {}

  reference operator*() const { return *p_; }

  CountingIterator& operator++() {
    ++p_;
    *high_water_ = p_;
    return *this;
  }

  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }

  friend bool operator!=(const CountingIterator& a, const CountingIterator& b) {
    return a.p_ != b.p_;
  }

 private:
  const char* p_;
  const char** high_water_;
};

// Start of the string token that ends just before `end` (its opening quote): the first quote
// going backwards that is not escaped by an odd run of backslashes.
size_t StringTokenStart(std::string_view text, size_t end) {
  if (end < 2 || end > text.size()) {
    return end > 0 ? end - 1 : 0;
  }
  for (size_t i = end - 1; i-- > 0;) {
    if (text[i] != '"') {
      continue;
    }
    size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      return i;
    }
  }
  return 0;
}

// Start of the number or literal that ends at `end`, or one byte before it (the lexer reads one
// byte past a number).
size_t ScalarTokenStart(std::string_view text, size_t end) {
  auto is_token = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '+' || c == '-';
  };
  size_t i = end > text.size() ? text.size() : end;
  if (i > 0 && !is_token(text[i - 1])) {
    --i;
  }
  while (i > 0 && is_token(text[i - 1])) {
    --i;
  }
  return i;
}

// Records the byte offset of every member and array element by JSON pointer path
// ("approvals/0/state") while nlohmann builds the tree. So that memory stays linear in the input,
// nothing is recorded below a path of kMaxComponents (the schema's deepest path has 7) or below
// a key longer than any member name of the schema (such a member is rejected as unknown, at the
// position recorded for its key); errors there are reported at the nearest recorded ancestor.
class PathRecorder {
 public:
  static constexpr size_t kMaxComponents = 8;
  static constexpr size_t kMaxKey = 24;

  PathRecorder(std::string_view text, const char** high_water, PositionMap* positions)
      : text_(text), high_water_(high_water), positions_(positions) {}

  bool OnEvent(Json::parse_event_t event, const Json& parsed) {
    using Event = Json::parse_event_t;
    const auto offset = static_cast<size_t>(*high_water_ - text_.data());
    if (skip_ > 0) {  // inside a container that is not recorded
      if (event == Event::object_start || event == Event::array_start) {
        ++skip_;
      } else if (event == Event::object_end || event == Event::array_end) {
        --skip_;
      }
      return true;
    }
    const bool skip_value = skip_next_value_;
    if (event != Event::key) {
      skip_next_value_ = false;
    }
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        RecordArrayElement(offset > 0 ? offset - 1 : 0);
        if (skip_value || frames_.size() >= kMaxComponents) {
          skip_ = 1;
        } else {
          frames_.push_back(Frame{event == Event::array_start, 0, {}});
        }
        break;
      case Event::key:
        if (!frames_.empty()) {
          frames_.back().child = parsed.is_string() ? parsed.get<std::string>() : std::string();
          (*positions_)[CurrentPath()] = StringTokenStart(text_, offset);
          skip_next_value_ = frames_.back().child.size() > kMaxKey;
        }
        break;
      case Event::value:
        if (!skip_value) {
          RecordArrayElement(parsed.is_string() ? StringTokenStart(text_, offset)
                                                : ScalarTokenStart(text_, offset));
        }
        break;
      case Event::object_end:
      case Event::array_end:
        if (!frames_.empty()) {
          frames_.pop_back();
        }
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_array;
    size_t next_index;
    std::string child;  // the member or element currently being read
  };

  void RecordArrayElement(size_t offset) {
    if (frames_.empty() || !frames_.back().is_array) {
      return;
    }
    Frame& top = frames_.back();
    top.child = std::to_string(top.next_index++);
    (*positions_)[CurrentPath()] = offset;
  }

  std::string CurrentPath() const {
    std::string path;
    for (const Frame& f : frames_) {
      if (!path.empty()) {
        path += '/';
      }
      path += f.child;
    }
    return path;
  }

  std::string_view text_;
  const char** high_water_;
  PositionMap* positions_;
  std::vector<Frame> frames_;
  size_t skip_ = 0;               // depth inside a container that is not recorded
  bool skip_next_value_ = false;  // the value of an over-long key is not recorded
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." ->
// "syntax error ...": our message carries its own position.
std::string ParseErrorReason(std::string_view what) {
  const size_t column = what.find("column ");
  if (column != std::string_view::npos) {
    const size_t colon = what.find(": ", column);
    if (colon != std::string_view::npos) {
      return std::string(what.substr(colon + 2));
    }
  }
  return std::string(what);
}

}  // namespace

Status Locator::Error(size_t offset, std::string_view message) const {
  if (offset > text.size()) {
    offset = text.size();
  }
  size_t line = 1 + line_offset;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::string out;
  if (!filename.empty()) {
    out += std::string(filename) + ":";
  }
  out += std::to_string(line) + ":" + std::to_string(offset - line_start + 1) + ": ";
  out += message;
  return Corruption(out);
}

Result<model::Cable> CableFromJsonAt(std::string_view json, std::string_view filename,
                                     size_t line_offset) {
  const Locator locator{json, filename, line_offset};
  // Before anything is built: nlohmann's tree costs memory per level (docs/format/json.md §Limits).
  if (const size_t deep = FindJsonDepthExcess(json, kMaxCableJsonDepth);
      deep != std::string_view::npos) {
    return locator.Error(
        deep, "JSON nested deeper than " + std::to_string(kMaxCableJsonDepth) + " levels");
  }
  const char* high_water = json.data();
  PositionMap positions;
  PathRecorder recorder(json, &high_water, &positions);
  Json root;
  try {
    root = Json::parse(CountingIterator(json.data(), &high_water),
                       CountingIterator(json.data() + json.size(), &high_water),
                       [&recorder](int, Json::parse_event_t event, Json& parsed) {
                         return recorder.OnEvent(event, parsed);
                       });
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's byte is 1-based and points at the last byte read.
    const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
    return locator.Error(offset, "malformed json: " + ParseErrorReason(e.what()));
  } catch (const std::exception& e) {
    return locator.Error(0, "malformed json: " + std::string(e.what()));
  }
  return DecodeCable(root, positions, locator);
}

}  // namespace chancery::format::internal
