import CuerdaCore
import NIOCore

/// Frame layout: a 4-byte big-endian length of what follows, a 1-byte kind, and the payload
/// in the protobuf wire format (`Docs/protocol.md`, messages in `Docs/cuerda.proto`).
extension SyncMessage {
    enum Kind: UInt8 {
        case hello = 1
        case batch, ack, done, bye, ping, error
    }

    /// Bytes of the length prefix.
    static let lengthBytes = 4

    var kind: Kind {
        switch self {
        case .hello: .hello
        case .batch: .batch
        case .ack: .ack
        case .done: .done
        case .bye: .bye
        case .ping: .ping
        case .error: .error
        }
    }

    /// Appends the whole frame (length, kind, payload) to `buffer`.
    func encodeFrame(into buffer: inout ByteBuffer) {
        var w = WireWriter()
        switch self {
        case .hello(let hello):
            w.uint(1, UInt64(hello.version))
            w.bytes(2, hello.workspace.bytes)
            w.bytes(3, hello.device.bytes)
            hello.vector.encode(into: &w, field: 4)
            hello.tips.encode(into: &w, field: 5)
        case .batch(let batch):
            w.uint(1, batch.number)
            for commit in batch.commits {
                w.message(2) { c in
                    c.bytes(1, commit.bytes)
                    c.bytes(2, commit.signature)
                }
            }
        case .ack(let number):
            w.uint(1, number)
        case .error(let message):
            w.string(1, message)
        case .done, .bye, .ping:
            break
        }
        buffer.writeInteger(UInt32(1 + w.bytes.count))
        buffer.writeInteger(kind.rawValue)
        buffer.writeBytes(w.bytes)
    }

    /// Decodes a frame body (kind and payload, without the length prefix).
    init(frameBody body: ByteBuffer) throws(CuerdaError) {
        var body = body
        guard let raw = body.readInteger(as: UInt8.self) else {
            throw CuerdaError(.protocolViolation, "empty frame")
        }
        guard let kind = Kind(rawValue: raw) else {
            throw CuerdaError(.protocolViolation, "unknown frame kind \(raw)")
        }
        let decoded = body.withUnsafeReadableBytes { payload -> Result<SyncMessage, CuerdaError> in
            var r = WireReader(payload)
            do throws(CuerdaError) {
                let message = try Self.decode(kind, &r)
                return .success(message)
            } catch {
                return .failure(error)
            }
        }
        switch decoded {
        case .success(let message): self = message
        case .failure(let error) where error.code == .protocolViolation: throw error
        case .failure(let error): throw CuerdaError(.protocolViolation, "malformed \(kind) frame: \(error.message)")
        }
    }

    private static func decode(_ kind: Kind, _ r: inout WireReader) throws(CuerdaError) -> SyncMessage {
        switch kind {
        case .hello:
            var version: UInt64 = 0
            var workspace: [UInt8]?
            var device: [UInt8]?
            var vector = VersionVector()
            var tips = FeedTips()
            while let (field, type) = try r.nextField() {
                switch field {
                case 1: version = try r.uint(type)
                case 2: workspace = try r.bytes(type)
                case 3: device = try r.bytes(type)
                case 4: try vector.decodeEntry(from: &r, wireType: type)
                case 5: try tips.decodeEntry(from: &r, wireType: type)
                default: try r.skip(type)
                }
            }
            guard let workspace, let device, version > 0, version <= UInt64(UInt32.max) else {
                throw CuerdaError(.protocolViolation, "hello lacks version, workspace or device")
            }
            return .hello(
                Hello(
                    version: UInt32(version), workspace: try WorkspaceID(bytes: workspace), device: try DeviceID(bytes: device),
                    vector: vector, tips: tips))
        case .batch:
            var number: UInt64 = 0
            var commits: [SignedCommit] = []
            while let (field, type) = try r.nextField() {
                switch field {
                case 1: number = try r.uint(type)
                case 2:
                    var c = try r.message(type)
                    var bytes: [UInt8] = []
                    var signature: [UInt8] = []
                    while let (f, t) = try c.nextField() {
                        switch f {
                        case 1: bytes = try c.bytes(t)
                        case 2: signature = try c.bytes(t)
                        default: try c.skip(t)
                        }
                    }
                    commits.append(SignedCommit(bytes: bytes, signature: signature))
                default: try r.skip(type)
                }
            }
            guard number > 0 else { throw CuerdaError(.protocolViolation, "batch without a number") }
            return .batch(Batch(number: number, commits: commits))
        case .ack:
            var number: UInt64 = 0
            while let (field, type) = try r.nextField() {
                if field == 1 { number = try r.uint(type) } else { try r.skip(type) }
            }
            guard number > 0 else { throw CuerdaError(.protocolViolation, "ack without a batch number") }
            return .ack(number)
        case .error:
            var message = ""
            while let (field, type) = try r.nextField() {
                if field == 1 { message = try r.string(type) } else { try r.skip(type) }
            }
            return .error(message)
        case .done: return .done
        case .bye: return .bye
        case .ping: return .ping
        }
    }
}
