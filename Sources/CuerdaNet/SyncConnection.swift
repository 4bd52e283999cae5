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
    let isServer: Bool
    /// The peer's address as "host:port", read when the connection was set up.
    let remote: String

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
        try pipeline.addHandler(ConnectionWatch(configuration: configuration, wire: counter))
        try pipeline.addHandler(
            ByteToMessageHandler(
                SyncFrameDecoder(maxHelloBytes: configuration.maxHelloBytes, maxFrameBytes: configuration.maxFrameBytes)))
        try pipeline.addHandler(MessageToByteHandler(SyncFrameEncoder()))
        let asyncChannel = try NIOAsyncChannel<SyncMessage, SyncMessage>(
            wrappingChannelSynchronously: channel,
            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 4)))
        return SyncConnection(
            channel: asyncChannel, gate: gate, counter: counter, isServer: isServer,
            remote: channel.remoteAddress.map(SyncServer.describe) ?? "?")
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
            channel: channel.channel, replica: replica, configuration: configuration, threadPool: threadPool, gate: gate,
            counter: counter,
            progress: progress)
        let underlying = channel.channel
        do {
            return try await channel.executeThenClose { inbound, _ in
                do {
                    return try await session.run(inbound: inbound)
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

    /// The reason codes of a TLS error (such as `SSLV3_ALERT_CERTIFICATE_UNKNOWN`), without
    /// the source paths the TLS library adds.
    static func tlsReason(_ error: any Error) -> String {
        var codes: [String] = []
        var current = ""
        for character in "\(error)" + " " {
            if character.isUppercase || character.isNumber || character == "_" {
                current.append(character)
            } else {
                if current.count >= 8, current.contains("_"), !current.hasSuffix("_"), !codes.contains(current) {
                    codes.append(current)
                }
                current = ""
            }
        }
        return codes.isEmpty ? "\(error)".prefix { $0 != "(" }.description : codes.joined(separator: ", ")
    }

    /// Turns whatever stopped the session into one clear error.
    func describe(_ error: any Error) -> CuerdaError {
        if case .refused(let reason) = gate.outcome { return reason }
        switch error {
        case let error as CuerdaError:
            return error
        case is NIOSSLError, is BoringSSLError:
            let reason = Self.tlsReason(error)
            // An alert from the peer is its refusal (in TLS 1.3 the client finishes its side
            // of the handshake before the server has judged the client's certificate, so a
            // refusal reaches the client as an alert after the handshake).
            if reason.contains("ALERT") {
                return CuerdaError(
                    .refused, "the peer refused this device (it does not know it as a member of the workspace)",
                    underlying: reason)
            }
            return CuerdaError(.network, "the TLS handshake failed", underlying: reason)
        case let error as ByteToMessageDecoderError:
            return CuerdaError(.protocolViolation, "the peer sent undecodable frames", underlying: "\(error)")
        case is CancellationError:
            return CuerdaError(.network, "the sync was cancelled")
        default:
            return CuerdaError(.network, "the connection failed", underlying: "\(error)")
        }
    }
}
