// Issue 11, finding 1: someone with write access to the store file (but not the signing key)
// rewrites the audit log with sqlite3 and ordinary code (recomputing every hash link and Merkle
// hash needs no key), then runs an ordinary command, which used to re-sign whatever it found.
// Every attack must fail `chancery audit verify --key K` (K kept apart at the start), and no
// ordinary command may sign the rewritten log: a witness that kept the checkpoint from before
// the attack rejects whatever the store shows afterwards, or the store shows nothing newer.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/signing.h"
#include "chancery/audit/tlog.h"
#include "chancery/format/json.h"
#include "chancery/store/store.h"

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

class AuditAttackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("store.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    std::string lines;
    for (int i = 0; i < 6; ++i) {
      lines += format::CableToJson(testing::MakeCable("c" + std::to_string(i), "Grain talks",
                                                      "Grain tariffs.", "PUBLIC")) +
               "\n";
    }
    testing::WriteFileOrDie(dir_.File("six.jsonl"), lines);
    ASSERT_EQ(Cli({"import", dir_.File("six.jsonl")}).exit_code, 0);
    for (const char* name : {"alice", "bob", "carol"}) {
      ASSERT_EQ(Cli({"user", "add", name, "--clearance", "SECRET"}).exit_code, 0);
    }
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(Cli({"search", "grain"}).exit_code, 0);
    }
    ASSERT_EQ(Cli({"user", "add", "dave", "--clearance", "PUBLIC"}).exit_code, 0);
    CliResult key = Cli({"audit", "key"});
    ASSERT_EQ(key.exit_code, 0) << key.err;
    key_ = dir_.File("operator.key");
    testing::WriteFileOrDie(key_, key.out);
    ASSERT_EQ(Witness({"--key", key_}).exit_code, 0);
    entries_ = std::stoll(Query("SELECT max(seq) FROM audit"));
    ASSERT_GE(entries_, 13);
    ASSERT_EQ(VerifyWithKey().exit_code, 0) << VerifyWithKey().err;
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  CliResult VerifyWithKey() { return Cli({"audit", "verify", "--key", key_}); }

  CliResult Witness(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"audit", "witness", "--state", dir_.File("witness.json")};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(db_);
    return RunCli(args);
  }

  void Sql(const std::string& statement) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << statement << ": " << (error != nullptr ? error : "");
    sqlite3_free(error);
    sqlite3_close(db);
  }

  std::string Query(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
  }

  // What an attacker without the key can do after editing rows: renumber the entries, recompute
  // every hash link and the whole Merkle tree, so that the log is internally consistent.
  void Relink() {
    std::vector<model::AuditEvent> events = ReadEvents();
    std::vector<std::string> stored;
    auto read = [&stored](const std::vector<int64_t>& indexes) -> Result<std::vector<std::string>> {
      std::vector<std::string> out;
      for (int64_t i : indexes) {
        out.push_back(stored.at(static_cast<size_t>(i)));
      }
      return out;
    };
    std::string sql = "BEGIN; DELETE FROM audit; DELETE FROM audit_hashes;";
    std::string prev;
    for (size_t i = 0; i < events.size(); ++i) {
      model::AuditEvent& e = events[i];
      e.seq = static_cast<int64_t>(i) + 1;
      e.prev_hash = prev;
      e.hash = audit::HashEvent(e);
      prev = e.hash;
      auto tree = audit::StoredHashesForEvent(e, read);
      ASSERT_TRUE(tree.ok()) << tree.status().ToString();
      for (const auto& [index, h] : *tree) {
        sql += "INSERT INTO audit_hashes VALUES(" + std::to_string(index) + ", '" + h + "');";
        stored.push_back(h);
      }
      std::string ids;
      for (const std::string& id : e.ids) {
        ids += std::to_string(id.size()) + ":" + id;
      }
      sql += "INSERT INTO audit VALUES(" + std::to_string(e.seq) + ", " +
             std::to_string(e.time_micros) + ", " + Quote(e.actor) + ", " + Quote(e.action) + ", " +
             Quote(e.target) + ", " + Quote(e.decision) + ", " + Quote(ids) + ", " +
             Quote(e.prev_hash) + ", " + Quote(e.hash) + ");";
    }
    Sql(sql + "COMMIT;");
  }

  std::vector<model::AuditEvent> ReadEvents() {
    store::StoreOptions options;
    options.path = db_;
    options.audit_hash = audit::HashEvent;
    options.audit_tree = audit::StoredHashesForEvent;
    auto store = store::OpenSqliteStore(options);
    EXPECT_TRUE(store.ok());
    return *(*store)->ReadAudit(0, SIZE_MAX);
  }

  static std::string Quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
      out += c == '\'' ? "''" : std::string(1, c);
    }
    return out + "'";
  }

  // What a witness holding the checkpoint from before the attack sees afterwards.
  enum class Witnessed {
    kAlarm,         // the store's latest checkpoint is smaller, missing or not the log's key's
    kNothingNew,    // no ordinary command could sign the rewritten log: still the old one
    kOriginalTree,  // entries edited but the stored tree untouched: what gets signed is the
                    // tree of the original entries, so the edit is never vouched for
  };

  // The attack is caught: after an ordinary read and an ordinary mutation (which sign),
  // verification against the operator's key fails and the witness sees `witnessed`.
  void ExpectCaught(Witnessed witnessed) {
    (void)Cli({"list"});  // an anonymous, ordinary command: it used to re-sign the log
    (void)Cli({"user", "add", "eve", "--clearance", "PUBLIC"});  // a mutation: it signs
    CliResult verify = VerifyWithKey();
    EXPECT_EQ(verify.exit_code, 1) << verify.out << verify.err;
    CliResult witness = Witness();
    const std::string same =
        "size " + std::to_string(entries_) + " -> " + std::to_string(entries_) + "\n";
    switch (witnessed) {
      case Witnessed::kAlarm:
        EXPECT_EQ(witness.exit_code, 1) << witness.out << witness.err;
        break;
      case Witnessed::kNothingNew:
        EXPECT_EQ(witness.exit_code, 0) << witness.err;
        EXPECT_NE(witness.out.find(same), std::string::npos) << witness.out;
        break;
      case Witnessed::kOriginalTree:
        EXPECT_EQ(witness.exit_code, 0) << witness.err;
        EXPECT_EQ(witness.out.find(same), std::string::npos) << witness.out;
        break;
    }
  }

  testing::TempDir dir_;
  std::string db_;
  std::string key_;
  int64_t entries_ = 0;
};

