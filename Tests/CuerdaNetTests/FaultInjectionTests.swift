import CuerdaCore
import CuerdaNet
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Synchronization
import Testing

/// "A connection cut at any byte leaves both replicas consistent, and the next sync resumes
/// from the vectors" (ARCHITECTURE §4), checked with a proxy that cuts a real TLS session at
/// a random byte of a random direction.
///
/// The scenario makes whole batches visible: every commit of the delta is one row of the
/// sender's `all` feed, and batches hold 10 commits, so after any cut the receiver holds a
/// multiple of 10 of the sender's delta commits, or all of them (the last batch is short).
@Suite(.serialized) struct FaultInjectionTests {
    /// Two replicas with a delta each way, prepared once and copied for every trial.
    final class Scenario: Sendable {
        /// Commits the server has and the client lacks (127 = 12 batches of 10 and one of 7).
        static let serverDelta = 127
        /// Commits the client has and the server lacks (93 = 9 batches of 10 and one of 3).
        static let clientDelta = 93
        static let batchCommits = 10

        let directory: TemporaryDirectory
        let serverPath: String
        let clientPath: String
        /// The feeds the deltas live in, and the head of each that the other side already holds.
        let serverFeed: FeedID
        let clientFeed: FeedID
        let serverBase: UInt64
        let clientBase: UInt64

        static let shared = Result { try Scenario() }

        private init() throws {
            directory = TemporaryDirectory("fault-scenario")
            serverPath = directory.file("r0.cuerda")
            clientPath = directory.file("r1.cuerda")
            let replicas = try Fixtures.replicas(2, in: directory)
            try Fixtures.introduce(replicas)
            let (server, client) = (replicas[0], replicas[1])
            serverFeed = FeedID(device: server.device.id, audience: .all)
            clientFeed = FeedID(device: client.device.id, audience: .all)
            serverBase = try client.vector()[serverFeed]
            clientBase = try server.vector()[clientFeed]
            for i in 0..<Self.serverDelta {
                try server.write { tx in try tx.insert("cells", id: "s\(i)", ["n": .integer(Int64(i)), "t": .text("server")]) }
            }
            for i in 0..<Self.clientDelta {
                try client.write { tx in try tx.insert("cells", id: "c\(i)", ["n": .integer(Int64(i)), "t": .text("client")]) }
            }
            // `replicas` goes out of scope here: both files are closed before any copy is made.
        }

        /// A fresh copy of both replicas for one trial.
        func copy() throws -> (directory: TemporaryDirectory, server: Replica, client: Replica) {
            let trial = TemporaryDirectory("fault-trial")
            try ReplicaFiles.copy(serverPath, to: trial.file("server.cuerda"))
            try ReplicaFiles.copy(clientPath, to: trial.file("client.cuerda"))
            return (
                trial, try Replica.open(at: trial.file("server.cuerda")), try Replica.open(at: trial.file("client.cuerda"))
            )
        }
    }

    /// Short timeouts: a cut session must end by itself, quickly, never hang.
    static var cutConfiguration: SyncConfiguration {
        var c = SyncConfiguration()
        c.batchCommits = Scenario.batchCommits
        c.window = 3
        c.handshakeTimeout = .seconds(5)
        c.pingInterval = .milliseconds(500)
        c.idleTimeout = .seconds(2)
        c.totalTimeout = .seconds(20)
        return c
    }

    /// Longer timeouts for the retry, which must succeed.
    static var retryConfiguration: SyncConfiguration {
        var c = cutConfiguration
        c.idleTimeout = .seconds(20)
        c.totalTimeout = .seconds(60)
        return c
    }

    /// What an uncut session through the proxy looks like: the bytes each way, and the state
    /// both replicas reach.
    struct Baseline: Sendable {
        var bytes: CuttingProxy.Counts
        var digest: String
        var vector: VersionVector
    }

    /// For each seed (50, times `CUERDA_SOAK`): a cut after a random number of bytes in
    /// [0, what an uncut session sends) of a random direction. The session must end by itself
    /// (success or a network failure, never a hang); then both files pass `PRAGMA
    /// integrity_check`, nothing is pending or quarantined, each side holds whole batches of
    /// the other's delta (all of it if a side reported success), neither remembers its peer
    /// holding more than it does, and a retry without the proxy sends and applies exactly what
    /// was missing (no duplicates) and ends in the uncut session's digest and vector.
    @Test func cutAtARandomByteLeavesBothReplicasConsistentAndTheRetryConverges() async throws {
        let scenario = try Scenario.shared.get()
        let baseline = try await measureUncutSession(scenario)
        let seeds = SeededGenerator.seeds(SeededGenerator.soak(50), salt: 0xFA_0175)
        var outcomes: [String: Int] = [:]
        for seed in seeds {
            var rng = SeededGenerator(seed: seed)
            let direction = CuttingProxy.Direction.allCases.randomElement(using: &rng)!
            let cut = CuttingProxy.Cut(direction: direction, bytes: Int.random(in: 0..<baseline.bytes[direction], using: &rng))
            let context =
                "seed \(seed), cut \(cut) (an uncut session sends \(baseline.bytes.toServer) bytes client→server and "
                + "\(baseline.bytes.toClient) server→client); replay with CUERDA_SEED=\(seed)"
            do {
                let outcome = try await runTrial(scenario, cut: cut, baseline: baseline, context: context)
                outcomes[outcome, default: 0] += 1
            } catch {
                Issue.record(error, "\(context)")
                outcomes["trial failed", default: 0] += 1
            }
        }
        print("FaultInjectionTests: \(seeds.count) cut sessions: \(outcomes.sorted { $0.key < $1.key })")
    }

