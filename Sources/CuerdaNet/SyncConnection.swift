import CuerdaCore
import CuerdaStore
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection set up for syncing, on either side.
///
/// Pipeline, from the socket up: byte counter, TLS, connection watch (timeouts and pings),
/// frame decoder and encoder, then the async channel the session reads and writes.
struct SyncConnection: Sendable {
    let channel: NIOAsyncChannel<SyncMessage, SyncMessage>
    let gate: PeerGate
    let counter: WireByteCounter

    /// Installs the handlers on a fresh channel; runs on its event loop.
    static func configure(
        _ channel: any Channel, tls: NIOSSLContext, isServer: Bool, gate: PeerGate, configuration: SyncConfiguration
    ) throws -> SyncConnection {
        let counter = WireByteCounter()
        let verify: NIOSSLCustomVerificationCallback = { certificates, promise in gate.verify(certificates, promise) }
        let tlsHandler: any ChannelHandler =
            isServer
            ? NIOSSLServerHandler(context: tls, customVerificationCallback: verify)
            : try NIOSSLClientHandler(context: tls, serverHostname: nil, customVerificationCallback: verify)
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(counter)
        try pipeline.addHandler(tlsHandler)
        try pipeline.addHandler(ConnectionWatch(configuration: configuration))
        try pipeline.addHandler(
            ByteToMessageHandler(
                SyncFrameDecoder(maxHelloBytes: configuration.maxHelloBytes, maxFrameBytes: configuration.maxFrameBytes)))
        try pipeline.addHandler(MessageToByteHandler(SyncFrameEncoder()))
        let asyncChannel = try NIOAsyncChannel<SyncMessage, SyncMessage>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 4)))
        return SyncConnection(channel: asyncChannel, gate: gate, counter: counter)
    }

    /// Runs a session on this connection and closes it, whatever happens.
    ///
    /// - Throws: ``CuerdaError`` saying why the sync failed; on failure the peer is sent an
    ///   `error` frame first when the connection still allows it.
    func runSession(
        replica: Replica, configuration: SyncConfiguration, threadPool: NIOThreadPool,
        progress: (@Sendable (SyncProgress) -> Void)?
    ) async throws(CuerdaError) -> SyncReport {
        let session = SyncSession(
            replica: replica, configuration: configuration, threadPool: threadPool, gate: gate, counter: counter,
            progress: progress)
        let underlying = channel.channel
        do {
            return try await channel.executeThenClose { inbound, outbound in
                do {
                    return try await session.run(inbound: inbound, outbound: outbound)
                } catch {
                    let failure = describe(error)
                    if failure.code != .timeout, failure.code != .network {
                        // Best effort and without waiting: the peer learns why before the close.
                        underlying.writeAndFlush(SyncMessage.error(failure.message), promise: nil)
                    }
                    throw failure
                }
            }
        } catch {
            throw describe(error)
        }
    }

    /// Turns whatever stopped the session into one clear error.
    func describe(_ error: any Error) -> CuerdaError {
        if case .refused(let reason) = gate.outcome { return reason }
        switch error {
        case let error as CuerdaError:
            return error
        case let error as NIOSSLError:
            if case .handshakeFailed = error {
                return CuerdaError(
                    .refused, "the peer refused this device during the TLS handshake (is it a member of the workspace?)",
                    underlying: "\(error)")
            }
            return CuerdaError(.network, "TLS failed", underlying: "\(error)")
        case let error as ByteToMessageDecoderError:
            return CuerdaError(.protocolViolation, "the peer sent undecodable frames", underlying: "\(error)")
        case is CancellationError:
            return CuerdaError(.network, "the sync was cancelled")
        default:
            return CuerdaError(.network, "the connection failed", underlying: "\(error)")
        }
    }
}
