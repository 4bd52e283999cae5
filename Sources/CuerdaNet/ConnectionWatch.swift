import CuerdaCore
import NIOConcurrencyHelpers
import NIOCore
import NIOTLS

/// Sits next to the socket: counts the bytes that cross it in each direction (TLS records
/// included) and knows since when this side has been waiting for the socket to deliver.
///
/// Waiting is tracked here, below TLS, because only here does a `read` mean "the socket may
/// deliver": above TLS, decrypted data can arrive outside any socket read (after the
/// asynchronous certificate check), which would leave a waiting side looking busy.
final class WireByteCounter: ChannelDuplexHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Counts {
        var received = 0
        var sent = 0
        var waitingSince: NIODeadline?
    }

    private let counts = NIOLockedValueBox(Counts())

    var received: Int { counts.withLockedValue { $0.received } }
    var sent: Int { counts.withLockedValue { $0.sent } }
    /// When this side asked the socket for data it has not delivered yet; nil while the
    /// session holds back its reads (backpressure) or data has just arrived.
    var waitingSince: NIODeadline? { counts.withLockedValue { $0.waitingSince } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        counts.withLockedValue {
            $0.received += bytes
            $0.waitingSince = nil
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        counts.withLockedValue { if $0.waitingSince == nil { $0.waitingSince = .now() } }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let bytes = unwrapOutboundIn(data).readableBytes
        counts.withLockedValue { $0.sent += bytes }
        context.write(data, promise: promise)
    }
}

/// Keeps a connection honest about time: the TLS handshake must finish in time, a quiet
/// connection is kept alive with pings, a silent peer is dropped, and no session outlives
/// its total timeout. Each failure closes the connection with an error that says why.
///
/// "Silent" counts only while this side is actually waiting for the socket (see
/// ``WireByteCounter``): when the session is busy applying a batch it stops reading
/// (backpressure), and the peer is not to blame. Pings start once the session has written
/// its hello, so that the hello is always the first frame.
final class ConnectionWatch: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let handshakeTimeout: TimeAmount
    private let pingInterval: TimeAmount
    private let idleTimeout: TimeAmount
    private let totalTimeout: TimeAmount
    private let wire: WireByteCounter
    private var started = NIODeadline.now()
    private var handshakeDone = false
    private var handshakeAt = NIODeadline.now()
    private var lastWrite = NIODeadline.now()
    private var sessionStarted = false
    private var ticker: RepeatedTask?
    private var failed = false

    init(configuration: SyncConfiguration, wire: WireByteCounter) {
        self.wire = wire
        handshakeTimeout = TimeAmount(configuration.handshakeTimeout)
        pingInterval = TimeAmount(configuration.pingInterval)
        idleTimeout = TimeAmount(configuration.idleTimeout)
        totalTimeout = TimeAmount(configuration.totalTimeout)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        started = .now()
        lastWrite = started
        let shortest = min(pingInterval, idleTimeout, handshakeTimeout)
        let tick = TimeAmount.nanoseconds(max(10_000_000, shortest.nanoseconds / 4))
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        ticker = context.eventLoop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { _ in
            let (watch, context) = loopBound.value
            watch.check(context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        ticker?.cancel()
        ticker = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        ticker?.cancel()
        ticker = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            handshakeDone = true
            handshakeAt = .now()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastWrite = .now()
        sessionStarted = true
        context.write(data, promise: promise)
    }

    private func check(_ context: ChannelHandlerContext) {
        guard !failed else { return }
        let now = NIODeadline.now()
        if now - started > totalTimeout {
            fail(context, "the sync did not finish within \(Self.describe(totalTimeout))")
        } else if !handshakeDone {
            if now - started > handshakeTimeout {
                fail(context, "no TLS handshake within \(Self.describe(handshakeTimeout))")
            }
        } else if let since = wire.waitingSince, now - max(since, handshakeAt) > idleTimeout {
            fail(context, "the peer sent nothing for \(Self.describe(idleTimeout))")
        } else if sessionStarted, now - lastWrite > pingInterval {
            var frame = context.channel.allocator.buffer(capacity: 8)
            SyncMessage.ping.encodeFrame(into: &frame)
            lastWrite = now
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        }
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        failed = true
        ticker?.cancel()
        if handshakeDone {
            var frame = context.channel.allocator.buffer(capacity: reason.utf8.count + 16)
            SyncMessage.error(reason).encodeFrame(into: &frame)
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        }
        context.fireErrorCaught(CuerdaError(.timeout, reason))
        context.close(promise: nil)
    }

    static func describe(_ amount: TimeAmount) -> String {
        let ms = amount.nanoseconds / 1_000_000
        return ms % 1000 == 0 ? "\(ms / 1000) s" : "\(ms) ms"
    }
}
