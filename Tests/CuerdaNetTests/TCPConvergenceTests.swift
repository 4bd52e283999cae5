import CuerdaCore
import CuerdaNet
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Synchronization
import Testing

/// Replicas that sync over real mutual-TLS sessions on 127.0.0.1 converge, whatever the
/// schedule, route and size of the exchanges, and every session reports what it did.
@Suite struct TCPConvergenceTests {
    // MARK: - Helpers

    /// What `replica` should send `peer`: every commit above the peer's vector it may see.
    static func lack(of peer: Replica, from replica: Replica) throws -> Int {
        let audiences = try #require(try replica.audiences(visibleTo: peer.device.id), "the peer is not a member")
        return try replica.cursor(since: peer.vector(), audiences: audiences).total
    }

    /// One session, `client` connecting to `server`, that must succeed; checks that each side
    /// sent exactly what the other lacked and applied all of what it received.
    @discardableResult
    static func syncChecked(
        client: Replica, server: Replica, configuration: SyncConfiguration = SyncConfiguration(), _ context: String,
        progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) async throws -> (client: SyncReport, server: SyncReport) {
        let serverLacks = try lack(of: server, from: client)
        let clientLacks = try lack(of: client, from: server)
        let reports = try await LoopbackSession.run(
            client: client, server: server, configuration: configuration, progress: progress
        ).reports()
        for (side, report, lacked, peerLacked) in [
            ("client", reports.client, clientLacks, serverLacks), ("server", reports.server, serverLacks, clientLacks),
        ] {
            #expect(report.sent == peerLacked, "the \(side) sent \(report.sent), its peer lacked \(peerLacked); \(context)")
            #expect(
                report.received.received == lacked && report.received.applied == lacked,
                "the \(side) lacked \(lacked) and received \(report.received); \(context)")
            #expect(
                report.received.duplicates == 0 && report.received.quarantined == 0 && report.received.pending == 0,
                "the \(side): \(report.received); \(context)")
        }
        #expect(reports.client.peer == server.device.id && reports.server.peer == client.device.id, "\(context)")
        return reports
    }

    static func expectConverged(_ replicas: [Replica], _ context: String) throws {
        let digests = try replicas.map { try $0.digest() }
        let vectors = try replicas.map { try $0.vector() }
        #expect(Set(digests).count == 1, "digests differ: \(digests); \(context)")
        #expect(Set(vectors).count == 1, "vectors differ: \(vectors); \(context)")
        for replica in replicas {
            #expect(try replica.pendingCount() == 0, "pending commits left; \(context)")
            #expect(try replica.quarantine().isEmpty, "quarantined commits; \(context)")
        }
    }

    // MARK: - (a) Random schedules

    /// 2–3 replicas edit offline (RandomWorkload) and sync in random pairs with random roles
    /// and random batch sizes and windows. Every session leaves its two replicas equal and
    /// reports exact counts; at the end, syncing pairs that still differ makes all equal.
    @Test(arguments: SeededGenerator.seeds(SeededGenerator.soak(12), salt: 0x7C9_0001))
    func randomSchedulesConvergeOverTCP(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let dir = TemporaryDirectory("tcp-conv")
        let count = Int.random(in: 2...3, using: &rng)
        let replicas = try Fixtures.replicas(count, in: dir)
        try Fixtures.introduce(replicas)
        let workload = RandomWorkload()
        var configuration = SyncConfiguration()
        configuration.batchCommits = Int.random(in: 1...8, using: &rng)
        configuration.window = Int.random(in: 1...3, using: &rng)
        let replay =
            "seed \(seed): \(count) replicas, batches of \(configuration.batchCommits), window \(configuration.window); "
            + "replay with CUERDA_SEED=\(seed)"

        func syncPair(_ i: Int, _ j: Int, rng: inout SeededGenerator) async throws {
            let (client, server) = Bool.random(using: &rng) ? (replicas[i], replicas[j]) : (replicas[j], replicas[i])
            let context = "r\(replicas.firstIndex { $0 === client }!) → r\(replicas.firstIndex { $0 === server }!); \(replay)"
            do {
                try await Self.syncChecked(client: client, server: server, configuration: configuration, context)
            } catch {
                Issue.record(error, "the session failed: \(context)")
                throw error
            }
            #expect(try client.digest() == server.digest(), "the pair differs after a session: \(context)")
            #expect(try client.vector() == server.vector(), "the pair differs after a session: \(context)")
        }

        for _ in 0..<5 {
            for replica in replicas {
                for _ in 0..<Int.random(in: 0...3, using: &rng) { try workload.step(replica, using: &rng) }
            }
            let i = Int.random(in: 0..<count, using: &rng)
            let j = (i + Int.random(in: 1..<count, using: &rng)) % count
            try await syncPair(i, j, rng: &rng)
        }
        // Until done: a random pair that still differs. Each session makes one replica gain
        // commits, so this ends; with three replicas three sessions always suffice.
        for _ in 0..<6 {
            let vectors = try replicas.map { try $0.vector() }
            let differing = (0..<count).flatMap { i in (i + 1..<count).map { (i, $0) } }.filter { vectors[$0.0] != vectors[$0.1] }
            guard let (i, j) = differing.randomElement(using: &rng) else { break }
            try await syncPair(i, j, rng: &rng)
        }
        try Self.expectConverged(replicas, replay)
    }

    // MARK: - (b) Relay through a hub

    /// Two spokes that never connect to each other, and have never heard of each other,
    /// converge through a hub: spoke1↔hub, spoke2↔hub, spoke1↔hub.
    @Test func aHubRelaysBetweenSpokesThatNeverMeet() async throws {
        let dir = TemporaryDirectory("tcp-hub")
        let replicas = try Fixtures.replicas(3, in: dir)
        let (hub, spoke1, spoke2) = (replicas[0], replicas[1], replicas[2])
        // Each spoke and the hub learn of each other by bundles of the writer's own commits;
        // the spokes learn nothing of each other.
        for replica in replicas {
            try replica.write { tx in
                try tx.insert("cells", ["t": .text("hello from \(replica.device.id.short)")])
                try tx.insert("notes", ["body": .text("a team note from \(replica.device.id.short)")])
            }
        }
        let hubOwn = try hub.bundle()
        for spoke in [spoke1, spoke2] {
            try spoke.importBundle(BundleReader(bytes: hubOwn))
            try hub.importBundle(BundleReader(bytes: spoke.bundle(since: hub.vector())))
        }
        #expect(try spoke1.audiences(visibleTo: spoke2.device.id) == nil, "spoke1 already knows spoke2")
        #expect(try spoke2.audiences(visibleTo: spoke1.device.id) == nil, "spoke2 already knows spoke1")

        var rng = SeededGenerator(seed: 0x4B5)
        let workload = RandomWorkload()
        for _ in 0..<15 {
            for replica in replicas { try workload.step(replica, using: &rng) }
        }
        let spoke1Vector = try spoke1.vector()
        let spoke2Vector = try spoke2.vector()
        try await Self.syncChecked(client: spoke1, server: hub, "spoke1 ↔ hub")
        try await Self.syncChecked(client: spoke2, server: hub, "spoke2 ↔ hub")
        try await Self.syncChecked(client: spoke1, server: hub, "spoke1 ↔ hub again")
        try Self.expectConverged(replicas, "after the relay")
        // What each spoke wrote reached the other, through the hub only.
        for (spoke, vector) in [(spoke1, spoke1Vector), (spoke2, spoke2Vector)] {
            let own = vector.heads.filter { $0.key.device == spoke.device.id }
            #expect(!own.isEmpty)
            #expect(try spoke1.vector().dominates(VersionVector(own)) && spoke2.vector().dominates(VersionVector(own)))
        }
        #expect(try Set(spoke1.peers().map(\.device)) == [hub.device.id])
        #expect(try Set(spoke2.peers().map(\.device)) == [hub.device.id])
        #expect(try Set(hub.peers().map(\.device)) == [spoke1.device.id, spoke2.device.id])
        // Relayed commits make the other spoke a known member: the spokes could now sync directly.
        #expect(try spoke1.audiences(visibleTo: spoke2.device.id) != nil)
        #expect(try spoke2.audiences(visibleTo: spoke1.device.id) != nil)
    }

    // MARK: - (c) Both directions at once

    /// Both sides hold 1,200 commits the other lacks; with batches of 8 commits and a window
    /// of 3, each direction carries 150 batches at once. One session converges them and the
    /// reports and progress count exactly that.
    @Test func bothDirectionsWithManyBatchesConvergeInOneSession() async throws {
        let dir = TemporaryDirectory("tcp-both")
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (a, b) = (replicas[0], replicas[1])
        let perSide = 1200
        // Each replica relays the commits of an author the other has not heard from.
        try BulkCommits.load(into: a, author: DeviceKey(), count: perSide, rowsPerCommit: 2, cellBytes: 64, prefix: "a")
        try BulkCommits.load(into: b, author: DeviceKey(), count: perSide, rowsPerCommit: 2, cellBytes: 64, prefix: "b")
        // And a few commits of their own, so that the deltas mix feeds.
        var rng = SeededGenerator(seed: 0xB0_7)
        let workload = RandomWorkload()
        for _ in 0..<10 {
            try workload.step(a, using: &rng)
            try workload.step(b, using: &rng)
        }
        let aLacks = try Self.lack(of: a, from: b)
        let bLacks = try Self.lack(of: b, from: a)
        #expect(aLacks >= perSide + 10 && bLacks >= perSide + 10)

        var configuration = SyncConfiguration()
        configuration.batchCommits = 8
        configuration.window = 3
        let progress = Mutex<[SyncProgress]>([])
        let (clientReport, serverReport) = try await Self.syncChecked(
            client: a, server: b, configuration: configuration, "both directions",
            progress: { snapshot in progress.withLock { $0.append(snapshot) } })
        try Self.expectConverged(replicas, "both directions")
        #expect(clientReport.sent == bLacks && serverReport.sent == aLacks)
        #expect(clientReport.received.applied == aLacks && serverReport.received.applied == bLacks)

        // The client reported progress once per batch sent and once per batch received.
        let batchesEachWay = { (commits: Int) in (commits + configuration.batchCommits - 1) / configuration.batchCommits }
        let snapshots = progress.withLock { $0 }
        #expect(snapshots.count == batchesEachWay(bLacks) + batchesEachWay(aLacks))
        let last = try #require(snapshots.last)
        #expect(snapshots.map(\.sent).max() == bLacks && snapshots.map(\.received).max() == aLacks)
        #expect(last.toSend == bLacks)
        // Both directions really were under way together: some batches were received while
        // this side still had batches to send.
        #expect(snapshots.contains { $0.sent > 0 && $0.sent < bLacks && $0.received > 0 && $0.received < aLacks })
        #expect(clientReport.bytesSent > 0 && clientReport.bytesReceived > 0)
    }

    /// Both sides send full windows of large batches at once: 8 batches of 4 MiB
    /// unacknowledged, about 32 MiB each way, more than the loopback socket buffers hold, so
    /// each side's writes wait on the other reading. If a receiver waited on its own ack write
    /// while the peer did the same, neither would read again; the session must instead finish,
    /// well before the 120 s deadline after which it counts as hung.
    @Test func bothDirectionsWithFullWindowsOfLargeBatchesDoNotDeadlock() async throws {
        let dir = TemporaryDirectory("tcp-both-large")
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (a, b) = (replicas[0], replicas[1])
        var configuration = SyncConfiguration()
        configuration.batchBytes = 4 << 20
        configuration.window = 8
        let commits = 160  // of 100 rows of 2,000 bytes: about 200 KB each
        let aBytes = try BulkCommits.load(
            into: a, author: DeviceKey(), count: commits, rowsPerCommit: 100, cellBytes: 2000, prefix: "a", chunk: 10)
        let bBytes = try BulkCommits.load(
            into: b, author: DeviceKey(), count: commits, rowsPerCommit: 100, cellBytes: 2000, prefix: "b", chunk: 10)
        let windowBytes = configuration.window * configuration.batchBytes
        #expect(aBytes >= windowBytes * 9 / 10 && bBytes >= windowBytes * 9 / 10, "the windows would not fill")
        let (clientReport, serverReport) = try await Self.syncChecked(
            client: a, server: b, configuration: configuration, "large batches both ways")
        #expect(clientReport.sent == commits && serverReport.sent == commits)
        try Self.expectConverged(replicas, "large batches both ways")
    }

    // MARK: - (d) A large delta in bounded memory

    /// A delta of 100,000 row changes (1,000 commits of 100 rows, each row with a 2,000-byte
    /// cell: about 200 MB of signed commits) goes one way in one session, in batches of at
    /// most 500 commits and 1 MiB, and the process's peak resident memory grows by far less
    /// than the delta.
    ///
    /// Why the bounds prove boundedness: both replicas live in this process, and the commits
    /// travel as their signed bytes, uncompressed, so any design that held the whole delta at
    /// once (reading the sender's whole delta, queueing batches without waiting for acks,
    /// buffering the receiver's input, accumulating applied batches) would hold at least its
    /// `D` bytes resident. A peak growth under `D / 2` shows that not even half was held at
    /// once; the working set the design allows is a few batches in flight (window × 1 MiB on
    /// each side) plus SQLite's page caches (16 MiB per replica), tens of MiB. And because the
    /// second half of the transfer (`D / 2` bytes) raises the peak by less than `D / 8`,
    /// memory does not grow with the delta. `< 400 MiB` is the absolute ceiling.
    ///
    /// The measurement runs in a child process of its own (this same test binary, filtered to
    /// this test), so that tests running in parallel here cannot lend or borrow memory.
    @Test func aLargeDeltaConvergesInOneSessionInBoundedMemory() async throws {
        let childMarker = "CUERDA_LARGE_DELTA_CHILD"
        guard ProcessInfo.processInfo.environment[childMarker] == nil else {
            try await Self.largeDeltaInBoundedMemory()
            return
        }
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        guard ProcessMemory.current() != nil, executable.hasSuffix(".xctest") else {
            // No /proc (not Linux) or no test binary to run again: measure here instead.
            try await Self.largeDeltaInBoundedMemory()
            return
        }
        let result = try await onOwnThread {
            try ChildProcess.run(
                executable, ["--testing-library", "swift-testing", "--filter", "TCPConvergenceTests/aLargeDelta"],
                environment: [childMarker: "1"], timeout: 600)
        }
        let summary = result.stdout.split(separator: "\n").filter { $0.hasPrefix("large delta:") }
        for line in summary { print(line) }
        #expect(result.exitedNormally && result.status == 0, "the child failed: \(result)")
        #expect(summary.contains { $0.contains("converged") }, "the child did not run the test: \(result)")
    }

    static func largeDeltaInBoundedMemory() async throws {
        let dir = TemporaryDirectory("tcp-large")
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (sender, receiver) = (replicas[0], replicas[1])
        let (commits, rows) = (1000, 100)
        let deltaBytes = try BulkCommits.load(
            into: sender, author: DeviceKey(), count: commits, rowsPerCommit: rows, cellBytes: 2000, chunk: 10)
        #expect(try Self.lack(of: receiver, from: sender) == commits)

        var configuration = SyncConfiguration()
        configuration.batchCommits = 500
        configuration.batchBytes = 1 << 20
        let measuring = ProcessMemory.resetPeak() ? ProcessMemory.current() : nil
        let peakAtHalf = Mutex<Int?>(nil)
        let (clientReport, _) = try await Self.syncChecked(
            client: receiver, server: sender, configuration: configuration, "a large delta",
            progress: { snapshot in
                guard measuring != nil, snapshot.received >= commits / 2 else { return }
                peakAtHalf.withLock { if $0 == nil { $0 = ProcessMemory.current()?.peak } }
            })
        let after = ProcessMemory.current()
        #expect(clientReport.received.applied == commits)
        #expect(clientReport.bytesReceived > deltaBytes, "the wire carries at least the signed commits")
        try Self.expectConverged(replicas, "a large delta")
        #expect(try receiver.row("cells", id: "bulk0")?["n"] == .integer(Int64(commits)))
        print("large delta: converged: \(commits * rows) row changes, \(deltaBytes >> 20) MiB: \(clientReport.summary)")

        guard let before = measuring, let after, let half = peakAtHalf.withLock({ $0 }) else {
            print("large delta: no /proc/self/status or clear_refs here; memory not measured")
            return
        }
        let growth = after.peak - before.rss
        let lateGrowth = after.peak - half
        let mib = { (bytes: Int) in String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        print(
            "large delta: resident \(mib(before.rss)) before, peak \(mib(half)) at half-way, \(mib(after.peak)) at the end: "
                + "growth \(mib(growth)) (second half \(mib(lateGrowth))) for a delta of \(mib(deltaBytes))")
        #expect(growth < 400 << 20, "peak memory grew by \(mib(growth))")
        #expect(growth < deltaBytes / 2, "peak memory grew by \(mib(growth)) for a delta of \(mib(deltaBytes))")
        #expect(
            lateGrowth < deltaBytes / 8,
            "the second half of the transfer raised the peak by \(mib(lateGrowth)) (delta \(mib(deltaBytes)))")
    }

    // MARK: - (e) A resync with nothing to exchange

    /// Replicas already in sync exchange hellos and nothing else: no commits either way, and
    /// a few KB on the wire, TLS handshake included, however long their shared history.
    @Test func aResyncOfReplicasInSyncSendsNothing() async throws {
        let dir = TemporaryDirectory("tcp-noop")
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (a, b) = (replicas[0], replicas[1])
        try BulkCommits.load(into: a, author: DeviceKey(), count: 400, rowsPerCommit: 3, cellBytes: 100, prefix: "a")
        try BulkCommits.load(into: b, author: DeviceKey(), count: 400, rowsPerCommit: 3, cellBytes: 100, prefix: "b")
        let first = try await Self.syncChecked(client: a, server: b, "the first sync")
        #expect(first.client.bytesSent > 100_000 && first.client.bytesReceived > 100_000)
        try Self.expectConverged(replicas, "after the first sync")
        let digest = try a.digest()

        for (client, server) in [(a, b), (b, a)] {
            let (c, s) = try await Self.syncChecked(client: client, server: server, "a no-op resync")
            for (side, report) in [("client", c), ("server", s)] {
                #expect(report.sent == 0 && report.received.received == 0, "the \(side): \(report.summary)")
                // Measured: about 2.4 KB client→server and 3.7 KB server→client: the TLS handshake
                // with both certificates, hellos with 6-feed vectors, done and bye.
                #expect(report.bytesSent < 6 * 1024, "the \(side) sent \(report.bytesSent) bytes")
                #expect(report.bytesReceived < 6 * 1024, "the \(side) received \(report.bytesReceived) bytes")
            }
        }
        #expect(try a.digest() == digest && b.digest() == digest)
    }

    // MARK: - (f) What each side remembers of the other

    /// After a session each side records the peer with a vector covering everything that was
    /// exchanged, and no more than the peer holds, so an export for that peer is empty right
    /// after the sync, and holds exactly the new commits after a local write.
    @Test func afterASyncEachSideRemembersWhatThePeerHolds() async throws {
        let dir = TemporaryDirectory("tcp-peers")
        let replicas = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(replicas)
        let (a, b) = (replicas[0], replicas[1])
        var rng = SeededGenerator(seed: 0xF_00D)
        let workload = RandomWorkload()
        for _ in 0..<20 {
            try workload.step(a, using: &rng)
            try workload.step(b, using: &rng)
        }
        try await Self.syncChecked(client: b, server: a, "the sync")
        for (replica, peer) in [(a, b), (b, a)] {
            let records = try replica.peers()
            #expect(records.map(\.device) == [peer.device.id])
            let record = try #require(records.first)
            let audiences = try #require(try replica.audiences(visibleTo: peer.device.id))
            let exchanged = try replica.vector().filtered(to: audiences)
            #expect(record.vector.dominates(exchanged), "remembered \(record.vector), exchanged \(exchanged)")
            #expect(try peer.vector().dominates(record.vector), "remembered \(record.vector), more than the peer holds")
            #expect(try replica.cursor(since: record.vector, audiences: audiences).total == 0)
            #expect(try BundleReader(bytes: replica.bundle(since: record.vector, audiences: audiences)).header.commitCount == 0)
        }
        // One new local write: the export for the peer holds exactly that commit.
        try a.write { tx in try tx.insert("cells", id: "after-sync", ["t": .text("new")]) }
        let record = try #require(try a.peers().first)
        #expect(try a.cursor(since: record.vector, audiences: [.all, .team("sales")]).total == 1)
    }

    /// A peer outside the sales team is remembered for what it may see: the `all` feeds. The
    /// team's notes did not travel, the remembered vector claims none of them, and the export
    /// for that peer is empty after the sync.
    @Test func aPeerOutsideTheTeamIsRememberedForWhatItMaySee() async throws {
        let dir = TemporaryDirectory("tcp-peers-team")
        let replicas = try Fixtures.replicas(2, in: dir)
        let (seller, outsider) = (replicas[0], replicas[1])
        // The seller writes for everyone and for its team; the outsider only for everyone,
        // and receives only the seller's `all` feed.
        try seller.write { tx in
            try tx.insert("cells", ["t": .text("hello from the seller")])
            try tx.insert("notes", ["body": .text("sales only")])
        }
        try outsider.write { tx in try tx.insert("cells", ["t": .text("hello from the outsider")]) }
        try outsider.importBundle(BundleReader(bytes: seller.bundle(audiences: [.all])))
        try seller.importBundle(BundleReader(bytes: outsider.bundle()))
        #expect(try seller.audiences(visibleTo: outsider.device.id) == [.all])
        for i in 0..<30 {
            try seller.write { tx in
                try tx.insert("cells", id: "s\(i)", ["n": .integer(Int64(i))])
                if i % 3 == 0 { try tx.insert("notes", id: "n\(i)", ["body": .text("note \(i)")]) }
            }
            try outsider.write { tx in try tx.insert("cells", id: "o\(i)", ["n": .integer(Int64(i))]) }
        }
        try await Self.syncChecked(client: outsider, server: seller, "seller and outsider")
        let sales = try Audience.team("sales")
        #expect(try seller.digest(audiences: [.all]) == outsider.digest(audiences: [.all]))
        #expect(try outsider.rowIDs("notes").isEmpty, "the team's notes reached the outsider")
        #expect(try !outsider.vector().heads.keys.contains { $0.audience == sales })
        let record = try #require(try seller.peers().first { $0.device == outsider.device.id })
        #expect(!record.vector.heads.keys.contains { $0.audience == sales }, "remembered \(record.vector)")
        #expect(try outsider.vector().dominates(record.vector))
        #expect(record.vector.dominates(try seller.vector().filtered(to: [.all])))
        #expect(try seller.cursor(since: record.vector, audiences: [.all]).total == 0)
        #expect(try BundleReader(bytes: seller.bundle(since: record.vector, audiences: [.all])).header.commitCount == 0)
    }
}
