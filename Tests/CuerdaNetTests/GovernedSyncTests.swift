import CuerdaCore
import CuerdaNet
import CuerdaStore
import CuerdaTestSupport
import Foundation
import Synchronization
import Testing

/// Sync over real mutual TLS on loopback in a governed workspace: only active members get
/// through the handshake, and each receives only what its team may see — also through a hub
/// of the other team, which never holds the private data it cannot see.
@Suite struct GovernedSyncTests {
    /// Both ends of one session.
    struct Session {
        var client: Result<SyncReport, CuerdaError>
        var server: Result<SyncReport, CuerdaError>

        var clientReport: SyncReport? { try? client.get() }
        var serverReport: SyncReport? { try? server.get() }
        var clientError: CuerdaError? {
            if case .failure(let error) = client { return error }
            return nil
        }
        var serverError: CuerdaError? {
            if case .failure(let error) = server { return error }
            return nil
        }
    }

    final class Outcomes: Sendable {
        let list = Mutex<[SessionOutcome]>([])
    }

    /// `hub` serves one connection on a free loopback port; `client` syncs with it.
    ///
    /// The network part runs on threads of its own (`NetHarness.onNetworkThreads`): other
    /// suites keep the shared executor busy with synchronous replica work for minutes, and a
    /// session starved of threads looks like a silent peer.
    static func sync(_ client: GovernedDevice, with hub: GovernedDevice) async throws -> Session {
        try await NetHarness.onNetworkThreads {
            let server = try await SyncServer.bind(replica: hub.replica)
            let outcomes = Outcomes()
            async let serving: Void = server.run(limit: 1) { outcome in outcomes.list.withLock { $0.append(outcome) } }
            let result: Result<SyncReport, CuerdaError>
            do throws(CuerdaError) {
                result = .success(try await SyncClient.sync(replica: client.replica, host: "127.0.0.1", port: server.port))
            } catch {
                result = .failure(error)
            }
            try await serving
            let outcome = try #require(outcomes.list.withLock { $0.first })
            return Session(client: result, server: outcome.result)
        }
    }

    static func count(_ replica: Replica, since: VersionVector, audiences: Set<Audience>) throws -> Int {
        var count = 0
        try replica.forEachCommit(since: since, audiences: audiences) { count += $0.count }
        return count
    }

    @Test func anAdmittedMemberSyncsWithTheHubAndConverges() async throws {
        let (_, lead, member, _) = try GovernedWorkspace.standard("net-member", marketingMember: false)
        try member.replica.write { tx in
            try tx.insert("quotas", id: "q1", ["amount": .integer(40)])
            try tx.insert("notes", id: "n1", ["body": .text("call the distributor")])
        }
        try lead.replica.write { tx in try tx.insert("items", id: "i1", ["title": .text("pipeline review")]) }
        let session = try await Self.sync(member, with: lead)
        let report = try #require(session.clientReport, "\(session.client)")
        #expect(report.peer == lead.id && report.sent == 2 && report.received.applied == 1, "\(report)")
        #expect(session.serverReport?.received.applied == 2, "\(session.server)")
        #expect(try lead.replica.digest() == member.replica.digest())
        #expect(try lead.replica.vector() == member.replica.vector())
        #expect(try lead.replica.rowIDs("notes") == ["n1"])
    }

    /// A hello names every feed the peer may hold: the first frame's limit must not be a
    /// workspace size limit. 4,500 feeds make a hello of more than 4,500 × 64 bytes (device and
    /// tip alone), past the 256 KiB that used to stop it; `CUERDA_SOAK` runs 10,000 (about 3
    /// minutes in a debug build).
    @Test func aWorkspaceOfThousandsOfMemberFeedsSyncs() async throws {
        let (workspace, lead, _, _) = try GovernedWorkspace.standard("net-large", marketingMember: false)
        let founder = workspace.founder
        var generator = SeededGenerator(seed: 10_000)
        let count = ProcessInfo.processInfo.environment["CUERDA_SOAK"] == nil ? 4_500 : 10_000
        let keys = GovernedFixtures.keys(count, using: &generator)
        for chunk in stride(from: 0, to: keys.count, by: 1_500) {
            let rows = keys[chunk..<min(chunk + 1_500, keys.count)].map { key in
                HostileClient.admission(
                    of: key.id, member: key.id.hex, team: "marketing", role: .member, by: founder.id,
                    request: HostileClient.request(for: key, team: "marketing"))
            }
            let report = try founder.replica.ingest([GovernedFixtures.forge(Array(rows), by: founder.replica)])
            #expect(report.applied == 1, "\(report)")
        }
        let deps = try founder.replica.vector().restricted(to: .all)
        let newest = try founder.replica.log(limit: 100).map(\.hlc).max()!
        let writes = keys.map { key in
            HostileClient(key: key, workspace: founder.replica.workspace).commit(
                [HostileClient.insert("items", key.id.hex, ["title": .text("hello")])], deps: deps, after: newest)
        }
        #expect(try founder.replica.ingest(writes).applied == keys.count)
        let session = try await Self.sync(lead, with: founder)
        let report = try #require(session.clientReport, "\(session.client)")
        #expect(report.received.applied >= keys.count, "\(report)")
        #expect(try lead.replica.vector().filtered(to: [.all]) == founder.replica.vector().filtered(to: [.all]))
        #expect(try lead.replica.digest(audiences: [.all]) == founder.replica.digest(audiences: [.all]))
    }