    /// Runs the scenario through an uncut proxy: it must succeed and carry both deltas.
    func measureUncutSession(_ scenario: Scenario) async throws -> Baseline {
        let (directory, server, client) = try scenario.copy()
        // The copies live in `directory`, which must outlive every use of their paths.
        defer { withExtendedLifetime(directory) {} }
        let proxy = Mutex<CuttingProxy?>(nil)
        let outcome = try await LoopbackSession.run(
            client: client, server: server, configuration: Self.cutConfiguration,
            through: { port in
                let started = try await CuttingProxy.start(to: port, cut: nil)
                proxy.withLock { $0 = started }
                return started.port
            }, deadline: 60)
        let used = try #require(proxy.withLock { $0 })
        await used.close()
        let (clientReport, serverReport) = try outcome.reports()
        #expect(clientReport.sent == Scenario.clientDelta)
        #expect(clientReport.received.applied == Scenario.serverDelta)
        #expect(serverReport.sent == Scenario.serverDelta)
        #expect(serverReport.received.applied == Scenario.clientDelta)
        let counts = used.counts
        #expect(counts.connections == 1 && !counts.didCut)
        // The proxy sees what the client's socket saw (plus the closing TLS alerts, counted
        // after the report was made).
        #expect(counts.toServer >= clientReport.bytesSent && counts.toClient >= clientReport.bytesReceived)
        #expect(try server.digest() == client.digest())
        #expect(try server.vector() == client.vector())
        return Baseline(bytes: counts, digest: try server.digest(), vector: try server.vector())
    }