TEST_F(AuditAttackTest, AnUntouchedLogVerifiesAndTheWitnessFollowsIt) {
  ASSERT_EQ(Cli({"user", "add", "eve", "--clearance", "PUBLIC"}).exit_code, 0);
  EXPECT_EQ(VerifyWithKey().exit_code, 0);
  CliResult witness = Witness();
  EXPECT_EQ(witness.exit_code, 0) << witness.err;
  EXPECT_NE(witness.out.find("size " + std::to_string(entries_) + " -> "), std::string::npos);
}

TEST_F(AuditAttackTest, AFlippedByteInAnEntry) {
  Sql("UPDATE audit SET actor = 'mallory' WHERE seq = 5");
  ExpectCaught(Witnessed::kOriginalTree);
}

TEST_F(AuditAttackTest, AFlippedByteWithRecomputedLinks) {
  Sql("UPDATE audit SET decision = 'deny' WHERE seq = 5");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, EntriesTenToTwelveDeletedWithRecomputedLinks) {
  Sql("DELETE FROM audit WHERE seq BETWEEN 10 AND 12");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, EntriesTenToTwelveDeleted) {
  Sql("DELETE FROM audit WHERE seq BETWEEN 10 AND 12");
  ExpectCaught(Witnessed::kOriginalTree);
}

