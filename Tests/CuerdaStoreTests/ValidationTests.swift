import CuerdaCore
import CuerdaTestSupport
import Testing

@testable import CuerdaStore

/// Commits that no honest writer makes are refused the same way everywhere, and no local
/// situation makes a replica refuse or fork its own writes.
@Suite struct ValidationTests {
    @Test func ownWritesNeverWaitForTheClockEvenAfterItWasSetBack() throws {
        let dir = TemporaryDirectory()
        let path = dir.file("r")
        let wall = ManualClock()
        var generator = SystemRandomNumberGenerator()
        let ahead = ManualClock(wall.milliseconds + 60 * 60 * 1000)
        let first = try Replica.create(
            at: path, workspace: .random(using: &generator), schema: Fixtures.schema, options: .init(wallClock: ahead.wallClock))
        try first.write { tx in try tx.insert("cells", id: "x", ["a": .integer(1)]) }
        // The machine's clock is corrected an hour back; the stored clock stays ahead.
        let reopened = try Replica.open(at: path, options: .init(wallClock: wall.wallClock))
        try reopened.write { tx in try tx.update("cells", id: "x", ["a": .integer(2)]) }
        try reopened.write { tx in try tx.update("cells", id: "x", ["a": .integer(3)]) }
        #expect(try reopened.pendingCount() == 0)
        #expect(try reopened.quarantine().isEmpty)
        #expect(try reopened.row("cells", id: "x")?["a"] == .integer(3))
    }

