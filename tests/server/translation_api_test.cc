// Translations over HTTP (docs/archive.md "Translations"): POST /api/import links a translation
// to its original; GET /api/records/{id} of the original lists the translations the caller may
// read (a SECRET one only for a cleared reader), the translation's names its original; GET
// /api/search says which language matched; and an importer who may not read the original gets
// exactly the error of a missing one.
#include <string>
#include <tuple>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery {
namespace {

using testing::BodyOf;
using testing::ServerFixture;
using testing::SignedIn;
using testing::StatusOf;

constexpr const char* kOriginal =
    "Id: zh-1\nTitle: 会谈要点\nSerial: (63) B-Yin-692\nOriginal-Language: Chinese\n"
    "Language: Chinese\n\n毛泽东同志接见了苏联大使契尔沃年科。\n\n他欢迎来信。\n";

std::string Translation(const std::string& id, const std::string& original,
                        const std::string& level = "PUBLIC") {
  return "Id: " + id + "\nTitle: Key points\nClassification: " + level +
         "\nOriginal-Language: Chinese\nLanguage: English\nTranslator: David Cowhig\n"
         "Translation-Of: " +
         original +
         "\n\nComrade Mao Zedong received the Soviet ambassador Chervonenko.\n\nHe welcomed the "
         "letter.\n";
}

class TranslationApi : public ::testing::Test {
 protected:
  void SetUp() override {
    f_.SetPassword("root", "pw-root");
    root_ = f_.SignIn("root", "pw-root");
    records::Records& r = *f_.server().services().records;
    for (const auto& [name, level, admin] :
         {std::tuple{"cleared", "SECRET", false}, std::tuple{"limited", "SECRET", true}}) {
      records::UserSpec spec;
      spec.name = name;
      spec.clearance.level = level;
      spec.administrator = admin;
      ASSERT_TRUE(r.AddUser(r.Administrator("admin:test"), spec).ok()) << name;
      f_.SetPassword(name, std::string("pw-") + name);
    }
    cleared_ = f_.SignIn("cleared", "pw-cleared");
    limited_ = f_.SignIn("limited", "pw-limited");
    ASSERT_EQ(Import(root_, "zh-1.cable", kOriginal)["created"], 1);
    ASSERT_EQ(Import(root_, "en-1.cable", Translation("en-1", "(63) B-Yin-692"))["created"], 1);
    ASSERT_EQ(Import(root_, "en-2.cable", Translation("en-2", "zh-1", "SECRET"))["created"], 1);
  }

  nlohmann::json Import(const SignedIn& as, const std::string& name, const std::string& body) {
    auto r = f_.Client()->Post("/api/import?filename=" + name, ServerFixture::With(as), body,
                               "text/plain");
    return nlohmann::json::parse(BodyOf(r), nullptr, false);
  }

  nlohmann::json Get(const std::string& path, const SignedIn* as = nullptr) {
    auto r =
        as == nullptr ? f_.Client()->Get(path) : f_.Client()->Get(path, ServerFixture::With(*as));
    EXPECT_EQ(StatusOf(r), 200) << path << BodyOf(r);
    return nlohmann::json::parse(BodyOf(r), nullptr, false);
  }

  ServerFixture f_;
  SignedIn root_;
  SignedIn cleared_;
  SignedIn limited_;
};

TEST_F(TranslationApi, TheOriginalListsOnlyTheTranslationsTheCallerMayRead) {
  const nlohmann::json pub = Get("/api/records/zh-1");
  ASSERT_EQ(pub["translations"].size(), 1u) << pub.dump();
  EXPECT_EQ(pub["translations"][0], nlohmann::json::parse(R"({"id": "en-1", "language": "English",
                                      "translator": "David Cowhig", "version": 1})"));
  const nlohmann::json secret = Get("/api/records/zh-1", &cleared_);
  ASSERT_EQ(secret["translations"].size(), 2u);
  EXPECT_EQ(secret["translations"][1]["id"], "en-2");
  // The translation names its original by id, resolved from the serial it was given.
  const nlohmann::json t = Get("/api/records/en-1");
  EXPECT_EQ(t["translation_of"], nlohmann::json::parse(R"({"original": "zh-1", "version": 1})"));
  EXPECT_EQ(f_.Client()->Get("/api/records/en-2")->status, 404);
}

TEST_F(TranslationApi, SearchSaysWhichLanguageMatched) {
  const nlohmann::json zh =
      Get("/api/search?q=" + httplib::detail::encode_query_param("契尔沃年科"));
  ASSERT_EQ(zh["total"], 1) << zh.dump();
  EXPECT_EQ(zh["hits"][0]["id"], "zh-1");
  EXPECT_EQ(zh["hits"][0]["language"], "Chinese");
  const nlohmann::json en = Get("/api/search?q=Chervonenko");
  ASSERT_EQ(en["total"], 1) << en.dump();
  EXPECT_EQ(en["hits"][0]["language"], "English");
  EXPECT_EQ(en["hits"][0]["translation_of"]["original"], "zh-1");
}

TEST_F(TranslationApi, AnOriginalTheImporterMayNotReadAnswersAsAMissingOne) {
  // ts-1 (TOP SECRET, the fixture's) exists; nobody-1 does not. A SECRET administrator gets the
  // same answer for both, the id aside.
  const nlohmann::json hidden = Import(limited_, "x.cable", Translation("x-1", "ts-1"));
  const nlohmann::json missing = Import(limited_, "x.cable", Translation("x-1", "nobody-1"));
  ASSERT_EQ(hidden["errors"].size(), 1u) << hidden.dump();
  EXPECT_EQ(hidden["errors"][0],
            "x.cable: cable x-1: field translation_of.original: no record ts-1");
  EXPECT_EQ(missing["errors"][0],
            "x.cable: cable x-1: field translation_of.original: no record nobody-1");
  EXPECT_EQ(hidden["records"], missing["records"]);
  EXPECT_EQ(f_.Client()->Get("/api/records/x-1", ServerFixture::With(root_))->status, 404);
}

}  // namespace
}  // namespace chancery