TEST_F(AuditAttackTest, TheLastEntryDeleted) {
  Sql("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, TheLastEntriesAndTheCheckpointsCoveringThemDeleted) {
  const int64_t keep = entries_ - 3;
  Sql("DELETE FROM audit WHERE seq > " + std::to_string(keep) +
      "; DELETE FROM audit_checkpoints WHERE size > " + std::to_string(keep) +
      "; DELETE FROM audit_hashes WHERE idx >= " + std::to_string(audit::StoredHashCount(keep)));
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, EveryEntryAndEveryCheckpointDeleted) {
  Sql("DELETE FROM audit; DELETE FROM audit_hashes; DELETE FROM audit_checkpoints;");
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, EveryEntryDeletedButTheInitCheckpointKept) {
  Sql("DELETE FROM audit; DELETE FROM audit_hashes; DELETE FROM audit_checkpoints WHERE size > 0;");
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, EveryEntryDeletedCheckpointsKept) {
  Sql("DELETE FROM audit; DELETE FROM audit_hashes;");
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, EveryCheckpointDeleted) {
  Sql("DELETE FROM audit_checkpoints");
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, AForgedEntryInsertedInTheMiddle) {
  Sql("UPDATE audit SET seq = seq + 1000 WHERE seq >= 8; "
      "UPDATE audit SET seq = seq - 999 WHERE seq >= 1008; "
      "INSERT INTO audit SELECT 8, time_micros, 'alice', 'import', 'forged', 'ok', '', '', '' "
      "FROM audit WHERE seq = 7;");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, TwoEntriesSwapped) {
  Sql("CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (3, 4); "
      "UPDATE audit SET (time_micros, actor, action, target, decision, ids, prev_hash, hash) = "
      "(SELECT time_micros, actor, action, target, decision, ids, prev_hash, hash FROM t "
      "WHERE t.seq = 7 - audit.seq) WHERE seq IN (3, 4);");
  ExpectCaught(Witnessed::kOriginalTree);
}

TEST_F(AuditAttackTest, TwoEntriesReorderedWithRecomputedLinks) {
  Sql("CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (3, 4); "
      "UPDATE audit SET (time_micros, actor, action, target, decision, ids) = "
      "(SELECT time_micros, actor, action, target, decision, ids FROM t "
      "WHERE t.seq = 7 - audit.seq) WHERE seq IN (3, 4);");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, AnEntrysIdsRewrittenWithRecomputedLinks) {
  Sql("UPDATE audit SET ids = '5:other' WHERE seq = 2");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, AnEntrysTimeRewrittenWithRecomputedLinks) {
  Sql("UPDATE audit SET time_micros = 0 WHERE seq = 9");
  Relink();
  ExpectCaught(Witnessed::kNothingNew);
}

TEST_F(AuditAttackTest, TheMerkleHashesAloneRewritten) {
  Sql("UPDATE audit_hashes SET hash = '" + std::string(64, '0') + "' WHERE idx = 3");
  ExpectCaught(Witnessed::kOriginalTree);
}

TEST_F(AuditAttackTest, ACheckpointsRootEdited) {
  const std::string note = Query("SELECT note FROM audit_checkpoints ORDER BY size DESC LIMIT 1");
  const size_t root_at = note.find('\n', note.find('\n') + 1) + 1;
  std::string edited = note;
  edited[root_at] = edited[root_at] == 'A' ? 'B' : 'A';
  Sql("UPDATE audit_checkpoints SET note = " + Quote(edited) +
      " WHERE size = (SELECT max(size) FROM audit_checkpoints)");
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, AnOlderCheckpointPassedOffAsTheLatest) {
  Sql("UPDATE audit_checkpoints SET note = (SELECT note FROM audit_checkpoints WHERE size > 0 "
      "ORDER BY size LIMIT 1) WHERE size = (SELECT max(size) FROM audit_checkpoints)");
  ExpectCaught(Witnessed::kAlarm);
}

TEST_F(AuditAttackTest, TheSigningKeyReplacedWithAFreshOne) {
  std::filesystem::remove(db_ + ".audit-key");
  const std::string other = dir_.File("other.db");
  ASSERT_EQ(RunCli({"--db", other, "init"}).exit_code, 0);
  std::filesystem::copy_file(other + ".audit-key", db_ + ".audit-key");
  ExpectCaught(Witnessed::kNothingNew);
  EXPECT_NE(Cli({"audit", "verify"}).err.find("key file was replaced"), std::string::npos);
}

TEST_F(AuditAttackTest, TheWholeLogRewrittenUnderAFreshKey) {
  // Everything an attacker without the key can do: a fresh key and store, whose public key and
  // empty-log checkpoint replace the victim's, then a relinked log with entries 10-12 removed.
  const std::string other = dir_.File("other.db");
  ASSERT_EQ(RunCli({"--db", other, "init"}).exit_code, 0);
  std::filesystem::remove(db_ + ".audit-key");
  std::filesystem::remove(db_ + ".audit-key.checkpoint");
  std::filesystem::copy_file(other + ".audit-key", db_ + ".audit-key");
  Sql("ATTACH '" + other +
      "' AS o; DELETE FROM audit_checkpoints; "
      "INSERT INTO audit_checkpoints SELECT * FROM o.audit_checkpoints; "
      "UPDATE meta SET value = (SELECT value FROM o.meta WHERE key = 'audit.public_key') "
      "WHERE key = 'audit.public_key'; DELETE FROM audit WHERE seq BETWEEN 10 AND 12;");
  Relink();
  ExpectCaught(Witnessed::kAlarm);
  EXPECT_EQ(Cli({"audit", "verify"}).exit_code, 0)
      << "without --key, the key beside the store is trusted: this is why --key exists";
}

TEST_F(AuditAttackTest, TheSignersOwnRecordCatchesARollbackTheStoreHides) {
  // The store is rolled back to an earlier checkpoint, every trace of the later ones removed;
  // the signer's record beside the key (and the witness) still know the larger size.
  Sql("DELETE FROM audit_checkpoints WHERE size > 0 AND size < (SELECT max(size) FROM "
      "audit_checkpoints)");
  const int64_t keep = 5;
  Sql("DELETE FROM audit WHERE seq > " + std::to_string(keep) +
      "; DELETE FROM audit_hashes WHERE idx >= " + std::to_string(audit::StoredHashCount(keep)) +
      "; DELETE FROM audit_checkpoints WHERE size > 0;");
  ExpectCaught(Witnessed::kAlarm);
}

// Growth (issue 11): the oldest entries move out of the store into segment files, and the log
// stays verifiable against the same checkpoints; moving them out hides nothing.

TEST_F(AuditAttackTest, MovedOutEntriesStillVerifyProveAndWitness) {
  CliResult archived = Cli({"audit", "archive"});
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  EXPECT_NE(archived.out.find("moved audit entries 1.."), std::string::npos) << archived.out;
  EXPECT_GT(std::stoll(Query("SELECT min(seq) FROM audit")), 1) << "the rows left the store";
  ASSERT_EQ(Cli({"user", "add", "eve", "--clearance", "PUBLIC"}).exit_code, 0);
  ASSERT_EQ(Cli({"audit", "archive"}).exit_code, 0) << "a second segment continues the first";
  EXPECT_EQ(Query("SELECT count(*) FROM audit_segments"), "2");
  CliResult verify = VerifyWithKey();
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("entries are in segment files outside the store, each checked"),
            std::string::npos)
      << verify.out;
  CliResult witness = Witness();
  EXPECT_EQ(witness.exit_code, 0) << witness.err;
  CliResult proof = Cli({"audit", "proof", "inclusion", "--index", "0"});
  EXPECT_EQ(proof.exit_code, 0) << proof.err << ": the tree still proves moved-out entries";
}

