// fuzz-frame: the sync protocol's frame decoding, on bytes a peer controls. The first input
// byte picks the mode (its lowest bit), the rest of the input being:
//
// - 0, `body`: one frame body (kind byte and payload, without the length prefix), decoded by
//   `SyncMessage(frameBody:)` (internal, hence `@testable`); a batch's commits are then
//   decoded as the session does. A message that decodes re-encodes canonically.
// - 1, `stream`: a byte stream of frames (`length u32 BE | kind | payload`...), fed to the
//   `SyncFrameDecoder` (`ByteToMessageDecoder`) on an `EmbeddedChannel`, then closed, so that
//   the length checks (with smaller limits than the defaults: 4 KiB for the first frame,
//   64 KiB after), partial frames and the end of the stream are covered too.

import CuerdaCore
import FuzzMain
import NIOCore
import NIOEmbedded

@testable import CuerdaNet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = UnsafeBufferPointer(start: data + 1, count: size - 1)
    if data[0] & 1 == 0 {
        decodeBody(ByteBuffer(bytes: rest))
    } else {
        decodeStream(ByteBuffer(bytes: rest))
    }
    return 0
}

func decodeBody(_ body: ByteBuffer) {
    let message: SyncMessage
    do { message = try SyncMessage(frameBody: body) } catch { return }  // a CuerdaError: a protocol violation
    if case .batch(let batch) = message {
        for commit in batch.commits { _ = try? commit.decode() }
    }
    // Compared as bytes, not messages: writers drop zero vector entries a reader may keep.
    let canonical = frameBody(message)
    guard let again = try? SyncMessage(frameBody: canonical) else {
        fatalError("a decoded \(message.kind) frame re-encodes to a body that does not decode")
    }
    guard frameBody(again) == canonical else { fatalError("a decoded \(message.kind) frame does not re-encode canonically") }
}

/// The frame's body (kind and payload) as this build writes it.
func frameBody(_ message: SyncMessage) -> ByteBuffer {
    var frame = ByteBuffer()
    message.encodeFrame(into: &frame)
    frame.moveReaderIndex(forwardBy: SyncMessage.lengthBytes)
    return frame
}

func decodeStream(_ stream: ByteBuffer) {
    let channel = EmbeddedChannel(
        handler: ByteToMessageHandler(SyncFrameDecoder(maxHelloBytes: 4096, maxFrameBytes: 1 << 16)))
    defer { _ = try? channel.finish() }
    do {
        try channel.writeInbound(stream)
        while let message = try channel.readInbound(as: SyncMessage.self) {
            if case .batch(let batch) = message {
                for commit in batch.commits { _ = try? commit.decode() }
            }
        }
        _ = try channel.finish()
    } catch is CuerdaError {
        // A protocol violation, an oversize frame, or a frame cut by the end of the stream.
    } catch is ByteToMessageDecoderError {
        // Bytes left over when the channel closed.
    } catch {
        fatalError("the frame decoder threw something other than a CuerdaError: \(error)")
    }
}

@main
enum FuzzFrameMain {
    static func main() { runLibFuzzer { data, size in fuzz(data!, size) } }
}
