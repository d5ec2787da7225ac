// Name authorities: the post table (where each U.S. mission sat, and when) and the personal
// ranks that are not posts (include/chancery/archive/authorities.h, docs/authorities.md).
#include <algorithm>
#include <utility>

#include "chancery/archive/authorities.h"

namespace chancery::archive {

const std::vector<PostSeat>& PostTable() {
  // City (as NormalizedName writes it: lower case, punctuation dropped) -> the POCOM post whose
  // mission sat there, with dates where the seat moved or the United States had no mission there
  // for a time (docs/authorities.md "Post table"). A city without dates answers the country's
  // mission on any day.
  static const std::vector<PostSeat> kTable = [] {
    std::vector<PostSeat> t = {
        {"st petersburg", "russia", "", "1918-02-27"},
        {"saint petersburg", "russia", "", "1918-02-27"},
        {"petrograd", "russia", "", "1918-02-27"},
        {"moscow", "russia", "1933-11-16", ""},
        // The legation in Peking from 1862; the embassy at Nanking from 1935, at Chungking in
        // the war; after 1949 the ambassadors to the Republic of China resided at Taipei, and
        // the Liaison Office (1973) became Embassy Beijing in 1979.
        {"peking", "china", "1862-07-20", "1935-09-16"},
        {"peking", "china", "1973-05-14", ""},
        {"nanking", "china", "1935-09-17", "1937-11-30"},
        {"nanking", "china", "1946-05-05", "1949-08-02"},
        {"chungking", "china", "1937-12-01", "1946-05-04"},
        {"taipei", "china", "1950-01-01", "1953-04-01"},
        {"taipei", "china", "1953-04-02", "1979-02-28", true},
        // Berlin until 1941; Bonn for the Federal Republic (1955-1999), East Berlin for the GDR
        // (1974-1990), Berlin again from July 1999.
        {"berlin", "germany", "", "1941-12-11"},
        {"berlin", "german-democratic-republic", "1974-09-04", "1990-10-02"},
        {"berlin", "germany", "1999-07-07", ""},
        {"bonn", "germany", "1955-05-05", "1999-07-06"},
        {"tel aviv", "israel", "", "2018-05-13"},
        {"jerusalem", "israel", "2018-05-14", ""},
    };
    for (const char* alias : {"peiping", "beijing"}) {
      for (const PostSeat& s : std::vector<PostSeat>(t)) {
        if (s.city == "peking")
          t.push_back({alias, s.post, s.from, s.to, s.stated_only});
      }
    }
    t.push_back({"nanjing", "china", "1935-09-17", "1937-11-30"});
    t.push_back({"nanjing", "china", "1946-05-05", "1949-08-02"});
    t.push_back({"chongqing", "china", "1937-12-01", "1946-05-04"});
    static const std::pair<const char*, const char*> kUndated[] = {
        {"london", "united-kingdom"}, {"paris", "france"},          {"rome", "italy"},
        {"tokyo", "japan"},           {"seoul", "korea"},           {"new delhi", "india"},
        {"warsaw", "poland"},         {"prague", "czechoslovakia"}, {"belgrade", "yugoslavia"},
        {"budapest", "hungary"},      {"bucharest", "romania"},     {"sofia", "bulgaria"},
        {"vienna", "austria"},        {"ottawa", "canada"},         {"mexico city", "mexico"},
        {"havana", "cuba"},           {"cairo", "egypt"},           {"ankara", "turkey"},
        {"tehran", "iran"},           {"karachi", "pakistan"},      {"djakarta", "indonesia"},
        {"jakarta", "indonesia"},     {"saigon", "vietnam-south"},  {"hanoi", "vietnam"},
        {"bangkok", "thailand"},      {"manila", "philippines"},    {"canberra", "australia"},
        {"rangoon", "burma"},         {"brussels", "belgium"},      {"the hague", "netherlands"},
        {"madrid", "spain"},          {"lisbon", "portugal"},       {"athens", "greece"},
        {"stockholm", "sweden"},      {"oslo", "norway"},           {"copenhagen", "denmark"},
        {"helsinki", "finland"},      {"bern", "switzerland"},      {"phnom penh", "cambodia"},
        {"vientiane", "laos"},        {"ulaanbaatar", "mongolia"},  {"kabul", "afghanistan"},
        {"baghdad", "iraq"},          {"algiers", "algeria"},       {"addis ababa", "ethiopia"},
        {"pretoria", "south-africa"},
    };
    for (const auto& [city, post] : kUndated)
      t.push_back({city, post, "", ""});
    std::stable_sort(t.begin(), t.end(),
                     [](const PostSeat& a, const PostSeat& b) { return a.city < b.city; });
    return t;
  }();
  return kTable;
}

bool IsPersonalRank(std::string_view post) {
  return post == "career-ambassador";
}

}  // namespace chancery::archive