TEST_F(AuditAttackTest, MovedSegmentFilesAreNamedOrCheckedByTheirTreeHashesOnly) {
  ASSERT_EQ(Cli({"audit", "archive"}).exit_code, 0);
  const std::string cold = dir_.File("cold-storage");
  std::filesystem::rename(db_ + ".audit-segments", cold);
  CliResult missing = VerifyWithKey();
  EXPECT_EQ(missing.exit_code, 1) << missing.out;
  EXPECT_NE(missing.err.find("pass --segments DIR"), std::string::npos) << missing.err;
  CliResult found = Cli({"audit", "verify", "--key", key_, "--segments", cold});
  EXPECT_EQ(found.exit_code, 0) << found.err;
  CliResult tree_only = Cli({"audit", "verify", "--key", key_, "--without-segments"});
  EXPECT_EQ(tree_only.exit_code, 0) << tree_only.err;
  EXPECT_NE(tree_only.out.find("checked by their tree hashes only"), std::string::npos)
      << tree_only.out;
}

TEST_F(AuditAttackTest, AnEntryRewrittenInASegmentFileWithItsDigestUpdated) {
  ASSERT_EQ(Cli({"audit", "archive"}).exit_code, 0);
  const std::string file = db_ + ".audit-segments/" + Query("SELECT file FROM audit_segments");
  std::string text = testing::ReadFileOrDie(file);
  const size_t at = text.find("\"target\":\"bob\"");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 15, "\"target\":\"bib\"");
  testing::WriteFileOrDie(file, text);
  Sql("UPDATE audit_segments SET sha256 = '" + audit::Sha256Hex(text) + "'");
  ExpectCaught(Witnessed::kOriginalTree);
}

