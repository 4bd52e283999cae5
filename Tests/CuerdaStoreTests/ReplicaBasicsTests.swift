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
}