    /// One cut session and the checks after it. Returns a word describing how it ended.
    func runTrial(_ scenario: Scenario, cut: CuttingProxy.Cut, baseline: Baseline, context: String) async throws
        -> String
    {
        let (directory, server, client) = try scenario.copy()
        // The copies live in `directory`, which must outlive every use of their paths.
        defer { withExtendedLifetime(directory) {} }
        let proxy = Mutex<CuttingProxy?>(nil)
        let outcome = try await LoopbackSession.run(
            client: client, server: server, configuration: Self.cutConfiguration,
            through: { port in
                let started = try await CuttingProxy.start(to: port, cut: cut)
                proxy.withLock { $0 = started }
                return started.port
            }, deadline: 40)
        await proxy.withLock { $0 }?.close()

        // Never hang: both ends returned, and neither needed the total-timeout backstop.
        #expect(!outcome.clientHung, "the client's sync hung; \(context)")
        #expect(outcome.server != nil, "the server's session did not end; \(context)")
        guard !outcome.clientHung, let serverResult = outcome.server else { return "hung" }
        for (side, result) in [("client", outcome.client), ("server", serverResult)] {
            if case .failure(let error) = result {
                #expect(
                    !(error.code == .timeout && error.message.contains("did not finish within")),
                    "the \(side) ran into the total timeout after a cut: \(error); \(context)")
                // A lost connection is a network failure (or, at worst, a silent peer); never a
                // refusal or a protocol violation, which would send the user after the wrong problem.
                #expect(
                    [.network, .timeout].contains(error.code),
                    "the \(side) reports a cut connection as \(error.code): \(error); \(context)")
            }
        }

        // Both files are sound SQLite, as another program sees them.
        for replica in [server, client] {
            let path = replica.path
            let integrity = try await onOwnThread { try ChildProcess.sqlite3(path, "PRAGMA integrity_check;") }
            #expect(
                integrity.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(replica.path): \(integrity); \(context)")
        }
        for (side, replica) in [("server", server), ("client", client)] {
            #expect(try replica.pendingCount() == 0, "the \(side) holds pending commits; \(context)")
            #expect(try replica.quarantine().isEmpty, "the \(side) quarantined commits; \(context)")
        }

        // Whole batches only: what each side holds of the other's delta.
        let clientHeld = Int(try client.vector()[scenario.serverFeed] - scenario.serverBase)
        let serverHeld = Int(try server.vector()[scenario.clientFeed] - scenario.clientBase)
        let batch = Scenario.batchCommits
        #expect(
            clientHeld % batch == 0 || clientHeld == Scenario.serverDelta,
            "the client holds \(clientHeld) of the server's \(Scenario.serverDelta) commits: not whole batches; \(context)")
        #expect(
            serverHeld % batch == 0 || serverHeld == Scenario.clientDelta,
            "the server holds \(serverHeld) of the client's \(Scenario.clientDelta) commits: not whole batches; \(context)")
        let succeeded = [outcome.client, serverResult].contains { if case .success = $0 { true } else { false } }
        if succeeded {
            // A side reports success only after the peer's bye, which comes after everything.
            #expect(
                clientHeld == Scenario.serverDelta && serverHeld == Scenario.clientDelta,
                """
                a side reported success, but the client holds \(clientHeld)/\(Scenario.serverDelta) and the server \
                \(serverHeld)/\(Scenario.clientDelta); \(context)
                """)
        }

        // What each side remembers of the other must not claim more than the other holds, or
        // `export --for` would leave commits out.
        for (side, replica, peer) in [("server", server, client), ("client", client, server)] {
            if let record = try replica.peers().first(where: { $0.device == peer.device.id }) {
                let held = try peer.vector()
                #expect(
                    held.dominates(record.vector),
                    "the \(side) remembers its peer holds \(record.vector), more than its \(held); \(context)")
            }
        }

        // The retry, without the proxy, converges and applies exactly what was missing.
        let retry = try await LoopbackSession.run(
            client: client, server: server, configuration: Self.retryConfiguration, deadline: 90)
        let (clientRetry, serverRetry) = try retry.reports()
        #expect(
            clientRetry.sent == Scenario.clientDelta - serverHeld,
            "the retry's client sent \(clientRetry.sent), the server lacked \(Scenario.clientDelta - serverHeld); \(context)")
        #expect(
            serverRetry.sent == Scenario.serverDelta - clientHeld,
            "the retry's server sent \(serverRetry.sent), the client lacked \(Scenario.serverDelta - clientHeld); \(context)")
        #expect(
            clientRetry.received.applied + clientHeld == Scenario.serverDelta && clientRetry.received.duplicates == 0,
            "client: \(clientRetry.received) after holding \(clientHeld); \(context)")
        #expect(
            serverRetry.received.applied + serverHeld == Scenario.clientDelta && serverRetry.received.duplicates == 0,
            "server: \(serverRetry.received) after holding \(serverHeld); \(context)")
        #expect(try server.digest() == baseline.digest && client.digest() == baseline.digest, "digests differ; \(context)")
        #expect(try server.vector() == baseline.vector && client.vector() == baseline.vector, "vectors differ; \(context)")

        switch (outcome.client, serverResult) {
        case (.success, .success): return "both succeeded"
        case (.success, .failure(let e)): return "client succeeded, server \(e.code)"
        case (.failure(let e), .success): return "client \(e.code), server succeeded"
        case (.failure(let c), .failure(let s)): return "client \(c.code), server \(s.code)"
        }
    }

    /// A connection lost during the TLS handshake is a network failure. `SyncClient.sync`
    /// documents `.refused` as "not a member, on either side"; both devices here are members,
    /// so reporting `.refused` would send the user after the wrong problem.
    ///
    /// The cuts sweep the first 3 KB each way, which holds the whole handshake (a cut at
    /// 1.5–2 KB client→server, between the client's two flights, once read as a refusal).
    @Test(
        arguments: CuttingProxy.Direction.allCases.flatMap { direction in
            stride(from: 0, to: 3000, by: 250).map { CuttingProxy.Cut(direction: direction, bytes: $0) }
        })
    func aCutDuringTheHandshakeIsNotReportedAsARefusal(cut: CuttingProxy.Cut) async throws {
        let (directory, server, client) = try Scenario.shared.get().copy()
        // The copies live in `directory`, which must outlive every use of their paths.
        defer { withExtendedLifetime(directory) {} }
        let proxy = Mutex<CuttingProxy?>(nil)
        let outcome = try await LoopbackSession.run(
            client: client, server: server, configuration: Self.cutConfiguration,
            through: { port in
                let started = try await CuttingProxy.start(to: port, cut: cut)
                proxy.withLock { $0 = started }
                return started.port
            }, deadline: 40)
        await proxy.withLock { $0 }?.close()
        #expect(!outcome.clientHung && outcome.server != nil, "a side hung after a cut \(cut)")
        for (side, result) in [("client", outcome.client), ("server", outcome.server)] {
            guard case .failure(let error) = result else {
                if result != nil { Issue.record("the \(side) succeeded although the connection was cut (\(cut))") }
                continue
            }
            #expect(error.code != .refused, "cut \(cut): the \(side) says \(error)")
        }
    }
}
