import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

@Suite struct ReplicaBasicsTests {
    @Test func writeExportImportConverges() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        let id = try r[0].write { tx in try tx.insert("cells", ["a": .integer(1), "t": .text("hello")]) }
        try r[1].write { tx in try tx.insert("cells", id: "other", ["a": .integer(2)]) }
        try Fixtures.syncAll(r)
        #expect(try r[1].row("cells", id: id)?["t"] == .text("hello"))
        #expect(try r[0].row("cells", id: "other")?["a"] == .integer(2))
        #expect(try r[0].digest() == r[1].digest())
        let report = try r[1].importBundle(BundleReader(bytes: r[0].bundle()))
        #expect(report.applied == 0)
        #expect(report.duplicates == report.received)
    }
}

extension ReplicaBasicsTests {
    /// A commit that already left in a bundle must survive a power cut, or the device would
    /// reuse its seq and fork: every connection runs with synchronous = FULL (2), in WAL mode.
    @Test func replicasAreOpenedDurably() throws {
        let dir = TemporaryDirectory()
        let created = try Fixtures.replicas(1, in: dir)[0]
        let reopened = try Replica.open(at: created.path)
        for replica in [created, reopened] {
            #expect(try replica.pragma("synchronous") == "2")
            #expect(try replica.pragma("journal_mode") == "wal")
        }
    }

    /// Row IDs are bytes: "café" with a precomposed "é" and with "e" plus a combining accent
    /// are two rows, as SQLite keeps them, whether they arrive in one batch, in two, or are
    /// written in one transaction (Swift's `String ==` calls them equal).
    @Test func canonicallyEquivalentRowIDsAreDistinctRowsEverywhere() throws {
        let dir = TemporaryDirectory()
        let replicas = try Fixtures.replicas(4, in: dir)
        let (a, oneBatch, twoBatches, oneWrite) = (replicas[0], replicas[1], replicas[2], replicas[3])
        let (composed, decomposed) = ("caf\u{e9}", "cafe\u{301}")
        #expect(composed == decomposed && !composed.utf8.elementsEqual(decomposed.utf8))
        try a.write { tx in try tx.insert("cells", id: composed, ["a": .integer(1)]) }
        try a.write { tx in try tx.insert("cells", id: decomposed, ["a": .integer(2)]) }
        var commits: [SignedCommit] = []
        try a.forEachCommit { commits += $0 }
        try oneBatch.ingest(commits)
        for commit in commits { try twoBatches.ingest([commit]) }
        try oneWrite.write { tx in
            try tx.insert("cells", id: composed, ["a": .integer(1)])
            try tx.insert("cells", id: decomposed, ["a": .integer(2)])
        }
        for replica in [a, oneBatch, twoBatches, oneWrite] {
            let ids = try replica.rowIDs("cells")
            #expect(ids.count == 2, "\(replica.path): \(ids.map { Array($0.utf8) })")
            #expect(try replica.row("cells", id: composed)?["a"] == .integer(1), "\(replica.path)")
            #expect(try replica.row("cells", id: decomposed)?["a"] == .integer(2), "\(replica.path)")
        }
        #expect(try Set([a, oneBatch, twoBatches].map { try $0.digest() }).count == 1)
    }
}