    @Test func anOversizeLocalChangeIsRefusedBeforeAnyCommit() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        let vector = try r.vector()
        do {
            try r.write { tx in
                try tx.insert("cells", id: "big", ["t": .text(String(repeating: "x", count: SignedCommit.maxBytes))])
            }
            Issue.record("an oversize commit was written")
        } catch let error as CuerdaError {
            #expect(error.code == .limitExceeded)
        }
        #expect(try r.vector() == vector)
        #expect(try r.row("cells", id: "big") == nil)
    }

    @Test func aCommitThatDependsOnItselfIsQuarantinedNotStuck() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        let key = DeviceKey()
        let feed = FeedID(device: key.id, audience: .all)
        let commit = CommitContent(
            workspace: r.workspace, feed: feed, seq: 1, hlc: Timestamp(milliseconds: 1_000, counter: 0),
            deps: VersionVector([feed: 5]), rows: [RowOp(table: "cells", row: "x", life: 1)])
        let report = try r.ingest([commit.signed(by: key)])
        #expect(report.pending == 0 && report.quarantined == 1)
        #expect(try r.quarantine().first?.reason?.contains("own feed") == true)
    }

    /// Numbers SQLite cannot hold as signed 64-bit integers, signed by a real key: refused as
    /// malformed before anything is stored, instead of trapping on conversion (which would
    /// stop a hub, or block every later import that delivers the commit's predecessor).
    @Test(arguments: [VersionVector.maxSeq + 1, UInt64(Int64.max) + 1, UInt64.max])
    func hugeSequenceNumbersAndCausalLengthsAreRefusedAsMalformed(huge: UInt64) throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        let key = DeviceKey()
        let feed = FeedID(device: key.id, audience: .all)
        func commit(seq: UInt64, life: UInt64, deps: VersionVector = VersionVector()) -> SignedCommit {
            CommitContent(
                workspace: r.workspace, feed: feed, seq: seq, hlc: Timestamp(milliseconds: 1_000, counter: 0), deps: deps,
                rows: [RowOp(table: "cells", row: "x", life: life)]
            ).signed(by: key)
        }
        let other = FeedID(device: DeviceKey().id, audience: .all)
        let (before, vector) = (try r.digest(), try r.vector())
        for bad in [
            commit(seq: huge, life: 1), commit(seq: 1, life: huge), commit(seq: 1, life: 1, deps: VersionVector([other: huge])),
        ] {
            #expect(throws: CuerdaError.self) { try r.ingest([bad]) }
            do throws(CuerdaError) {
                try r.importBundle(BundleReader(bytes: Self.bundle(of: [bad], from: key, workspace: r.workspace)))
                Issue.record("a bundle holding a commit with \(huge) was imported")
            } catch {
                #expect(error.code == .badBundle || error.code == .malformed, "\(error)")
            }
        }
        #expect(try r.digest() == before && r.vector() == vector)
        #expect(try r.log(limit: 100).allSatisfy { $0.feed != feed }, "nothing of the bad feed was stored")
        // The largest accepted number still works end to end.
        #expect(try r.ingest([commit(seq: 1, life: VersionVector.maxSeq)]).applied == 1)
    }

    static func bundle(of commits: [SignedCommit], from key: DeviceKey, workspace: WorkspaceID) -> [UInt8] {
        var writer = BundleWriter()
        for commit in commits { writer.append(commit) }
        let header = BundleHeader(
            workspace: workspace, sender: key.id, audiences: [.all], base: VersionVector(), commitCount: 0, bodyLength: 0,
            created: 0, schema: [], charterBytes: [])
        return writer.finish(header: header, signer: key)
    }

    @Test func invalidCommitsAreQuarantinedWithTheirReason() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(1, in: dir)[0]
        let key = DeviceKey()
        let all = FeedID(device: key.id, audience: .all)
        let sales = FeedID(device: DeviceKey().id, audience: try .team("sales"))
        func commit(_ seq: UInt64, _ hlc: UInt64, deps: VersionVector = VersionVector(), _ rows: [RowOp]) -> SignedCommit {
            CommitContent(
                workspace: r.workspace, feed: all, seq: seq, hlc: Timestamp(milliseconds: hlc, counter: 0), deps: deps, rows: rows
            ).signed(by: key)
        }
        let cases: [(SignedCommit, String)] = [
            (commit(1, 10, [RowOp(table: "nope", row: "x", life: 1)]), "unknown table"),
            (
                commit(2, 20, [RowOp(table: "cells", row: "x", life: 1, cells: [CellWrite(column: "n", value: .text("1"))])]),
                "is integer"
            ),
            (commit(3, 30, [RowOp(table: "notes", row: "x", life: 1)]), "belongs to audience"),
            (commit(4, 25, [RowOp(table: "cells", row: "y", life: 1)]), "does not advance"),
            (commit(5, 50, [RowOp(table: "cells", row: "z", life: 1), RowOp(table: "cells", row: "z")]), "changed twice"),
            (commit(6, 60, [RowOp(table: "cells", row: "", life: 1)]), "row ID"),
            (commit(7, 70, deps: VersionVector([sales: 1]), [RowOp(table: "cells", row: "w", life: 1)]), "may not depend"),
        ]
        let report = try r.ingest(cases.map(\.0))
        #expect(report.quarantined == cases.count && report.applied == 0)
        let reasons = try r.quarantine().sorted { $0.seq < $1.seq }.map { $0.reason ?? "" }
        for ((_, expected), reason) in zip(cases, reasons) {
            #expect(reason.contains(expected), "expected '\(expected)' in '\(reason)'")
        }
        // Quarantined commits keep the feed gap-free: the next valid commit applies.
        #expect(try r.ingest([commit(8, 80, [RowOp(table: "cells", row: "ok", life: 1)])]).applied == 1)
        #expect(try r.rowIDs("cells") == ["ok"])
    }

    @Test func aBundleCarryingAnUndeclaredAudienceIsRefused() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        try r[0].write { tx in try tx.insert("notes", id: "private", ["body": .text("sales only")]) }
        var writer = BundleWriter()
        try r[0].forEachCommit { for commit in $0 { writer.append(commit) } }
        let header = BundleHeader(
            workspace: r[0].workspace, sender: r[0].device.id, audiences: [.all], base: VersionVector(), commitCount: 0,
            bodyLength: 0, created: 0, schema: [])
        let bytes = writer.finish(header: header, signer: r[0].device)
        let before = try r[1].digest()
        #expect {
            try r[1].importBundle(BundleReader(bytes: bytes))
        } throws: { error in
            (error as? CuerdaError)?.code == .badBundle
        }
        #expect(try r[1].digest() == before)
        #expect(try r[1].rowIDs("notes").isEmpty)
    }
}
