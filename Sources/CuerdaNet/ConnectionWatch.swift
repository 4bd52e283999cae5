import CuerdaCore
import NIOConcurrencyHelpers
import NIOCore
import NIOTLS

/// Bytes that crossed the socket in each direction, TLS records included.
final class WireByteCounter: ChannelDuplexHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let counts = NIOLockedValueBox((received: 0, sent: 0))

    var received: Int { counts.withLockedValue { $0.received } }
    var sent: Int { counts.withLockedValue { $0.sent } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        counts.withLockedValue { $0.received += bytes }
        context.fireChannelRead(data)
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
/// "Silent" counts only while this side is actually waiting to read: when the session is
/// busy applying a batch it stops reading (backpressure), and the peer is not to blame.
final class ConnectionWatch: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let handshakeTimeout: TimeAmount
    private let pingInterval: TimeAmount
    private let idleTimeout: TimeAmount
    private let totalTimeout: TimeAmount
    private var started = NIODeadline.now()
    private var handshakeDone = false
    private var lastWrite = NIODeadline.now()
    private var waitingSince: NIODeadline?
    private var ticker: RepeatedTask?
    private var failed = false

    init(configuration: SyncConfiguration) {
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
            if waitingSince != nil { waitingSince = .now() }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        waitingSince = nil
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if waitingSince == nil { waitingSince = .now() }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastWrite = .now()
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
        } else if let since = waitingSince, now - since > idleTimeout {
            fail(context, "the peer sent nothing for \(Self.describe(idleTimeout))")
        } else if now - lastWrite > pingInterval {
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
