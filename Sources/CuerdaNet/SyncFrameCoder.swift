import CuerdaCore
import NIOCore

/// Cuts the byte stream into frames and decodes each into a ``SyncMessage``.
///
/// The length prefix is checked against the limit before the frame is buffered, so a peer
/// announcing a huge frame is refused without allocating for it. The first frame (the
/// hello, sent before the peer is known to speak the protocol) has a smaller limit.
public struct SyncFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = SyncMessage

    private let maxHelloBytes: Int
    private let maxFrameBytes: Int
    private var framesDecoded = 0

    public init(maxHelloBytes: Int = SyncConfiguration().maxHelloBytes, maxFrameBytes: Int = SyncConfiguration().maxFrameBytes) {
        self.maxHelloBytes = maxHelloBytes
        self.maxFrameBytes = maxFrameBytes
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try nextMessage(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        if let message = try nextMessage(&buffer) {
            context.fireChannelRead(Self.wrapInboundOut(message))
            return .continue
        }
        if seenEOF, buffer.readableBytes > 0 {
            let partial = buffer.readableBytes
            buffer.moveReaderIndex(forwardBy: partial)
            throw CuerdaError(.network, "the connection closed in the middle of a frame (\(partial) bytes of it received)")
        }
        return .needMoreData
    }

    private mutating func nextMessage(_ buffer: inout ByteBuffer) throws(CuerdaError) -> SyncMessage? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return nil }
        let limit = framesDecoded == 0 ? maxHelloBytes : maxFrameBytes
        guard length <= limit else {
            throw CuerdaError(
                .protocolViolation,
                "\(framesDecoded == 0 ? "first frame" : "frame") of \(length) bytes exceeds the \(limit)-byte limit")
        }
        guard length > 0 else { throw CuerdaError(.protocolViolation, "empty frame") }
        guard buffer.readableBytes >= SyncMessage.lengthBytes + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: SyncMessage.lengthBytes)
        let body = buffer.readSlice(length: Int(length))!
        framesDecoded += 1
        return try SyncMessage(frameBody: body)
    }
}

/// Encodes each outgoing ``SyncMessage`` as one frame.
public struct SyncFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = SyncMessage

    public init() {}

    public func encode(data: SyncMessage, out: inout ByteBuffer) throws {
        data.encodeFrame(into: &out)
    }
}
