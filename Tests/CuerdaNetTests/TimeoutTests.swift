import CuerdaCore
import CuerdaStore
import CuerdaTestSupport
import Foundation
import NIOCore
import Testing

@testable import CuerdaNet

/// Time limits of a connection (`ConnectionWatch`): a peer that never completes TLS, a peer
/// that goes silent and a session that runs too long are dropped with `.timeout` and a
/// reason; a peer that is quiet but sends pings is not. Only lower bounds on time are
/// asserted (a limit never fires early); upper bounds are generous waits, not measurements.
/// The network part of each test runs on threads of its own (`NetHarness.onNetworkThreads`).
@Suite struct TimeoutTests {
    static let configuration: SyncConfiguration = {
        var c = SyncConfiguration()
        c.handshakeTimeout = .milliseconds(500)
        c.pingInterval = .milliseconds(100)
        c.idleTimeout = .milliseconds(500)
        c.totalTimeout = .seconds(5)
        return c
    }()

    /// Two members of one workspace that know each other, with nothing to exchange.
    static func members(_ dir: TemporaryDirectory) throws -> [Replica] {
        let members = try Fixtures.replicas(2, in: dir)
        try Fixtures.introduce(members)
        return members
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    enum Stall: String, CaseIterable, Sendable {
        /// Connects and sends nothing at all.
        case silent
        /// Starts a TLS record (a handshake record header and a few bytes) and stops.
        case partialClientHello
    }

    @Test(arguments: Stall.allCases)
    func clientThatNeverCompletesTLSIsDropped(stall: Stall) async throws {
        let dir = TemporaryDirectory()
        let members = try Self.members(dir)
        let before = try NetHarness.Snapshot(members[0])

        try await NetHarness.onNetworkThreads {
            let served = try await NetHarness.TestServer.start(members[0], limit: 1, configuration: Self.configuration)
            let start = ContinuousClock.now
            let peer = try await NetHarness.RawPeer.connect(port: served.port, tls: nil)
            if stall == .partialClientHello {
                try await peer.sendRaw(ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00, 0xC8, 0x01, 0x00, 0x00, 0xC4, 0x03, 0x03]))
            }
            #expect(await peer.waitForClose(seconds: 3), "the server should drop it: \(peer.events)")
            let waited = Self.seconds(since: start)
            #expect(waited >= 0.45, "dropped after \(waited) s, before the 0.5 s handshake timeout")
            #expect(!peer.events.contains { if case .bytes = $0 { true } else { false } }, "\(peer.events)")

            let outcome = try await served.finish()[0]
            let failure = try #require(NetHarness.failure(outcome), "\(outcome.result)")
            #expect(failure.code == .timeout, "\(failure)")
            #expect(failure.message.contains("no TLS handshake within 500 ms"), "\(failure)")
        }
        #expect(try NetHarness.Snapshot(members[0]) == before)
    }

    enum HelloTiming: String, CaseIterable, Sendable {
        /// After the server's hello: the peer's hello arrives in a read of its own.
        case afterTheServersHello
        /// At once, as `SyncClient` does: it leaves with the peer's last handshake message,
        /// and the server gets it when its check of the peer's certificate completes.
        case withTheHandshake
    }

    /// An authenticated member sends its hello and then nothing: dropped with `.timeout`
    /// after the idle timeout, and told why. (The server, having nothing to send, pings.)
    @Test(arguments: HelloTiming.allCases)
    func authenticatedPeerThatGoesSilentIsDropped(timing: HelloTiming) async throws {
        let dir = TemporaryDirectory()
        let members = try Self.members(dir)
        let hello = SyncMessage.hello(
            .init(workspace: members[1].workspace, device: members[1].device.id, vector: try members[1].vector()))
        let isServersHello: ([NetHarness.RawPeer.Event]) -> Bool = {
            $0.contains { if case .message(.hello) = $0 { true } else { false } }
        }

        try await NetHarness.onNetworkThreads {
            let served = try await NetHarness.TestServer.start(members[0], limit: 1, configuration: Self.configuration)
            // The server cannot drop the peer before 0.5 s from its connection.
            let start = ContinuousClock.now
            let peer = try await NetHarness.RawPeer.connect(port: served.port, tls: try NetHarness.RawPeer.tls(members[1]))
            if timing == .afterTheServersHello {
                #expect(await peer.wait(seconds: 3, until: isServersHello), "\(peer.events)")
            }
            try await peer.send(hello)
            // From now on, silence.
            let dropped = await peer.waitForClose(seconds: 3)
            let waited = Self.seconds(since: start)
            let outcome = try await served.finish()[0]
            #expect(
                peer.messages.first { $0 != .ping }.map { if case .hello = $0 { true } else { false } } == true, "\(peer.events)")
            #expect(peer.messages.contains(.done), "\(peer.events)")
            #expect(peer.pingsReceived > 0, "\(peer.events)")
            let check = {
                #expect(dropped, "the server should drop a silent peer: \(peer.events)")
                #expect(waited >= 0.45, "dropped \(waited) s after connecting, before the 0.5 s idle timeout")
                #expect(peer.errorFrames.contains { $0.contains("sent nothing for 500 ms") }, "told why: \(peer.events)")
                let failure = NetHarness.failure(outcome)
                #expect(failure?.code == .timeout, "\(outcome.result)")
                #expect(failure?.message.contains("sent nothing for 500 ms") == true, "\(outcome.result)")
            }
            check()
        }
    }

    /// A member that holds its session open for three idle timeouts, sending nothing but
    /// pings, then finishes properly: the server neither drops it nor fails the session.
    @Test func pingsKeepAQuietSessionAlive() async throws {
        let dir = TemporaryDirectory()
        let members = try Self.members(dir)
        let hello = SyncMessage.hello(
            .init(workspace: members[1].workspace, device: members[1].device.id, vector: try members[1].vector()))

        try await NetHarness.onNetworkThreads {
            let served = try await NetHarness.TestServer.start(members[0], limit: 1, configuration: Self.configuration)
            let peer = try await NetHarness.RawPeer.connect(port: served.port, tls: try NetHarness.RawPeer.tls(members[1]))
            try await peer.send(hello)
            // Pings go on until the end: the test's own pace must not open a silence.
            let pinging = peer.startPinging(every: .milliseconds(100))
            defer { pinging.cancel() }
            try await Task.sleep(for: .milliseconds(1500))
            #expect(
                !peer.events.contains { if case .closed = $0 { true } else { false } }, "dropped while pinging: \(peer.events)")
            #expect(peer.errorFrames.isEmpty, "\(peer.events)")
            #expect(
                peer.messages.first { $0 != .ping }.map { if case .hello = $0 { true } else { false } } == true, "\(peer.events)")
            #expect(peer.messages.contains(.done), "\(peer.events)")
            // The server had nothing to send and pinged in turn.
            #expect(peer.pingsReceived > 0, "\(peer.events)")

            // Finish the exchange: done, the server's bye, our bye.
            try await peer.send(.done)
            let bye = await peer.wait(seconds: 3) { $0.contains { if case .message(.bye) = $0 { true } else { false } } }
            #expect(bye, "\(peer.events)")
            try await peer.send(.bye)
            #expect(await peer.waitForClose(seconds: 3), "\(peer.events)")

            let outcome = try await served.finish()[0]
            let report = try outcome.result.get()
            #expect(report.peer == members[1].device.id)
            #expect(report.seconds >= 1.4, "the session lasted through the pings (\(report.seconds) s)")
        }
    }

    /// The same from the client's side: the real `SyncClient` meets a server that, after
    /// its hello, only pings for three idle timeouts before finishing. The client stays and
    /// the sync succeeds; facing the same server silent, it gives up with `.timeout`.
    @Test(arguments: [true, false])
    func clientStaysWhileTheServerPings(serverPings: Bool) async throws {
        let dir = TemporaryDirectory()
        let members = try Self.members(dir)
        let hello = SyncMessage.hello(
            .init(workspace: members[0].workspace, device: members[0].device.id, vector: try members[0].vector()))

        let isMessage: (@escaping (SyncMessage) -> Bool) -> ([NetHarness.RawPeer.Event]) -> Bool = { wanted in
            { events in events.contains { if case .message(let message) = $0 { wanted(message) } else { false } } }
        }

        try await NetHarness.onNetworkThreads {
            // The pings start from the event loop as soon as the connection is accepted, so the
            // test's own pace cannot leave the client without news.
            let listener = try await NetHarness.RawListener.listen(
                as: members[0], pingEvery: serverPings ? .milliseconds(100) : nil)
            defer { Task { await listener.close() } }
            async let syncing = NetHarness.syncError(members[1], port: listener.port, configuration: Self.configuration)

            let connection = await listener.firstConnection(seconds: 3)
            let server = try #require(connection, "the client did not connect")
            defer { Task { await server.close() } }
            #expect(await server.wait(seconds: 3, until: isMessage { if case .hello = $0 { true } else { false } }))
            try await server.send(hello)
            if serverPings {
                // The client has nothing we lack: it says done at once, then waits for ours.
                #expect(await server.wait(seconds: 3, until: isMessage { $0 == .done }), "\(server.events)")
                let closed = await server.wait(seconds: 1.5) { $0.contains { if case .closed = $0 { true } else { false } } }
                #expect(!closed, "the client hung up on a server that pings: \(server.events)")
                try await server.send(.done)
                #expect(await server.wait(seconds: 3, until: isMessage { $0 == .bye }), "\(server.events)")
                try await server.send(.bye)
                let error = await syncing
                #expect(error == nil, "the sync should succeed: \(String(describing: error))")
            } else {
                let closed = await server.wait(seconds: 3) { $0.contains { if case .closed = $0 { true } else { false } } }
                #expect(closed, "the client should drop a silent server: \(server.events)")
                let error = await syncing
                #expect(error?.code == .timeout, "\(String(describing: error))")
                #expect(error?.message.contains("sent nothing for 500 ms") == true, "\(String(describing: error))")
            }
        }
    }

    @Test func totalTimeoutEndsASessionThatNeverFinishes() async throws {
        let dir = TemporaryDirectory()
        let members = try Self.members(dir)
        var configuration = Self.configuration
        configuration.totalTimeout = .seconds(1)
        let hello = SyncMessage.hello(
            .init(workspace: members[1].workspace, device: members[1].device.id, vector: try members[1].vector()))

        try await NetHarness.onNetworkThreads {
            let served = try await NetHarness.TestServer.start(members[0], limit: 1, configuration: configuration)
            let start = ContinuousClock.now
            let peer = try await NetHarness.RawPeer.connect(port: served.port, tls: try NetHarness.RawPeer.tls(members[1]))
            try await peer.send(hello)
            // A healthy but endless session: pings keep the idle timeout away, never done.
            let pinging = peer.startPinging(every: .milliseconds(100))
            let closed = await peer.waitForClose(seconds: 3)
            pinging.cancel()
            let waited = Self.seconds(since: start)
            #expect(closed, "the total timeout should end the session: \(peer.events)")
            #expect(waited >= 0.95, "ended after \(waited) s, before the 1 s total timeout")
            #expect(!peer.errorFrames.contains { $0.contains("sent nothing") }, "\(peer.events)")
            #expect(peer.errorFrames.contains { $0.contains("did not finish within 1 s") }, "\(peer.events)")

            let outcome = try await served.finish()[0]
            let failure = try #require(NetHarness.failure(outcome), "\(outcome.result)")
            #expect(failure.code == .timeout, "\(failure)")
            #expect(failure.message.contains("did not finish within 1 s"), "\(failure)")
        }
    }
}
