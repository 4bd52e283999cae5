import Foundation
import Testing

/// Every failure is one line on stderr, `cuerda: error: ...` (or ArgumentParser's usage
/// error), with the exit code of its kind — never a stack trace.
///
/// Exit codes (`ExitCodes` in Sources/cuerda/Cuerda.swift): 2 invalid argument or not found,
/// 3 rejected write, 4 bad bundle, signature, limit or workspace, 5 storage or I/O, 64 usage.
@Suite struct CLIErrorTests {
    @Test func rowCommandsRefuseBadInput() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        try cli.succeed(["put", "cells", "r1", "n=1", "--replica", "a.cuerda"])
        let digest = try cli.digest("a.cuerda")

        try cli.fail(["put", "nosuch", "r1", "a=1", "--replica", "a.cuerda"], code: 2, mentioning: ["no table named 'nosuch'"])
        try cli.fail(["put", "cells", "r1", "zz=1", "--replica", "a.cuerda"], code: 2, mentioning: ["no column cells.zz"])
        try cli.fail(
            ["put", "cells", "r1", "n=abc", "--replica", "a.cuerda"], code: 2, mentioning: ["'abc' is not a valid integer"])
        try cli.fail(
            ["put", "cells", "r1", "n=1.5", "--replica", "a.cuerda"], code: 2, mentioning: ["'1.5' is not a valid integer"])
        try cli.fail(
            ["put", "cells", "r1", "n=99999999999999999999", "--replica", "a.cuerda"], code: 2,
            mentioning: ["not a valid integer"])
        try cli.fail(
            ["put", "cells", "r1", "r=fast", "--replica", "a.cuerda"], code: 2, mentioning: ["'fast' is not a valid real"])
        try cli.fail(["put", "cells", "r1", "x=x'zz'", "--replica", "a.cuerda"], code: 2, mentioning: ["not a valid blob"])
        try cli.fail(["put", "cells", "r1", "n", "--replica", "a.cuerda"], code: 2, mentioning: ["'n' is not column=value"])
        try cli.fail(["put", "cells", "", "n=1", "--replica", "a.cuerda"], code: 2, mentioning: ["row ID"])
        try cli.fail(
            ["put", "cells", String(repeating: "r", count: 300), "n=1", "--replica", "a.cuerda"], code: 3,
            mentioning: ["row ID must be 1 to 256 bytes"])
        try cli.fail(["delete", "cells", "nosuch", "--replica", "a.cuerda"], code: 2, mentioning: ["no row cells/nosuch"])
        try cli.fail(["delete", "nosuch", "r1", "--replica", "a.cuerda"], code: 2, mentioning: ["nosuch"])
        try cli.fail(["show", "nosuch", "--replica", "a.cuerda"], code: 2, mentioning: ["no table named 'nosuch'"])
        try cli.fail(
            ["show", "cells", "nosuch", "--json", "--replica", "a.cuerda"], code: 2, mentioning: ["no row cells/nosuch"])
        // Nothing was written by the refused commands.
        #expect(try cli.digest("a.cuerda") == digest)
        let log = try #require(try cli.json(["log", "--json", "--replica", "a.cuerda"]) as? [Any])
        #expect(log.count == 1)
    }

    @Test func aMissingOrForeignReplicaIsAStorageError() throws {
        let cli = try CLIWorkdir()
        try cli.fail(
            ["show", "cells", "--replica", "missing.cuerda"], code: 5,
            mentioning: ["no replica at missing.cuerda", "cuerda init"])
        try cli.fail(["digest", "--replica", "missing.cuerda"], code: 5, mentioning: ["missing.cuerda"])
        try cli.fail(["put", "cells", "r1", "n=1", "--replica", "missing.cuerda"], code: 5, mentioning: ["missing.cuerda"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing.cuerda")), "a failed command created the replica")
        // Without --replica or $CUERDA_REPLICA: ./cuerda.sqlite.
        try cli.fail(["log"], code: 5, mentioning: ["cuerda.sqlite"])
        // A file that is not a SQLite database at all.
        try cli.write("notes.txt", "shopping list\n")
        try cli.fail(["show", "cells", "--replica", "notes.txt"], code: 5, mentioning: ["notes.txt"])
        // A replica whose device key file is gone.
        try cli.initReplica("a.cuerda")
        try FileManager.default.removeItem(atPath: cli.path("a.cuerda.key"))
        try cli.fail(["put", "cells", "r1", "n=1", "--replica", "a.cuerda"], code: 5, mentioning: ["a.cuerda.key"])
    }

    @Test func importRefusesWhatIsNotAGoodBundle() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        try cli.succeed(["put", "cells", "r1", "t=hello", "--replica", "a.cuerda"])
        try cli.succeed(["export", "--out", "good.bundle", "--replica", "a.cuerda"])
        try cli.initReplica("b.cuerda")  // another workspace
        try cli.succeed(["put", "cells", "r1", "t=elsewhere", "--replica", "b.cuerda"])
        let digest = try cli.digest("b.cuerda")

        try cli.write("garbage.bundle", String(repeating: "not a bundle at all ", count: 50))
        try cli.fail(["import", "garbage.bundle", "--replica", "b.cuerda"], code: 4, mentioning: ["not a Cuerda bundle"])
        try cli.write("empty.bundle", "")
        try cli.fail(["import", "empty.bundle", "--replica", "b.cuerda"], code: 4)
        let good = try Data(contentsOf: URL(fileURLWithPath: cli.path("good.bundle")))
        try good.prefix(good.count - 10).write(to: URL(fileURLWithPath: cli.path("cut.bundle")))
        try cli.fail(["import", "cut.bundle", "--replica", "b.cuerda"], code: 4, mentioning: ["cut short"])
        var flipped = good
        flipped[good.count / 2] ^= 0x10
        try flipped.write(to: URL(fileURLWithPath: cli.path("flipped.bundle")))
        try cli.fail(["import", "flipped.bundle", "--replica", "b.cuerda"], code: 4, mentioning: ["signature"])
        try cli.fail(["import", "good.bundle", "--replica", "b.cuerda"], code: 4, mentioning: ["workspace"])
        try cli.fail(["import", "missing.bundle", "--replica", "b.cuerda"], code: 5, mentioning: ["cannot read missing.bundle"])
        #expect(try cli.digest("b.cuerda") == digest, "a refused import changed the replica")

        // init --from refuses the same files and leaves no replica behind.
        try cli.fail(["init", "--from", "garbage.bundle", "--replica", "c.cuerda"], code: 4, mentioning: ["not a Cuerda bundle"])
        try cli.fail(["init", "--from", "cut.bundle", "--replica", "c.cuerda"], code: 4)
        try cli.fail(["init", "--from", "missing.bundle", "--replica", "c.cuerda"], code: 5, mentioning: ["missing.bundle"])
        for suffix in ["", "-wal", "-shm", ".key"] {
            #expect(!FileManager.default.fileExists(atPath: cli.path("c.cuerda" + suffix)), "c.cuerda\(suffix) left behind")
        }
    }

    @Test func initRefusesBadSchemasAndExistingFiles() throws {
        let cli = try CLIWorkdir()
        try cli.write("bad.json", "{ this is not json")
        try cli.fail(
            ["init", "--schema", "bad.json", "--replica", "a.cuerda"], code: 2, mentioning: ["bad.json is not a valid schema"])
        try cli.write("incomplete.json", #"{"name": "crm", "version": 1}"#)
        try cli.fail(["init", "--schema", "incomplete.json", "--replica", "a.cuerda"], code: 2, mentioning: ["tables"])
        try cli.write(
            "reserved.json",
            #"{"name": "crm", "version": 1, "tables": [{"name": "_cuerda_x", "audience": "all", "columns": []}]}"#)
        try cli.fail(["init", "--schema", "reserved.json", "--replica", "a.cuerda"], code: 2, mentioning: ["_cuerda_x"])
        try cli.fail(
            ["init", "--schema", "missing.json", "--replica", "a.cuerda"], code: 5, mentioning: ["cannot read missing.json"])
        for suffix in ["", "-wal", "-shm", ".key"] {
            #expect(!FileManager.default.fileExists(atPath: cli.path("a.cuerda" + suffix)), "a.cuerda\(suffix) left behind")
        }
        try cli.initReplica("a.cuerda")
        let digest = try cli.digest("a.cuerda")
        try cli.fail(["init", "--schema", "schema.json", "--replica", "a.cuerda"], code: 5, mentioning: ["already exists"])
        #expect(try cli.digest("a.cuerda") == digest)
    }

    @Test func initNeedsATeamASchemaOrABundle() throws {
        let cli = try CLIWorkdir()
        try cli.write("schema.json", CLIWorkdir.schemaJSON)
        try cli.usageError(["init", "--replica", "a.cuerda"], mentioning: ["give --team", "--schema or --from"])
        try cli.usageError(
            ["init", "--schema", "schema.json", "--from", "x.bundle", "--replica", "a.cuerda"],
            mentioning: ["--schema or --from, not both"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("a.cuerda")))
    }

    @Test func exportRefusesBadVectorsAndAudiences() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        try cli.write("bad.vector", "[{\"device\": \"zz\", \"audience\": \"all\", \"seq\": 1}]")
        try cli.fail(
            ["export", "--since", "bad.vector", "--out", "x.bundle", "--replica", "a.cuerda"], code: 2, mentioning: ["zz"])
        try cli.write("notjson.vector", "seq=1")
        try cli.fail(
            ["export", "--since", "notjson.vector", "--out", "x.bundle", "--replica", "a.cuerda"], code: 2,
            mentioning: ["not a vector file"])
        try cli.fail(
            ["export", "--since", "missing.vector", "--out", "x.bundle", "--replica", "a.cuerda"], code: 5,
            mentioning: ["cannot read missing.vector"])
        try cli.fail(
            ["export", "--audience", "team:BAD", "--out", "x.bundle", "--replica", "a.cuerda"], code: 2, mentioning: ["team:BAD"])
        try cli.fail(["export", "--out", "no/such/dir/x.bundle", "--replica", "a.cuerda"], code: 5, mentioning: ["cannot write"])
        try cli.fail(["vector", "--out", "no/such/dir/v", "--replica", "a.cuerda"], code: 5, mentioning: ["cannot write"])
        try cli.fail(["digest", "--audience", "everyone", "--replica", "a.cuerda"], code: 2, mentioning: ["everyone"])
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.bundle")))
    }

    @Test func argumentErrorsAreUsageErrors() throws {
        let cli = try CLIWorkdir()
        try cli.usageError(["nosuch"], mentioning: ["nosuch"])
        try cli.usageError(["put"], mentioning: ["<table>"])
        try cli.usageError(["put", "cells"], mentioning: ["<id>"])
        try cli.usageError(["import"], mentioning: ["<file>"])
        try cli.usageError(["export"], mentioning: ["--out"])
        try cli.usageError(["log", "--limit", "many"], mentioning: ["many"])
        try cli.usageError(["show", "cells", "--colour"], mentioning: ["--colour"])
    }
}
