import CZlib
import CuerdaCore

/// Streaming raw-deflate compression (zlib), used for bundle bodies.
/// zlib keeps a pointer back to its `z_stream`, so the stream lives at a fixed heap address.
final class Deflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private(set) var output: [UInt8] = []

    init(level: Int32 = 6) {
        // windowBits -15: a raw deflate stream; the bundle format carries its own checks.
        stream.initialize(to: z_stream())
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib deflateInit2 failed: \(status)")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    func write(_ bytes: [UInt8]) { run(bytes, flush: Z_NO_FLUSH) }

    /// Ends the stream and returns the compressed bytes.
    func finish() -> [UInt8] {
        run([], flush: Z_FINISH)
        return output
    }

    private func run(_ input: [UInt8], flush: Int32) {
        var input = input
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        input.withUnsafeMutableBufferPointer { inBuf in
            stream.pointee.next_in = inBuf.baseAddress
            stream.pointee.avail_in = UInt32(inBuf.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { outBuf -> Int in
                    stream.pointee.next_out = outBuf.baseAddress
                    stream.pointee.avail_out = UInt32(outBuf.count)
                    _ = deflate(stream, flush)
                    return outBuf.count - Int(stream.pointee.avail_out)
                }
                output.append(contentsOf: chunk[0..<produced])
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && stream.pointee.avail_in > 0)
            stream.pointee.next_in = nil
        }
    }
}

/// Streaming raw-deflate decompression with a hard cap on the output, so a small file
/// cannot expand into unbounded memory (a decompression bomb).
final class Inflater {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private let input: [UInt8]
    private var inputOffset: Int
    private let inputEnd: Int
    private(set) var produced = 0
    private let limit: Int
    private var ended = false

    /// - Parameters:
    ///   - input: a buffer holding the compressed bytes (shared, not copied).
    ///   - range: where in `input` the compressed bytes are.
    ///   - limit: the most bytes the stream may expand to.
    init(_ input: [UInt8], range: Range<Int>, limit: Int) {
        self.input = input
        inputOffset = range.lowerBound
        inputEnd = range.upperBound
        self.limit = limit
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib inflateInit2 failed: \(status)")
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    var isFinished: Bool { ended }

    /// Whether the stream ended exactly at the end of the input (no trailing bytes).
    var isAtEndOfInput: Bool { ended && inputOffset == inputEnd }

    /// The next chunk of decompressed bytes (at most `max`), or an empty array at the end.
    func read(max: Int = 256 * 1024) throws(CuerdaError) -> [UInt8] {
        guard !ended else { return [] }
        var out = [UInt8](repeating: 0, count: max)
        var status: Int32 = Z_OK
        let count = out.withUnsafeMutableBufferPointer { outBuf -> Int in
            input.withUnsafeBufferPointer { inBuf -> Int in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress! + inputOffset)
                stream.pointee.avail_in = UInt32(inputEnd - inputOffset)
                stream.pointee.next_out = outBuf.baseAddress
                stream.pointee.avail_out = UInt32(outBuf.count)
                status = inflate(stream, Z_NO_FLUSH)
                inputOffset = inputEnd - Int(stream.pointee.avail_in)
                return outBuf.count - Int(stream.pointee.avail_out)
            }
        }
        produced += count
        guard produced <= limit else {
            throw CuerdaError(.limitExceeded, "bundle body expands past its declared \(limit) bytes (decompression bomb?)")
        }
        switch status {
        case Z_STREAM_END:
            ended = true
        case Z_OK:
            break
        case Z_BUF_ERROR where count > 0:
            break
        case Z_BUF_ERROR:
            throw CuerdaError(.badBundle, "bundle body is cut short")
        default:
            throw CuerdaError(.badBundle, "bundle body is not valid deflate data (zlib \(status))")
        }
        out.removeSubrange(count...)
        return out
    }
}
