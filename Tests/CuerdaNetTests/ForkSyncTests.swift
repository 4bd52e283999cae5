import CuerdaCore
import CuerdaNet
import CuerdaStore
import CuerdaTestSupport
import Testing

/// A sync notices a fork that equal sequence numbers hide: the hello carries the commit at
/// each feed's head and the forks each side knows, and each side sends what the other needs
/// to see the fork itself (`Docs/protocol.md`, "Fork checks").
@Suite struct ForkSyncTests {
    /// A hub and a device of the same workspace that know each other.
    static func hubAndDevice(in dir: TemporaryDirectory, key: DeviceKey) throws -> (hub: Replica, device: Replica) {
        let hub = try Fixtures.replicas(1, in: dir)[0]
        let device = try Replica.create(at: dir.file("laptop"), workspace: hub.workspace, device: key, schema: Fixtures.schema)
        try Fixtures.introduce([hub, device])
        return (hub, device)
    }

    static func forkQuarantined(_ replica: Replica) throws -> Int {
        try replica.quarantine().filter { $0.reason?.hasPrefix("fork:") == true }.count
    }

    @Test func aRestoredDeviceThatWritesAgainIsCaughtByItsNextSync() async throws {
        let dir = TemporaryDirectory()
        let key = DeviceKey()
        let (hub, device) = try Self.hubAndDevice(in: dir, key: key)
        // The backup: the same key, holding what the device held at backup time.
        let restored = try Replica.create(
            at: dir.file("restored"), workspace: hub.workspace, device: key, schema: Fixtures.schema)
        try restored.importBundle(BundleReader(bytes: device.bundle()))
        // After the backup the device writes more and syncs it to the hub…
        try device.write { tx in try tx.insert("cells", id: "after-backup", ["t": .text("synced, then lost")]) }
        try device.write { tx in try tx.update("cells", id: "after-backup", ["t": .text("edited")]) }
        _ = try await LoopbackSession.sync(client: device, server: hub)
        // …and the restored copy writes under the same numbers.
        try restored.write { tx in try tx.insert("cells", id: "from-restore", ["t": .text("same seq, other commit")]) }

        let (client, server) = try await LoopbackSession.sync(client: restored, server: hub)
        #expect(client.received.forks == 1, "the restored device should learn of its fork: \(client)")
        #expect(client.summary.contains("signed two different commits at one number in 1 feed"), "\(client.summary)")
        #expect(server.received.forks == 1, "the hub should learn of the fork: \(server)")
        #expect(try restored.digest() == hub.digest())
        #expect(try Self.forkQuarantined(hub) == 3)
        #expect(try Self.forkQuarantined(restored) == 3)
        #expect(try hub.row("cells", id: "after-backup") == nil)
        #expect(try hub.row("cells", id: "from-restore") == nil)
        // A forked device may not write any more.
        #expect(throws: CuerdaError.self) {
            try restored.write { tx in try tx.insert("cells", ["t": .text("after the fork")]) }
        }
        // The original device learns of it at its next sync, and nothing is sent again after.
        let (late, _) = try await LoopbackSession.sync(client: device, server: hub)
        #expect(late.received.forks == 1)
        #expect(try device.digest() == hub.digest())
        let (again, hubAgain) = try await LoopbackSession.sync(client: restored, server: hub)
        #expect(again.sent == 0 && hubAgain.sent == 0, "a known fork is not sent again: \(again), \(hubAgain)")
    }

    /// Two replicas of one device key, each writing `count` commits of its own.
    static func branches(_ count: Int, workspace: WorkspaceID, in dir: TemporaryDirectory) throws -> (
        left: [SignedCommit], right: [SignedCommit]
    ) {
        let key = DeviceKey()
        var result: [[SignedCommit]] = []
        for side in ["left", "right"] {
            let clone = try Replica.create(at: dir.file(side), workspace: workspace, device: key, schema: Fixtures.schema)
            for i in 0..<count {
                try clone.write { tx in try tx.insert("cells", id: "\(side)-\(i)", ["t": .text(side)]) }
            }
            var commits: [SignedCommit] = []
            try clone.forEachCommit { commits += $0 }
            result.append(commits)
        }
        return (result[0], result[1])
    }

    @Test func twoReplicasHoldingDifferentBranchesFindTheForkInOneSync() async throws {
        let dir = TemporaryDirectory()
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (x, y) = (replicas[0], replicas[1])
        let (left, right) = try Self.branches(3, workspace: x.workspace, in: dir)
        try x.ingest(left)
        try y.ingest(right)
        #expect(try x.vector() == y.vector(), "the numbers alone hide the fork")
        #expect(try x.digest() != y.digest())

        let (client, server) = try await LoopbackSession.sync(client: x, server: y)
        #expect(client.received.forks == 1 && server.received.forks == 1, "\(client); \(server)")
        #expect(try x.digest() == y.digest())
        // Each side quarantines its own branch and holds at least the other's first commit.
        // How much more depends on timing: a side that has already found the fork when it
        // fixes its delta sends only the commits at the fork's seq.
        for replica in [x, y] {
            let quarantined = try replica.quarantine().filter { $0.reason?.hasPrefix("fork:") == true }
            #expect((4...6).contains(quarantined.count), "\(quarantined)")
            #expect(quarantined.allSatisfy { $0.reason?.hasSuffix("all #1") == true }, "\(quarantined.map(\.reason))")
        }
    }

    @Test func aForkTheHubKnowsReachesAPeerWhoseNumbersMatch() async throws {
        let dir = TemporaryDirectory()
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (hub, peer) = (replicas[0], replicas[1])
        let (left, right) = try Self.branches(2, workspace: hub.workspace, in: dir)
        try hub.ingest(left + right)
        try peer.ingest(left)
        #expect(try hub.vector() == peer.vector())

        let (client, server) = try await LoopbackSession.sync(client: peer, server: hub)
        #expect(client.received.forks == 1, "\(client)")
        #expect(server.sent == 2, "the hub sends the two commits at the fork, nothing more: \(server)")
        #expect(try peer.digest() == hub.digest())
        #expect(try peer.rowIDs("cells").allSatisfy { !$0.hasPrefix("left") })
    }

    @Test func replicasWithoutAForkSendNothingExtra() async throws {
        let dir = TemporaryDirectory()
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        try replicas[0].write { tx in try tx.insert("cells", ["t": .text("one new commit")]) }
        let (client, server) = try await LoopbackSession.sync(client: replicas[1], server: replicas[0])
        #expect(server.sent == 1 && client.sent == 0, "\(client); \(server)")
        #expect(client.received.forks == 0 && server.received.forks == 0)
    }
}
