import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Testing

/// A device that signs two different commits with the same feed and seq (a cloned or
/// compromised key) is detected; both commits are kept as evidence and the verdict is the
/// same on every replica, whatever the order they arrive in.
@Suite struct ForkTests {
    /// Two replicas sharing one device key, each writing its own commit #1 and #2.
    static func forkedCommits(in dir: TemporaryDirectory) throws -> (
        left: [SignedCommit], right: [SignedCommit], replicas: [Replica]
    ) {
        let replicas = try Fixtures.replicas(3, in: dir)
        let key = DeviceKey()
        let left = try Replica.create(
            at: dir.file("left"), workspace: replicas[0].workspace, device: key, schema: Fixtures.schema)
        let right = try Replica.create(
            at: dir.file("right"), workspace: replicas[0].workspace, device: key, schema: Fixtures.schema)
        try left.write { tx in try tx.insert("cells", id: "x", ["a": .text("left")]) }
        try left.write { tx in try tx.insert("cells", id: "y", ["a": .text("left again")]) }
        try right.write { tx in try tx.insert("cells", id: "x", ["a": .text("right")]) }
        var l: [SignedCommit] = []
        var r: [SignedCommit] = []
        try left.forEachCommit { l += $0 }
        try right.forEachCommit { r += $0 }
        return (l, r, replicas)
    }

    @Test func forksAreQuarantinedTheSameWayInAnyOrder() throws {
        let dir = TemporaryDirectory()
        let (left, right, replicas) = try Self.forkedCommits(in: dir)
        let (x, y, z) = (replicas[0], replicas[1], replicas[2])
        // x applies the left branch first, then learns of the right one: its effects are undone.
        try x.ingest(left)
        #expect(try x.row("cells", id: "x")?["a"] == .text("left"))
        let report = try x.ingest(right)
        #expect(report.forks >= 1)
        #expect(try x.row("cells", id: "x") == nil)
        #expect(try x.row("cells", id: "y") == nil)
        try y.ingest(right)
        try y.ingest(left)
        try z.ingest((left + right).reversed())
        for replica in [x, y, z] {
            let quarantined = try replica.quarantine()
            #expect(quarantined.count == 3)
            #expect(quarantined.allSatisfy { $0.reason?.hasPrefix("fork:") == true })
        }
        #expect(try Set([x.digest(), y.digest(), z.digest()]).count == 1)
        // Evidence is relayed: a replica that syncs with x learns of the fork too.
        let w = try Replica.create(at: dir.file("w"), workspace: x.workspace, schema: Fixtures.schema)
        try w.importBundle(BundleReader(bytes: x.bundle()))
        #expect(try w.quarantine().count == 3)
        #expect(try w.digest() == x.digest())
    }

    @Test func writesOfOthersStayAppliedAfterAFork() throws {
        let dir = TemporaryDirectory()
        let (left, right, replicas) = try Self.forkedCommits(in: dir)
        let (x, y) = (replicas[0], replicas[1])
        try x.ingest(left)
        try x.write { tx in try tx.update("cells", id: "x", ["b": .text("honest edit")]) }
        try x.ingest(right)
        try y.ingest(right + left)
        try y.importBundle(BundleReader(bytes: x.bundle()))
        #expect(try x.digest() == y.digest())
        #expect(try x.log(limit: 10, state: .applied).count == 1)
    }
}