TEST_F(AuditAttackTest, EntriesDeletedAndPassedOffAsMovedOut) {
  const std::string fifth = Query("SELECT hash FROM audit WHERE seq = 5");
  Sql("DELETE FROM audit WHERE seq <= 5; INSERT INTO audit_segments VALUES(1, 5, "
      "'audit-1-5.jsonl', '" +
      std::string(64, '0') + "', '" + fifth + "', 0)");
  ExpectCaught(Witnessed::kOriginalTree);
  CliResult tree_only = Cli({"audit", "verify", "--key", key_, "--without-segments"});
  EXPECT_EQ(tree_only.exit_code, 1) << tree_only.out;
  EXPECT_NE(tree_only.err.find("no audit.archive entry"), std::string::npos) << tree_only.err;
}

TEST_F(AuditAttackTest, ATamperedLogIsNotMovedOut) {
  Sql("UPDATE audit SET decision = 'allow' WHERE seq = 3");
  CliResult archived = Cli({"audit", "archive"});
  EXPECT_NE(archived.exit_code, 0);
  EXPECT_NE(archived.err.find("does not verify, so nothing was moved"), std::string::npos)
      << archived.err;
  EXPECT_EQ(Query("SELECT count(*) FROM audit_segments"), "0");
  EXPECT_EQ(Query("SELECT min(seq) FROM audit"), "1");
}

TEST_F(AuditAttackTest, ASegmentFileLeftByACrashBeforeTheStoreForgotIsRewritten) {
  // A crash after the file was written but before the store's transaction: the rows are still
  // in the store and the next archive writes the file again.
  const std::string last =
      Query("SELECT max(size) FROM audit_checkpoints WHERE size < (SELECT max(seq) FROM audit)");
  std::filesystem::create_directories(db_ + ".audit-segments");
  testing::WriteFileOrDie(db_ + ".audit-segments/audit-1-" + last + ".jsonl", "half a file");
  CliResult archived = Cli({"audit", "archive"});
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  EXPECT_NE(archived.out.find("1.." + last), std::string::npos) << archived.out;
  EXPECT_EQ(VerifyWithKey().exit_code, 0) << VerifyWithKey().err;
}

}  // namespace
}  // namespace chancery
