import Foundation
import Testing

/// The built `cuerda` binary, driven the way a user drives it: init, put, show, export,
/// import, vector, digest, log, quarantine.
@Suite struct CLIWorkflowTests {
    @Test func initPutShowAndDelete() throws {
        let cli = try CLIWorkdir()
        let workspace = try cli.initReplica("a.cuerda")
        #expect(isHex(workspace, length: 32), "workspace ID \(workspace)")
        #expect(FileManager.default.fileExists(atPath: cli.path("a.cuerda")))
        // The device key lives beside the replica, readable by its owner only.
        let key = try FileManager.default.attributesOfItem(atPath: cli.path("a.cuerda.key"))
        #expect((key[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "key file permissions \(key[.posixPermissions] ?? "?")")

        #expect(
            try cli.succeed(["put", "cells", "r1", "n=42", "t=hello", "r=1.5", "x=x'00ff'", "a=7", "--replica", "a.cuerda"])
                == "Created cells/r1\n")
        #expect(try cli.succeed(["put", "cells", "r1", "t=world", "--replica", "a.cuerda"]) == "Updated cells/r1\n")
        try cli.succeed(["put", "cells", "r2", "a=x'0a0b'", "--replica", "a.cuerda"])
        try cli.succeed(["put", "cells", "r3", "a=2.5", "t=null", "--replica", "a.cuerda"])
        try cli.succeed(["put", "cells", "r4", "a=plain words", "--replica", "a.cuerda"])
        try cli.succeed(["put", "grades", "g1", "need=leads", "letter=A", "--replica", "a.cuerda"])

        let r1 = try #require(try cli.json(["show", "cells", "r1", "--json", "--replica", "a.cuerda"]) as? [String: Any])
        #expect(r1.string("id") == "r1")
        #expect(r1.int("n") == 42)
        #expect(r1.string("t") == "world")
        #expect(r1.double("r") == 1.5)
        #expect(r1.string("x") == "x'00ff'")
        #expect(r1.int("a") == 7)

        let all = try #require(try cli.json(["show", "cells", "--json", "--replica", "a.cuerda"]) as? [[String: Any]])
        #expect(all.compactMap { $0.string("id") } == ["r1", "r2", "r3", "r4"])
        #expect(all[1].string("a") == "x'0a0b'" && all[1].isNull("n"))
        #expect(all[2].double("a") == 2.5 && all[2].isNull("t"))
        #expect(all[3].string("a") == "plain words")

        let text = try cli.succeed(["show", "cells", "--replica", "a.cuerda"]).split(separator: "\n")
        #expect(text.first?.split(separator: " ").map(String.init) == ["id", "a", "n", "r", "t", "x"])
        let line = try #require(text.first { $0.hasPrefix("r1 ") }).split(separator: " ").map(String.init)
        #expect(line == ["r1", "7", "42", "1.5", "world", "x'00ff'"])

        let grade = try #require(try cli.json(["show", "grades", "g1", "--json", "--replica", "a.cuerda"]) as? [String: Any])
        #expect(grade.string("letter") == "A" && grade["letter_siblings"] == nil)

        #expect(try cli.succeed(["delete", "cells", "r3", "--replica", "a.cuerda"]) == "Deleted cells/r3\n")
        let left = try #require(try cli.json(["show", "cells", "--json", "--replica", "a.cuerda"]) as? [[String: Any]])
        #expect(left.compactMap { $0.string("id") } == ["r1", "r2", "r4"])
        try cli.fail(["show", "cells", "r3", "--replica", "a.cuerda"], code: 2, mentioning: ["cells/r3"])