    @Test func aDeviceThatAskedToJoinButWasNeverAdmittedIsRefusedAtTheHandshake() async throws {
        let workspace = try GovernedWorkspace("net-stranger")
        let founder = workspace.founder
        // The stranger made a join request and even holds a bundle of the workspace, but
        // nobody admitted it.
        let path = workspace.directory.file("stranger.cuerda")
        let request = try Replica.joinRequest(forReplicaAt: path, name: "Stranger", team: "marketing")
        let welcome = workspace.directory.file("leaked.bundle")
        try founder.replica.exportBundle(to: welcome, audiences: [.all])
        let (replica, _) = try Replica.create(at: path, fromBundle: welcome)
        #expect(replica.device.id == request.device)
        // Its own replica already refuses its writes.
        #expect {
            try replica.write { tx in try tx.insert("items", id: "x", ["title": .text("let me in")]) }
        } throws: { error in
            (error as? CuerdaError)?.code == .rejectedWrite
        }
        let stranger = GovernedDevice(replica: replica, name: "Stranger", team: "marketing", role: .member)

        let vector = try founder.replica.vector()
        let session = try await Self.sync(stranger, with: founder)
        #expect(session.clientError?.code == .refused, "\(session.client)")
        #expect(session.serverError?.code == .refused, "\(session.server)")
        #expect(session.serverError?.message.contains("\(request.device.short) is not a member") == true, "\(session.server)")
        #expect(try founder.replica.vector() == vector)
        #expect(try founder.replica.peers().isEmpty)
    }

    @Test func aRevokedDeviceIsRefusedByEveryHubThatKnowsOfTheRevocation() async throws {
        let (_, lead, member, _) = try GovernedWorkspace.standard("net-revoked", marketingMember: false)
        let before = try await Self.sync(member, with: lead)
        #expect(before.clientReport != nil, "\(before.client)")

        try lead.replica.revoke("Sara")
        try member.replica.write { tx in try tx.insert("quotas", id: "late", ["amount": .integer(1)]) }
        let vector = try lead.replica.vector()
        let after = try await Self.sync(member, with: lead)
        #expect(after.clientError?.code == .refused, "\(after.client)")
        #expect(after.serverError?.code == .refused, "\(after.server)")
        #expect(try lead.replica.vector() == vector, "a revoked device got commits in")
        #expect(try lead.replica.rowIDs("quotas").isEmpty)
    }

    @Test func aRevokedDeviceIsRefusedOnceTheHubLearnsOfIt() async throws {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("net-revoked-relay", marketingMember: false)
        let founder = workspace.founder
        try lead.replica.revoke("Sara")
        // The founder has not heard of it yet: it still lets her in…
        let unaware = try await Self.sync(member, with: founder)
        #expect(unaware.clientReport != nil, "\(unaware.client)")
        // …until the lead syncs with it.
        let relay = try await Self.sync(lead, with: founder)
        #expect(relay.clientReport != nil, "\(relay.client)")
        #expect(try founder.replica.membership()?.active(member.id) == nil)
        let refused = try await Self.sync(member, with: founder)
        #expect(refused.clientError?.code == .refused, "\(refused.client)")
        #expect(refused.serverError?.code == .refused, "\(refused.server)")
    }

    @Test func aMarketingDeviceSyncingWithASalesHubReceivesOnlySharedCommits() async throws {
        let (_, lead, _, marketer) = try GovernedWorkspace.standard("net-audience")
        let marketing = try #require(marketer)
        try lead.replica.write { tx in
            try tx.insert("quotas", id: "q1", ["amount": .integer(40)])
            try tx.insert("notes", id: "n1", ["body": .text(GovernedFixtures.salesMarker)])
        }
        try lead.replica.write { tx in try tx.insert("notes", id: "n2", ["body": .text(GovernedFixtures.salesMarker)]) }
        let since = try marketing.replica.vector()
        let shared = try Self.count(lead.replica, since: since, audiences: [.all])
        let teamOnly = try Self.count(lead.replica, since: since, audiences: [GovernedFixtures.sales])
        #expect(shared == 1 && teamOnly == 2)

        let session = try await Self.sync(marketing, with: lead)
        let served = try #require(session.serverReport, "\(session.server)")
        #expect(served.sent == shared, "the hub sent \(served.sent) commits; only \(shared) are for everyone")
        #expect(served.summary.hasPrefix("sent \(shared) commit"), "\(served.summary)")
        #expect(session.clientReport?.received.received == shared, "\(session.client)")
        #expect(try marketing.replica.log(limit: 10_000).allSatisfy { $0.feed.audience != GovernedFixtures.sales })
        #expect(try marketing.replica.rowIDs("notes").isEmpty && marketing.replica.rowIDs("quotas") == ["q1"])
        #expect(try marketing.replica.digest(audiences: [.all]) == lead.replica.digest(audiences: [.all]))
    }

    /// The hello itself keeps a team's private feeds to the team: a marketing device that
    /// connects to a sales lead's hub sees only the shared feeds in the hub's vector and tips;
    /// a sales member sees the sales feeds too.
    @Test func aHubsHelloNamesOnlyFeedsThePeerMayHold() async throws {
        let (_, lead, member, marketer) = try GovernedWorkspace.standard("net-hello")
        let marketing = try #require(marketer)
        try lead.replica.write { tx in
            try tx.insert("quotas", id: "q1", ["amount": .integer(40)])
            try tx.insert("notes", id: "n1", ["body": .text(GovernedFixtures.salesMarker)])
        }
        #expect(try lead.replica.vector().heads.keys.contains { $0.audience == GovernedFixtures.sales })

        func hubHello(to peer: GovernedDevice) async throws -> SyncMessage.Hello? {
            try await NetHarness.onNetworkThreads {
                let served = try await NetHarness.TestServer.start(
                    lead.replica, limit: 1, configuration: SecurityTests.configuration)
                let raw = try await NetHarness.RawPeer.connect(port: served.port, tls: try NetHarness.RawPeer.tls(peer.replica))
                await raw.wait(seconds: 10) { events in
                    events.contains { if case .message(.hello) = $0 { true } else { false } }
                }
                let hello = raw.messages.lazy.compactMap { if case .hello(let hello) = $0 { hello } else { nil } }.first
                await raw.close()
                _ = try await served.finish()
                return hello
            }
        }
        let toMarketing = try #require(try await hubHello(to: marketing), "the hub said hello to a member")
        #expect(!toMarketing.vector.heads.isEmpty && !toMarketing.tips.commits.isEmpty)
        #expect(toMarketing.vector.heads.keys.allSatisfy { $0.audience == .all }, "\(toMarketing.vector)")
        #expect(toMarketing.tips.commits.keys.allSatisfy { $0.audience == .all })
        let toSales = try #require(try await hubHello(to: member))
        #expect(toSales.vector.heads.keys.contains { $0.audience == GovernedFixtures.sales }, "\(toSales.vector)")
        #expect(toSales.vector == (try lead.replica.vector()))
    }

    @Test func salesDataNeverTravelsThroughAMarketingHub() async throws {
        let (workspace, lead, member, _) = try GovernedWorkspace.standard("net-relay", marketingMember: false)
        let hub = workspace.founder
        try lead.replica.write { tx in
            try tx.insert("quotas", id: "q1", ["amount": .integer(40)])
            try tx.insert("notes", id: "n1", ["body": .text(GovernedFixtures.salesMarker)])
        }
        // The lead syncs with the marketing hub, then the member does.
        let first = try await Self.sync(lead, with: hub)
        #expect(first.clientReport?.sent == 1, "\(first.client)")
        let second = try await Self.sync(member, with: hub)
        #expect(second.clientReport?.received.applied == 1, "\(second.client)")
        #expect(try member.replica.rowIDs("quotas") == ["q1"], "the shared commit was relayed")
        #expect(try member.replica.rowIDs("notes").isEmpty, "a sales note came through the marketing hub")
        // The hub never held it: not in its log, not in its file.
        #expect(try hub.replica.log(limit: 10_000).allSatisfy { $0.feed.audience == .all })
        var bytes = Data()
        for suffix in ["", "-wal"] { bytes += FileManager.default.contents(atPath: hub.replica.path + suffix) ?? Data() }
        #expect(bytes.range(of: Data(GovernedFixtures.salesMarker.utf8)) == nil)
        // Directly between the two sales devices, it does travel.
        let direct = try await Self.sync(member, with: lead)
        #expect(direct.clientReport?.received.applied == 1, "\(direct.client)")
        #expect(try member.replica.rowIDs("notes") == ["n1"])
        #expect(try member.replica.digest() == lead.replica.digest())
    }
}
