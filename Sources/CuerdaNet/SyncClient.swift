import CuerdaCore
import CuerdaStore
import NIOCore
import NIOPosix
import NIOSSL

/// Connects to a peer and syncs once.
public enum SyncClient {
    /// Runs one sync with the peer at `host:port`: afterwards both replicas hold everything
    /// the other may see, or, if the sync failed part-way, whole batches of it.
    ///
    /// - Parameter progress: called after every batch sent or received.
    /// - Throws: ``CuerdaError`` saying why the sync failed: `.network` (cannot connect,
    ///   connection lost), `.refused` (not a member, on either side), `.wrongWorkspace`,
    ///   `.protocolViolation`, `.timeout`, or a storage error.
    public static func sync(
        replica: Replica, host: String, port: Int, configuration: SyncConfiguration = SyncConfiguration(),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, threadPool: NIOThreadPool = .singleton,
        progress: (@Sendable (SyncProgress) -> Void)? = nil
    ) async throws(CuerdaError) -> SyncReport {
        let configuration = configuration.validated()
        let tls = try DeviceCertificate(device: replica.device, workspace: replica.workspace).tlsContext(server: false)
        let gate = PeerGate(threadPool: threadPool) { device throws(CuerdaError) in try replica.audiences(visibleTo: device) }
        let connection: SyncConnection
        do {
            connection = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(configuration.handshakeTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try SyncConnection.configure(channel, tls: tls, isServer: false, gate: gate, configuration: configuration)
                    }
                }
        } catch {
            throw CuerdaError(.network, "cannot connect to \(host):\(port)", underlying: "\(error)")
        }
        return try await connection.runSession(
            replica: replica, configuration: configuration, threadPool: threadPool, progress: progress)
    }
}