        // The replica comes from --replica, else $CUERDA_REPLICA, else ./cuerda.sqlite.
        let digest = try cli.digest("a.cuerda")
        #expect(isHex(digest, length: 64), "digest \(digest)")
        #expect(try cli.succeed(["digest"], environment: ["CUERDA_REPLICA": "a.cuerda"]) == digest + "\n")
        try cli.initReplica("cuerda.sqlite")
        #expect(try cli.succeed(["digest"]) != digest + "\n")
        #expect(
            (try cli.json(["show", "cells", "--json"]) as? [Any])?.isEmpty == true, "./cuerda.sqlite is a new, empty replica")
    }

    @Test func exportAndImportBetweenTwoReplicasConverge() throws {
        let cli = try CLIWorkdir()
        let workspace = try cli.initReplica("a.cuerda")
        try cli.succeed(["put", "cells", "c1", "t=from a", "n=1", "--replica", "a.cuerda"])
        try cli.succeed(["put", "notes", "n1", "body=team only", "--replica", "a.cuerda"])
        try cli.succeed(["put", "grades", "g1", "need=leads", "letter=A", "--replica", "a.cuerda"])
        // By default only the shared audience leaves: the team's note stays behind.
        let shared = try cli.succeed(["export", "--out", "shared.bundle", "--replica", "a.cuerda"])
        #expect(CLIWorkdir.wroteCount(shared) == 2, "\(shared)")
        #expect(shared.hasSuffix("to shared.bundle\n"))
        let joined = try cli.succeed(["init", "--from", "shared.bundle", "--replica", "b.cuerda"])
        #expect(joined.hasPrefix("Joined workspace \(workspace) as device "), "\(joined)")
        #expect(joined.contains("received 2, applied 2"), "\(joined)")
        #expect((try cli.json(["show", "notes", "--json", "--replica", "b.cuerda"]) as? [Any])?.isEmpty == true)
        #expect(
            try cli.succeed(["digest", "--audience", "all", "--replica", "a.cuerda"])
                == cli.succeed(["digest", "--audience", "all", "--replica", "b.cuerda"]))
        #expect(try cli.digest("a.cuerda") != cli.digest("b.cuerda"), "b lacks the team's table")

        // Named, the team audience goes too.
        let team = try cli.succeed([
            "export", "--audience", "all", "--audience", "team:sales", "--out", "team.bundle", "--replica", "a.cuerda",
        ])
        #expect(CLIWorkdir.wroteCount(team) == 3, "\(team)")
        let intoB0 = try #require(try cli.json(["import", "team.bundle", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(intoB0.int("received") == 3 && intoB0.int("applied") == 1 && intoB0.int("duplicates") == 2, "\(intoB0)")
        #expect(try cli.digest("a.cuerda") == cli.digest("b.cuerda"))

        // Both write, including concurrent grades of the same need (a multi-value conflict).
        try cli.succeed(["put", "grades", "g1", "letter=C", "--replica", "a.cuerda"])
        try cli.succeed(["put", "grades", "g1", "letter=B", "--replica", "b.cuerda"])
        try cli.succeed(["put", "cells", "c2", "t=from b", "--replica", "b.cuerda"])
        try cli.succeed(["export", "--out", "b.bundle", "--replica", "b.cuerda"])
        let intoA = try #require(try cli.json(["import", "b.bundle", "--json", "--replica", "a.cuerda"]) as? [String: Any])
        #expect(intoA.int("received") == 4 && intoA.int("applied") == 2 && intoA.int("duplicates") == 2, "\(intoA)")
        #expect(intoA.int("quarantined") == 0 && intoA.int("pending") == 0 && intoA.int("forks") == 0, "\(intoA)")
        try cli.succeed(["export", "--out", "a.bundle", "--replica", "a.cuerda"])
        let intoB = try cli.succeed(["import", "a.bundle", "--replica", "b.cuerda"])
        #expect(intoB.hasPrefix("Imported a.bundle: received 5, applied 1"), "\(intoB)")
        #expect(try cli.digest("a.cuerda") == cli.digest("b.cuerda"))

        for replica in ["a.cuerda", "b.cuerda"] {
            let grade = try #require(try cli.json(["show", "grades", "g1", "--json", "--replica", replica]) as? [String: Any])
            let siblings = try #require(grade["letter_siblings"] as? [String], "\(replica): \(grade)")
            #expect(Set(siblings) == ["B", "C"], "\(replica)")
            #expect(siblings.first == grade.string("letter"), "\(replica): the shown value is the first sibling")
            #expect(try cli.succeed(["show", "grades", "--replica", replica]).contains("(conflict: "), "\(replica)")
            let notes = try #require(try cli.json(["show", "notes", "--json", "--replica", replica]) as? [[String: Any]])
            #expect(notes.compactMap { $0.string("body") } == ["team only"], "\(replica)")
        }

        // The same bundle again changes nothing.
        let before = try cli.digest("a.cuerda")
        let again = try #require(try cli.json(["import", "b.bundle", "--json", "--replica", "a.cuerda"]) as? [String: Any])
        #expect(again.int("applied") == 0 && again.int("duplicates") == again.int("received"), "\(again)")
        #expect(try cli.digest("a.cuerda") == before)
    }

    @Test func aVectorAndExportSinceGiveASmallerBundle() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        for i in 0..<5 {
            try cli.succeed([
                "put", "cells", "r\(i)", "t=\(String(repeating: "first \(i) ", count: 20))", "--replica", "a.cuerda",
            ])
        }
        try cli.succeed(["export", "--out", "first.bundle", "--replica", "a.cuerda"])
        try cli.succeed(["init", "--from", "first.bundle", "--replica", "b.cuerda"])
        for i in 5..<8 { try cli.succeed(["put", "cells", "r\(i)", "n=\(i)", "--replica", "a.cuerda"]) }

        #expect(
            try cli.succeed(["vector", "--out", "b.vector", "--replica", "b.cuerda"]) == "Wrote vector of 1 feeds to b.vector\n")
        let saved = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: cli.path("b.vector"))))
                as? [[String: Any]])
        #expect(saved.count == 1 && saved.first?.int("seq") == 5 && saved.first?.string("audience") == "all", "\(saved)")
        #expect(saved.first.flatMap { $0.string("device") }.map { isHex($0, length: 64) } == true)

        let delta = try cli.succeed(["export", "--since", "b.vector", "--out", "delta.bundle", "--replica", "a.cuerda"])
        let full = try cli.succeed(["export", "--out", "full.bundle", "--replica", "a.cuerda"])
        #expect(CLIWorkdir.wroteCount(delta) == 3, "\(delta)")
        #expect(CLIWorkdir.wroteCount(full) == 8, "\(full)")
        #expect(try cli.size("delta.bundle") < cli.size("full.bundle"))

        let report = try #require(try cli.json(["import", "delta.bundle", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(report.int("received") == 3 && report.int("applied") == 3, "\(report)")
        #expect(try cli.digest("a.cuerda") == cli.digest("b.cuerda"))
        let vectorA = try #require(try cli.json(["vector", "--replica", "a.cuerda"]) as? [[String: Any]])
        let vectorB = try #require(try cli.json(["vector", "--replica", "b.cuerda"]) as? [[String: Any]])
        #expect(
            vectorA.map { $0.int("seq") } == [8] && vectorA.map { $0.string("device") } == vectorB.map { $0.string("device") })
        #expect(vectorA.map { $0.int("seq") } == vectorB.map { $0.int("seq") })

        // Nothing new since b's vector now.
        try cli.succeed(["vector", "--out", "b.vector", "--replica", "b.cuerda"])
        let nothing = try cli.succeed(["export", "--since", "b.vector", "--out", "empty.bundle", "--replica", "a.cuerda"])
        #expect(CLIWorkdir.wroteCount(nothing) == 0, "\(nothing)")
        let empty = try #require(try cli.json(["import", "empty.bundle", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(empty.int("received") == 0 && empty.int("applied") == 0, "\(empty)")
    }

    @Test func logAndQuarantineAsJSON() throws {
        let cli = try CLIWorkdir()
        try cli.initReplica("a.cuerda")
        for i in 1...3 { try cli.succeed(["put", "cells", "r\(i)", "n=\(i)", "t=x", "--replica", "a.cuerda"]) }
        let log = try #require(try cli.json(["log", "--json", "--replica", "a.cuerda"]) as? [[String: Any]])
        #expect(log.compactMap { $0.int("seq") } == [3, 2, 1], "newest first: \(log)")
        for entry in log {
            #expect(entry.string("state") == "applied" && entry.string("audience") == "all", "\(entry)")
            #expect(entry.int("rows") == 1 && entry.int("cells") == 2, "\(entry)")
            #expect(
                entry.string("id").map { isHex($0, length: 64) } == true
                    && entry.string("device").map { isHex($0, length: 64) } == true)
            #expect(entry["hlc"] is NSNumber && entry["reason"] == nil, "\(entry)")
        }
        let limited = try #require(try cli.json(["log", "--limit", "2", "--json", "--replica", "a.cuerda"]) as? [[String: Any]])
        #expect(limited.compactMap { $0.int("seq") } == [3, 2])
        let text = try cli.succeed(["log", "--replica", "a.cuerda"]).split(separator: "\n")
        #expect(text.count == 4 && text[0].hasPrefix("commit") && text[1].contains("applied"), "\(text)")

        try cli.succeed(["export", "--out", "base.bundle", "--replica", "a.cuerda"])
        try cli.succeed(["init", "--from", "base.bundle", "--replica", "b.cuerda"])
        #expect(try cli.succeed(["quarantine", "--replica", "b.cuerda"]) == "No quarantined commits.\n")
        #expect((try cli.json(["quarantine", "--json", "--replica", "b.cuerda"]) as? [Any])?.isEmpty == true)

        // A restored copy of a's files is the same device: both sign a commit #4, a fork.
        for suffix in ["", "-wal", ".key"] where FileManager.default.fileExists(atPath: cli.path("a.cuerda" + suffix)) {
            try FileManager.default.copyItem(atPath: cli.path("a.cuerda" + suffix), toPath: cli.path("copy.cuerda" + suffix))
        }
        try cli.succeed(["put", "cells", "x1", "t=original", "--replica", "a.cuerda"])
        try cli.succeed(["put", "cells", "x2", "t=copy", "--replica", "copy.cuerda"])
        try cli.succeed(["export", "--out", "original.bundle", "--replica", "a.cuerda"])
        try cli.succeed(["export", "--out", "copy.bundle", "--replica", "copy.cuerda"])
        let first = try #require(
            try cli.json(["import", "original.bundle", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(first.int("applied") == 1 && first.int("forks") == 0, "\(first)")
        let second = try #require(try cli.json(["import", "copy.bundle", "--json", "--replica", "b.cuerda"]) as? [String: Any])
        #expect(second.int("forks") == 1 && second.int("quarantined") == 1 && second.int("applied") == 0, "\(second)")

        let quarantined = try #require(try cli.json(["quarantine", "--json", "--replica", "b.cuerda"]) as? [[String: Any]])
        #expect(quarantined.count == 2, "both branches: \(quarantined)")
        for entry in quarantined {
            #expect(entry.string("state") == "quarantined" && entry.int("seq") == 4, "\(entry)")
            #expect(entry.string("reason")?.hasPrefix("fork: ") == true, "\(entry)")
        }
        #expect(try cli.succeed(["quarantine", "--replica", "b.cuerda"]).contains("fork: device"))
        let rows = try #require(try cli.json(["show", "cells", "--json", "--replica", "b.cuerda"]) as? [[String: Any]])
        #expect(rows.compactMap { $0.string("id") } == ["r1", "r2", "r3"], "neither branch applies")
        let states = try #require(try cli.json(["log", "--json", "--replica", "b.cuerda"]) as? [[String: Any]])
        #expect(
            states.map { $0.string("state") ?? "?" }.sorted() == ["applied", "applied", "applied", "quarantined", "quarantined"])

        // Another replica hearing of the branches in the other order ends the same.
        try cli.succeed(["init", "--from", "copy.bundle", "--replica", "c.cuerda"])
        try cli.succeed(["import", "original.bundle", "--replica", "c.cuerda"])
        #expect(try cli.digest("c.cuerda") == cli.digest("b.cuerda"))
        let quarantinedC = try #require(try cli.json(["quarantine", "--json", "--replica", "c.cuerda"]) as? [[String: Any]])
        #expect(Set(quarantinedC.compactMap { $0.string("id") }) == Set(quarantined.compactMap { $0.string("id") }))
    }
}
