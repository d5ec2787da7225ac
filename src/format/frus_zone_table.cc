// The FRUS dateline places and their IANA time zones: docs/format/dates.md §Zone table, built
// from the <dateline><placeName> of every document of the 134 volumes whose date has a time
// (265 places, 15,506 datelines; the table covers 15,488 of them, docs/format/dates.md).
// Places keep their historical spellings (Peking, Chungking, Djakarta, Léopoldville); zones
// follow the tz database, whose pre-1970 data are best effort outside the Americas and Europe.
#include <algorithm>
#include <array>
#include <string_view>

#include "chancery/base/strings.h"
#include "chancery/format/time_zones.h"

namespace chancery::format {
namespace {

struct PlaceZone {
  std::string_view place;
  std::string_view zone;
};

// Sorted by place (byte order) for binary search; tests/unit/format/time_zones_test.cc checks.
constexpr PlaceZone kPlaces[] = {
    {"Abidjan", "Africa/Abidjan"},
    {"Accra", "Africa/Accra"},
    {"Addis Ababa", "Africa/Addis_Ababa"},
    {"Aden", "Asia/Aden"},
    {"Akron", "America/New_York"},
    {"Algiers", "Africa/Algiers"},
    {"Amman", "Asia/Amman"},
    {"Ankara", "Europe/Istanbul"},
    {"Archangel", "Europe/Moscow"},
    {"Asuncion", "America/Asuncion"},
    {"Asunción", "America/Asuncion"},
    {"Asuncíon", "America/Asuncion"},
    {"Athens", "Europe/Athens"},
    {"Augusta", "America/New_York"},
    {"Bad Godesberg", "Europe/Berlin"},
    {"Baghdad", "Asia/Baghdad"},
    {"Baguio", "Asia/Manila"},
    {"Bahia", "America/Bahia"},
    {"Bangkok", "Asia/Bangkok"},
    {"Barranquilla", "America/Bogota"},
    {"Batavia", "Asia/Jakarta"},
    {"Beijing", "Asia/Shanghai"},
    {"Beirut", "Asia/Beirut"},
    {"Belgrade", "Europe/Belgrade"},
    {"Benghazi", "Africa/Tripoli"},
    {"Berlin", "Europe/Berlin"},
    {"Bermuda", "Atlantic/Bermuda"},
    {"Bern", "Europe/Zurich"},
    {"Berne", "Europe/Zurich"},
    {"Birch Grove", "Europe/London"},
    {"Bogota", "America/Bogota"},
    {"Bogotá", "America/Bogota"},
    {"Bonn", "Europe/Berlin"},
    {"Boston", "America/New_York"},
    {"Brussels", "Europe/Brussels"},
    {"Bucharest", "Europe/Bucharest"},
    {"Budapest", "Europe/Budapest"},
    {"Buenos Aires", "America/Argentina/Buenos_Aires"},
    {"Cairo", "Africa/Cairo"},
    {"Calcutta", "Asia/Kolkata"},
    {"Camp David", "America/New_York"},
    {"Camp Zama", "Asia/Tokyo"},
    {"Canberra", "Australia/Sydney"},
    {"Canton", "Asia/Shanghai"},
    {"Cape Town", "Africa/Johannesburg"},
    {"Capetown", "Africa/Johannesburg"},
    {"Caracas", "America/Caracas"},
    {"Casablanca", "Africa/Casablanca"},
    {"Ceiba", "America/Tegucigalpa"},
    {"Chequers", "Europe/London"},
    {"Chicago", "America/Chicago"},
    {"Christiania", "Europe/Oslo"},
    {"Chungking", "Asia/Shanghai"},
    {"Ciudad Trujillo", "America/Santo_Domingo"},
    {"Colombo", "Asia/Colombo"},
    {"Colon", "America/Panama"},
    {"Conakry", "Africa/Conakry"},
    {"Connecticut", "America/New_York"},
    {"Constantinople", "Europe/Istanbul"},
    {"Copenhagen", "Europe/Copenhagen"},
    {"Dakar", "Africa/Dakar"},
    {"Damascus", "Asia/Damascus"},
    {"Dar es Salaam", "Africa/Dar_es_Salaam"},
    {"Dhahran", "Asia/Riyadh"},
    {"Djakarta", "Asia/Jakarta"},
    {"Djarkarta", "Asia/Jakarta"},
    {"Dublin", "Europe/Dublin"},
    {"Elisabethville", "Africa/Lubumbashi"},
    {"Ensenada", "America/Tijuana"},
    {"Frankfurt", "Europe/Berlin"},
    {"Geneva", "Europe/Zurich"},
    {"Georgia", "America/New_York"},
    {"Gettysburg", "America/New_York"},
    {"Guatemala", "America/Guatemala"},
    {"Guatemala City", "America/Guatemala"},
    {"Guayaquil", "America/Guayaquil"},
    {"Habana", "America/Havana"},
    {"Hakone", "Asia/Tokyo"},
    {"Hanoi", "Asia/Ho_Chi_Minh"},
    {"Harbin", "Asia/Shanghai"},
    {"Havana", "America/Havana"},
    {"Havre", "Europe/Paris"},
    {"Heidelberg", "Europe/Berlin"},
    {"Helsingfors", "Europe/Helsinki"},
    {"Helsinki", "Europe/Helsinki"},
    {"Henderson Harbor", "America/New_York"},
    {"Hong Kong", "Asia/Hong_Kong"},
    {"Honolulu", "Pacific/Honolulu"},
    {"Hue", "Asia/Ho_Chi_Minh"},
    {"Hyannis Port", "America/New_York"},
    {"Indianapolis", "America/Indiana/Indianapolis"},
    {"Irkutsk", "Asia/Irkutsk"},
    {"Istanbul", "Europe/Istanbul"},
    {"Jakarta", "Asia/Jakarta"},
    {"Jerusalem", "Asia/Jerusalem"},
    {"Jidda", "Asia/Riyadh"},
    {"Kabul", "Asia/Kabul"},
    {"Kansas City", "America/Chicago"},
    {"Karachi", "Asia/Karachi"},
    {"Khartoum", "Africa/Khartoum"},
    {"Kinshasa", "Africa/Kinshasa"},
    {"Kuala Lumpur", "Asia/Kuala_Lumpur"},
    {"Kuibyshev", "Europe/Samara"},
    {"Kuwait", "Asia/Kuwait"},
    {"Kyoto", "Asia/Tokyo"},
    {"LBJ Ranch", "America/Chicago"},
    {"La Paz", "America/La_Paz"},
    {"Lagos", "Africa/Lagos"},
    {"Lahore", "Asia/Karachi"},
    {"Laranjeiras Palace", "America/Sao_Paulo"},
    {"Leopoldville", "Africa/Kinshasa"},
    {"Lima", "America/Lima"},
    {"Lisbon", "Europe/Lisbon"},
    {"London", "Europe/London"},
    {"Los Pinos", "America/Mexico_City"},
    {"Lourenco Marques", "Africa/Maputo"},
    {"Luanda", "Africa/Luanda"},
    {"Lusaka", "Africa/Lusaka"},
    {"Luxembourg", "Europe/Luxembourg"},
    {"Lyons", "Europe/Paris"},
    {"Léopoldville", "Africa/Kinshasa"},
    {"Madrid", "Europe/Madrid"},
    {"Managua", "America/Managua"},
    {"Manila", "Asia/Manila"},
    {"Maryland", "America/New_York"},
    {"Mexico", "America/Mexico_City"},
    {"Mexico City", "America/Mexico_City"},
    {"Monrovia", "Africa/Monrovia"},
    {"Mons", "Europe/Brussels"},
    {"Montevideo", "America/Montevideo"},
    {"Moscow", "Europe/Moscow"},
    {"Munich", "Europe/Berlin"},
    {"Murmansk", "Europe/Moscow"},
    {"Murree", "Asia/Karachi"},
    {"México", "America/Mexico_City"},
    {"México City", "America/Mexico_City"},
    {"Nagasaki", "Asia/Tokyo"},
    {"Naha", "Asia/Tokyo"},
    {"Nanking", "Asia/Shanghai"},
    {"Nassau", "America/Nassau"},
    {"New Delhi", "Asia/Kolkata"},
    {"New Jersey", "America/New_York"},
    {"New York", "America/New_York"},
    {"Newport", "America/New_York"},
    {"Nicosia", "Asia/Nicosia"},
    {"Oahu", "Pacific/Honolulu"},
    {"Oeiras", "Europe/Lisbon"},
    {"Ogorevo", "Europe/Moscow"},
    {"Okinawa", "Asia/Tokyo"},
    {"Oslo", "Europe/Oslo"},
    {"Ottawa", "America/Toronto"},
    {"Palm Beach", "America/New_York"},
    {"Panama", "America/Panama"},
    {"Panama City", "America/Panama"},
    {"Panamá", "America/Panama"},
    {"Paris", "Europe/Paris"},
    {"Pearl Harbor", "Pacific/Honolulu"},
    {"Peking", "Asia/Shanghai"},
    {"Pentagon", "America/New_York"},
    {"Petrograd", "Europe/Moscow"},
    {"Petsunda", "Europe/Moscow"},
    {"Pitsunda", "Europe/Moscow"},
    {"Port au Prince", "America/Port-au-Prince"},
    {"Port-au-Prince", "America/Port-au-Prince"},
    {"Porto Alegre", "America/Sao_Paulo"},
    {"Prague", "Europe/Prague"},
    {"Pretoria", "Africa/Johannesburg"},
    {"Punta del Este", "America/Montevideo"},
    {"Pusan", "Asia/Seoul"},
    {"Quito", "America/Guayaquil"},
    {"Rabat", "Africa/Casablanca"},
    {"Rambouillet", "Europe/Paris"},
    {"Rangoon", "Asia/Yangon"},
    {"Reykjavik", "Atlantic/Reykjavik"},
    {"Riga", "Europe/Riga"},
    {"Rio de Janeiro", "America/Sao_Paulo"},
    {"Riverdale", "America/New_York"},
    {"Riyadh", "Asia/Riyadh"},
    {"Rome", "Europe/Rome"},
    {"Saigon", "Asia/Ho_Chi_Minh"},
    {"Salisbury", "Africa/Harare"},
    {"San Carlos de Bariloche", "America/Argentina/Buenos_Aires"},
    {"San Clemente", "America/Los_Angeles"},
    {"San Francisco", "America/Los_Angeles"},
    {"San Jose", "America/Costa_Rica"},
    {"San José", "America/Costa_Rica"},
    {"San Salvador", "America/El_Salvador"},
    {"Santiago", "America/Santiago"},
    {"Santo Domingo", "America/Santo_Domingo"},
    {"Seattle", "America/Los_Angeles"},
    {"Seoul", "Asia/Seoul"},
    {"Seville", "Europe/Madrid"},
    {"Shanghai", "Asia/Shanghai"},
    {"Singapore", "Asia/Singapore"},
    {"Sofia", "Europe/Sofia"},
    {"St. Petersburg", "Europe/Moscow"},
    {"Stockholm", "Europe/Stockholm"},
    {"Sussex", "Europe/London"},
    {"São Paulo", "America/Sao_Paulo"},
    {"Taipei", "Asia/Taipei"},
    {"Taiwan", "Asia/Taipei"},
    {"Tangier", "Africa/Casablanca"},
    {"Tanzania", "Africa/Dar_es_Salaam"},
    {"Tegucigalpa", "America/Tegucigalpa"},
    {"Teheran", "Asia/Tehran"},
    {"Tehran", "Asia/Tehran"},
    {"Tel Aviv", "Asia/Jerusalem"},
    {"Tele Aviv", "Asia/Jerusalem"},
    {"The Hague", "Europe/Amsterdam"},
    {"The Pentagon", "America/New_York"},
    {"Thessaloniki", "Europe/Athens"},
    {"Tokyo", "Asia/Tokyo"},
    {"Tripoli", "Africa/Tripoli"},
    {"Tunis", "Africa/Tunis"},
    {"Vanga", "Africa/Nairobi"},
    {"Vienna", "Europe/Vienna"},
    {"Vientiane", "Asia/Vientiane"},
    {"Vladivostok", "Asia/Vladivostok"},
    {"Vologda", "Europe/Moscow"},
    {"Warsaw", "Europe/Warsaw"},
    {"Washington", "America/New_York"},
    {"Wellington", "Pacific/Auckland"},
    {"White House", "America/New_York"},
    {"Wiesbaden", "Europe/Berlin"},
    {"Windsor", "America/New_York"},
    {"Yaounde", "Africa/Douala"},
    {"Yaoundé", "Africa/Douala"},
    {"Yokohama", "Asia/Tokyo"},
};

std::string_view Lookup(std::string_view place) {
  place = Trim(place);
  while (!place.empty() && (place.back() == '.' || place.back() == ',')) {
    place.remove_suffix(1);
  }
  const auto it =
      std::lower_bound(std::begin(kPlaces), std::end(kPlaces), place,
                       [](const PlaceZone& p, std::string_view v) { return p.place < v; });
  return it != std::end(kPlaces) && it->place == place ? it->zone : std::string_view();
}

}  // namespace

std::string_view FrusPlaceZone(std::string_view place) {
  if (std::string_view zone = Lookup(place); !zone.empty()) {
    return zone;
  }
  // "Camp David, Maryland", "Quai d'Orsay, Paris", "México, D. F": each part in turn.
  size_t start = 0;
  while (start < place.size()) {
    const size_t comma = place.find(',', start);
    const size_t end = comma == std::string_view::npos ? place.size() : comma;
    if (std::string_view zone = Lookup(place.substr(start, end - start)); !zone.empty()) {
      return zone;
    }
    start = end + 1;
  }
  // "SecDel MC/27 Geneva", "SecDel/MC/90 New York": the words after each space in turn.
  const std::string_view trimmed = Trim(place);
  for (size_t space = trimmed.find(' '); space != std::string_view::npos;
       space = trimmed.find(' ', space + 1)) {
    if (std::string_view zone = Lookup(trimmed.substr(space + 1)); !zone.empty()) {
      return zone;
    }
  }
  return {};
}

bool FrusPlaceTableIsSorted() {
  return std::is_sorted(std::begin(kPlaces), std::end(kPlaces),
                        [](const PlaceZone& a, const PlaceZone& b) { return a.place < b.place; });
}

}  // namespace chancery::format
