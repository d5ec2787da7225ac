// Small string helpers shared by the parsers and renderers. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chancery {

// Removes ASCII white space (space, tab, CR, LF) from both ends.
std::string_view Trim(std::string_view s);
// Splits on `sep`, trims each piece and drops empty pieces.
std::vector<std::string> SplitTrimmed(std::string_view s, char sep);
// Joins with `sep` between the pieces.
std::string Join(const std::vector<std::string>& pieces, std::string_view sep);
// ASCII lower/upper case; other bytes (UTF-8) unchanged.
std::string AsciiLower(std::string_view s);
std::string AsciiUpper(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
// Case-insensitive ASCII comparison.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Lower-case hex of `bytes`.
std::string HexEncode(std::string_view bytes);
// Inverse of HexEncode; false if `hex` is not an even-length hex string.
bool HexDecode(std::string_view hex, std::string* out);

}  // namespace chancery
