/// A writer of the protobuf wire format (varints, fixed64 and length-delimited fields).
///
/// Cuerda hand-writes its codecs over this format rather than generating them: the layouts
/// are small, `Docs/cuerda.proto` documents them (and lets `protoc --decode` inspect any
/// commit), and a commit is decoded straight from the signed bytes with no copy.
public struct WireWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    private mutating func tag(_ field: UInt32, _ wireType: UInt8) {
        varint(UInt64(field) << 3 | UInt64(wireType))
    }

    public mutating func uint(_ field: UInt32, _ value: UInt64) {
        tag(field, 0)
        varint(value)
    }

    /// A signed integer, zig-zag encoded (protobuf `sint64`).
    public mutating func sint(_ field: UInt32, _ value: Int64) {
        uint(field, UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public mutating func fixed64(_ field: UInt32, _ value: UInt64) {
        tag(field, 1)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func bytes(_ field: UInt32, _ value: some Collection<UInt8>) {
        tag(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ field: UInt32, _ value: String) {
        var value = value
        value.withUTF8 { bytes(field, $0) }
    }

    /// A nested message, written by `body` into a scratch writer.
    public mutating func message(_ field: UInt32, _ body: (inout WireWriter) -> Void) {
        var inner = WireWriter()
        body(&inner)
        bytes(field, inner.bytes)
    }
}

/// A reader of the protobuf wire format over a byte buffer, with bounds checked on every read.
///
/// Unknown fields are skipped, which is what makes every format forward-compatible: a newer
/// writer may add fields that an older reader ignores.
public struct WireReader {
    private let buffer: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int

    public init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
        position = 0
        end = buffer.count
    }

    private init(buffer: UnsafeRawBufferPointer, position: Int, end: Int) {
        self.buffer = buffer
        self.position = position
        self.end = end
    }

    public var isAtEnd: Bool { position >= end }

    public mutating func varint() throws(CuerdaError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw Self.truncated }
            let byte = buffer[position]
            position += 1
            if shift == 63 && byte > 1 { throw CuerdaError(.malformed, "varint overflows 64 bits") }
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw CuerdaError(.malformed, "varint longer than 10 bytes") }
        }
    }

    /// The next field's number and wire type, or nil at the end.
    public mutating func nextField() throws(CuerdaError) -> (field: UInt32, wireType: UInt8)? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        guard key >> 3 > 0, key >> 3 <= UInt64(UInt32.max) else { throw CuerdaError(.malformed, "field number 0 or too large") }
        return (UInt32(key >> 3), UInt8(key & 7))
    }

    public mutating func uint(_ wireType: UInt8) throws(CuerdaError) -> UInt64 {
        try expect(wireType, 0)
        return try varint()
    }

    public mutating func sint(_ wireType: UInt8) throws(CuerdaError) -> Int64 {
        let raw = try uint(wireType)
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    public mutating func fixed64(_ wireType: UInt8) throws(CuerdaError) -> UInt64 {
        try expect(wireType, 1)
        guard end - position >= 8 else { throw Self.truncated }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(buffer[position + i]) << (8 * UInt64(i)) }
        position += 8
        return value
    }

    /// A length-delimited field's bytes, as a slice of the buffer (no copy).
    public mutating func slice(_ wireType: UInt8) throws(CuerdaError) -> UnsafeRawBufferPointer {
        try expect(wireType, 2)
        let length = try varint()
        guard length <= UInt64(end - position) else { throw Self.truncated }
        let start = position
        position += Int(length)
        return UnsafeRawBufferPointer(rebasing: buffer[start..<position])
    }

    public mutating func bytes(_ wireType: UInt8) throws(CuerdaError) -> [UInt8] { Array(try slice(wireType)) }

    public mutating func string(_ wireType: UInt8) throws(CuerdaError) -> String {
        let raw = try slice(wireType)
        guard let text = String(validating: raw, as: UTF8.self) else { throw CuerdaError(.malformed, "text is not valid UTF-8") }
        return text
    }

    /// A reader over a nested message.
    public mutating func message(_ wireType: UInt8) throws(CuerdaError) -> WireReader {
        let inner = try slice(wireType)
        return WireReader(inner)
    }

    /// Skips a field this reader does not know.
    public mutating func skip(_ wireType: UInt8) throws(CuerdaError) {
        switch wireType {
        case 0: _ = try varint()
        case 1: _ = try fixed64(wireType)
        case 2: _ = try slice(wireType)
        case 5:
            guard end - position >= 4 else { throw Self.truncated }
            position += 4
        default: throw CuerdaError(.malformed, "unknown wire type \(wireType)")
        }
    }

    private func expect(_ actual: UInt8, _ wanted: UInt8) throws(CuerdaError) {
        guard actual == wanted else { throw CuerdaError(.malformed, "wire type \(actual) where \(wanted) was expected") }
    }

    private static let truncated = CuerdaError(.malformed, "field runs past the end of its message")
}
