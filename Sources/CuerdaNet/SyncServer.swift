import CuerdaCore
import CuerdaStore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// How one incoming connection ended.
public struct SessionOutcome: Sendable {
    /// The peer's address, as "host:port".
    public var remote: String
    public var result: Result<SyncReport, CuerdaError>
}

/// Listens for peers and syncs with each one that is a member of the workspace.
///
/// A server is just a peer that waits: every session is the same symmetric exchange as
/// ``SyncClient``'s, so a hub relays the commits of every device it has heard from.
public final class SyncServer: Sendable {
    /// The address actually bound (port 0 asks the system for a free one).
    public let host: String
    public let port: Int

    private let listener: NIOAsyncChannel<SyncConnection, Never>
    private let replica: Replica
    private let configuration: SyncConfiguration
    private let threadPool: NIOThreadPool

    private init(
        listener: NIOAsyncChannel<SyncConnection, Never>, replica: Replica, configuration: SyncConfiguration,
        threadPool: NIOThreadPool
    ) {
        self.listener = listener
        self.replica = replica
        self.configuration = configuration
        self.threadPool = threadPool
        host = listener.channel.localAddress?.ipAddress ?? "?"
        port = listener.channel.localAddress?.port ?? 0
    }

    /// Binds a listening socket for `replica`.
    ///
    /// - Parameters:
    ///   - host: the address to listen on; loopback unless another is asked for.
    ///   - port: the TCP port; 0 picks a free one (see ``port``).
    /// - Throws: ``CuerdaError`` `.network` when the address cannot be bound.
    public static func bind(
        replica: Replica, host: String = "127.0.0.1", port: Int = 0, configuration: SyncConfiguration = SyncConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, threadPool: NIOThreadPool = .singleton
    ) async throws(CuerdaError) -> SyncServer {
        let configuration = configuration.validated()
        let tls = try DeviceCertificate(device: replica.device, workspace: replica.workspace).tlsContext(server: true)
        let authorize: @Sendable (DeviceID) throws(CuerdaError) -> Set<Audience>? = { device throws(CuerdaError) in
            try replica.audiences(visibleTo: device)
        }
        do {
            let listener = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: 64)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .bind(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let gate = PeerGate(threadPool: threadPool, authorize: authorize)
                        return try SyncConnection.configure(
                            channel, tls: tls, isServer: true, gate: gate, configuration: configuration)
                    }
                }
            return SyncServer(listener: listener, replica: replica, configuration: configuration, threadPool: threadPool)
        } catch {
            throw CuerdaError(.network, "cannot listen on \(host):\(port)", underlying: "\(error)")
        }
    }

    /// Accepts connections and runs a session for each, concurrently, until `limit`
    /// connections have been accepted and served (nil: until ``close()``).
    ///
    /// A failing session never stops the server: its outcome goes to `onSession`.
    /// - Parameter maxConcurrent: connections beyond this many at once are closed at once.
    public func run(
        limit: Int? = nil, maxConcurrent: Int = 64, onSession: @escaping @Sendable (SessionOutcome) -> Void
    ) async throws(CuerdaError) {
        let active = NIOLockedValueBox(0)
        let (replica, configuration, threadPool) = (self.replica, self.configuration, self.threadPool)
        do {
            try await withThrowingDiscardingTaskGroup { group in
                try await listener.executeThenClose { connections in
                    var accepted = 0
                    for try await connection in connections {
                        accepted += 1
                        let remote = connection.remote
                        let admitted = active.withLockedValue { count in
                            guard count < maxConcurrent else { return false }
                            count += 1
                            return true
                        }
                        guard admitted else {
                            connection.channel.channel.close(promise: nil)
                            onSession(
                                SessionOutcome(
                                    remote: remote,
                                    result: .failure(CuerdaError(.refused, "too many connections (\(maxConcurrent) at once)"))))
                            continue
                        }
                        group.addTask {
                            defer { active.withLockedValue { $0 -= 1 } }
                            do {
                                let report = try await connection.runSession(
                                    replica: replica, configuration: configuration, threadPool: threadPool, progress: nil)
                                onSession(SessionOutcome(remote: remote, result: .success(report)))
                            } catch {
                                onSession(SessionOutcome(remote: remote, result: .failure(connection.describe(error))))
                            }
                        }
                        if let limit, accepted >= limit { break }
                    }
                }
            }
        } catch {
            throw CuerdaError(.network, "the listener failed", underlying: "\(error)")
        }
    }

    /// Stops accepting connections; sessions already running finish.
    public func close() async {
        try? await listener.channel.close()
    }

    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port.map(String.init) ?? "?"
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
