import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

@Suite struct DeliveryTests {
    static func commits(of replica: Replica) throws -> [SignedCommit] {
        var all: [SignedCommit] = []
        try replica.forEachCommit { all += $0 }
        return all
    }

    @Test func aCommitWaitsForItsFeedPredecessor() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        try r[0].write { tx in try tx.insert("cells", id: "x", ["a": .integer(1)]) }
        try r[0].write { tx in try tx.update("cells", id: "x", ["a": .integer(2)]) }
        let log = try Self.commits(of: r[0])
        let second = try r[1].ingest([log[1]])
        #expect(second.applied == 0 && second.pending == 1)
        #expect(try r[1].row("cells", id: "x") == nil)
        let first = try r[1].ingest([log[0]])
        #expect(first.applied == 2 && first.pending == 0)
        #expect(try r[1].row("cells", id: "x")?["a"] == .integer(2))
    }

    @Test func aCommitWaitsForItsDependenciesOnOtherFeeds() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(3, in: dir)
        try r[0].write { tx in try tx.insert("cells", id: "x", ["a": .integer(1)]) }
        try r[1].importBundle(BundleReader(bytes: r[0].bundle()))
        try r[1].write { tx in try tx.update("cells", id: "x", ["b": .text("after x")]) }
        let fromB = try Self.commits(of: r[1]).filter { try $0.decode().feed.device == r[1].device.id }
        #expect(try r[2].ingest(fromB).pending == 1)
        #expect(try r[2].row("cells", id: "x") == nil)
        let report = try r[2].importBundle(BundleReader(bytes: r[0].bundle()))
        #expect(report.applied == 2)
        #expect(try r[2].row("cells", id: "x")?["b"] == .text("after x"))
        #expect(try r[2].digest() == r[1].digest())
    }

    @Test func aFarFutureCommitWaitsForTheClock() throws {
        let dir = TemporaryDirectory()
        let local = ManualClock()
        let ahead = ManualClock(local.milliseconds + 60 * 60 * 1000)  // an hour ahead
        var generator = SystemRandomNumberGenerator()
        let workspace = WorkspaceID.random(using: &generator)
        let fast = try Replica.create(
            at: dir.file("fast"), workspace: workspace, schema: Fixtures.schema, options: .init(wallClock: ahead.wallClock))
        let slow = try Replica.create(
            at: dir.file("slow"), workspace: workspace, schema: Fixtures.schema, options: .init(wallClock: local.wallClock))
        try fast.write { tx in try tx.insert("cells", id: "x", ["a": .text("from the future")]) }
        let report = try slow.importBundle(BundleReader(bytes: fast.bundle()))
        #expect(report.pending == 1 && report.applied == 0)
        local.advance(by: 30 * 60 * 1000)
        #expect(try slow.drainPending().applied == 0)
        local.advance(by: 30 * 60 * 1000)
        #expect(try slow.drainPending().applied == 1)
        // The clock moved past the applied commit: a later local write wins.
        try slow.write { tx in try tx.update("cells", id: "x", ["a": .text("later")]) }
        try fast.importBundle(BundleReader(bytes: slow.bundle()))
        #expect(try fast.row("cells", id: "x")?["a"] == .text("later"))
        #expect(try slow.row("cells", id: "x")?["a"] == .text("later"))
    }

    @Test func theClockNeverGoesBackwards() {
        let wall = ManualClock()
        var clock = HybridClock(wallClock: wall.wallClock)
        var last = clock.tick()
        for step in 0..<200 {
            if step % 3 == 0 { wall.advance(by: 5) }
            if step == 100 { clock.observe(Timestamp(milliseconds: wall.milliseconds + 1000, counter: 7)) }
            let next = clock.tick()
            #expect(next > last)
            last = next
        }
        let behind = ManualClock(wall.milliseconds - 10_000)
        var rewound = HybridClock(last: last, wallClock: behind.wallClock)
        #expect(rewound.tick() > last)
    }

    /// A and B write the same row concurrently; C first hears only of B's write (through B),
    /// later syncs with A. Everyone converges on the same winner and the same siblings.
    @Test func relayedConcurrentWritesConverge() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(3, in: dir)
        let (a, b, c) = (r[0], r[1], r[2])
        try a.write { tx in try tx.insert("grades", id: "g", ["letter": .text("A")]) }
        try b.importBundle(BundleReader(bytes: a.bundle()))
        try a.write { tx in
            try tx.update("grades", id: "g", ["letter": .text("B")])
            try tx.insert("cells", id: "x", ["a": .text("from A")])
        }
        try b.write { tx in
            try tx.update("grades", id: "g", ["letter": .text("C")])
            try tx.insert("cells", id: "x", ["a": .text("from B")])
        }
        try c.importBundle(BundleReader(bytes: b.bundle()))  // C hears of A's first grade only through B
        #expect(try c.siblings("grades", id: "g", column: "letter").map(\.value) == [.text("C")])
        try c.importBundle(BundleReader(bytes: a.bundle(since: c.vector())))
        try b.importBundle(BundleReader(bytes: c.bundle(since: b.vector())))
        try a.importBundle(BundleReader(bytes: b.bundle(since: a.vector())))
        let digests = try Set([a.digest(), b.digest(), c.digest()])
        #expect(digests.count == 1)
        #expect(Set(try c.siblings("grades", id: "g", column: "letter").map(\.value)) == [.text("B"), .text("C")])
        // A later grade that saw both siblings reconciles them everywhere.
        try c.write { tx in try tx.update("grades", id: "g", ["letter": .text("B")]) }
        try Fixtures.syncAll([a, b, c])
        for replica in [a, b, c] {
            #expect(try replica.siblings("grades", id: "g", column: "letter").map(\.value) == [.text("B")])
        }
    }

    @Test func deleteWinsOverConcurrentEditUntilRecreated() throws {
        let dir = TemporaryDirectory()
        let r = try Fixtures.replicas(2, in: dir)
        try r[0].write { tx in try tx.insert("cells", id: "x", ["a": .integer(1)]) }
        try Fixtures.syncAll(r)
        try r[0].write { tx in try tx.delete("cells", id: "x") }
        try r[1].write { tx in try tx.update("cells", id: "x", ["b": .text("edited meanwhile")]) }
        try Fixtures.syncAll(r)
        #expect(try r[0].row("cells", id: "x") == nil)
        #expect(try r[1].row("cells", id: "x") == nil)
        #expect(try r[0].digest() == r[1].digest())
        try r[1].write { tx in try tx.insert("cells", id: "x") }
        try Fixtures.syncAll(r)
        // The edit made while the row was deleted was kept, hidden, and is back.
        #expect(try r[0].row("cells", id: "x")?["b"] == .text("edited meanwhile"))
        #expect(try r[0].digest() == r[1].digest())
    }
}
