import Crypto
import CuerdaCore
import Foundation

/// A bundle encrypted to the devices of one team and signed by its sender, so that a relay
/// (mail, a USB stick, a hub of the other team) can neither read nor alter it.
///
/// Layout (all integers big-endian), specified in `Docs/file-format.md`:
///
///     magic "\x89CUERSL\n" | version u16 | reserved u16 | header length u32 | header
///     | body length u64 | body | Ed25519 signature (64) over everything before it
///
/// The header (protobuf wire format) names the workspace, the sender, the recipient team,
/// the creation time, the body nonce and, per recipient device, an HPKE encapsulated key and
/// the content key wrapped to that device (X25519 derived from its device ID, HKDF-SHA256,
/// ChaCha20-Poly1305). The body is the plain bundle sealed with ChaCha20-Poly1305 under the
/// content key, the magic and header as associated data.
public enum SealedBundle {
    public static let magic: [UInt8] = [0x89, 0x43, 0x55, 0x45, 0x52, 0x53, 0x4C, 0x0A]
    public static let version: UInt16 = 1
    public static let maxHeaderBytes = 1 << 20
    public static let maxRecipients = 4096
    public static let maxFileBytes = 1 << 28
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    public struct Header: Sendable, Hashable {
        public var workspace: WorkspaceID
        public var sender: DeviceID
        /// The team the file is sealed to.
        public var team: String
        public var created: UInt64
        public var nonce: [UInt8]
        public var recipients: [Recipient]
    }

    public struct Recipient: Sendable, Hashable {
        public var device: DeviceID
        public var encapsulatedKey: [UInt8]
        public var wrappedKey: [UInt8]
    }

    /// Whether the bytes start like a sealed bundle.
    public static func isSealed(_ prefix: some Collection<UInt8>) -> Bool { prefix.starts(with: magic) }

    /// Seals `bundle` (a complete plain bundle file) to `recipients`.
    public static func seal(
        _ bundle: [UInt8], workspace: WorkspaceID, sender: DeviceKey, team: String, recipients: [DeviceID], created: UInt64
    ) throws(CuerdaError) -> [UInt8] {
        guard !recipients.isEmpty, recipients.count <= maxRecipients else {
            throw CuerdaError(.invalidArgument, "a sealed file needs 1 to \(maxRecipients) recipient devices")
        }
        let contentKey = SymmetricKey(size: .bits256)
        let nonce = ChaChaPoly.Nonce()
        var header = Header(
            workspace: workspace, sender: sender.id, team: team, created: created, nonce: Array(nonce), recipients: [])
        do {
            for device in Set(recipients).sorted() {
                var hpke = try HPKE.Sender(
                    recipientKey: device.agreementKey(), ciphersuite: suite, info: info(workspace, sender.id))
                let wrapped = try contentKey.withUnsafeBytes { key in try hpke.seal(key, authenticating: device.bytes) }
                header.recipients.append(
                    Recipient(device: device, encapsulatedKey: Array(hpke.encapsulatedKey), wrappedKey: Array(wrapped)))
            }
            var file = prefix(header.encoded())
            let body = try ChaChaPoly.seal(bundle, using: contentKey, nonce: nonce, authenticating: file).combined
            let sealedBody = Array(body.dropFirst(12))  // the nonce is in the header
            file += bigEndian(UInt64(sealedBody.count)) + sealedBody
            return file + sender.sign(file)
        } catch let error as CuerdaError {
            throw error
        } catch {
            throw CuerdaError(.malformed, "cannot seal the bundle", underlying: "\(error)")
        }
    }

    /// Checks the sender's signature, then unwraps the content key with `device`'s key and
    /// decrypts the plain bundle.
    ///
    /// - Throws: `.badBundle` for a file that is cut short, altered or not sealed, or that is
    ///   not addressed to `device`; nothing is decrypted from a file whose signature fails.
    public static func open(_ file: [UInt8], as device: DeviceKey) throws(CuerdaError) -> (Header, [UInt8]) {
        let (header, headerEnd) = try parse(file)
        let signed = file.count - 64
        guard header.sender.verify(signature: file[signed...], over: file[..<signed]) else {
            throw CuerdaError(.badBundle, "the sealed file's signature does not match: it was altered or cut short")
        }
        guard let mine = header.recipients.first(where: { $0.device == device.id }) else {
            throw CuerdaError(
                .badBundle,
                "the file is sealed to \(header.team) (\(header.recipients.count) devices), not to this device \(device.id.short)"
            )
        }
        do {
            var hpke = try HPKE.Recipient(
                privateKey: device.agreementKey, ciphersuite: suite, info: info(header.workspace, header.sender),
                encapsulatedKey: Data(mine.encapsulatedKey))
            let key = SymmetricKey(data: try hpke.open(mine.wrappedKey, authenticating: device.id.bytes))
            let box = try ChaChaPoly.SealedBox(combined: header.nonce + file[(headerEnd + 8)..<signed])
            return (header, Array(try ChaChaPoly.open(box, using: key, authenticating: file[..<headerEnd])))
        } catch {
            throw CuerdaError(.badBundle, "the sealed file cannot be decrypted with this device's key")
        }
    }

    /// Parses the prefix and header, with limits, before any cryptography.
    static func parse(_ file: [UInt8]) throws(CuerdaError) -> (Header, headerEnd: Int) {
        guard isSealed(file) else { throw CuerdaError(.badBundle, "not a sealed Cuerda bundle (wrong magic bytes)") }
        guard file.count <= maxFileBytes else {
            throw CuerdaError(.limitExceeded, "the sealed file is over the \(maxFileBytes)-byte limit")
        }
        let cut = CuerdaError(.badBundle, "the sealed file is cut short (\(file.count) bytes)")
        guard file.count >= 16 else { throw cut }
        let version = UInt16(file[8]) << 8 | UInt16(file[9])
        guard version == Self.version else {
            throw CuerdaError(.badBundle, "sealed file version \(version) is not supported (this build reads \(Self.version))")
        }
        let headerLength = Int(file[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard headerLength <= maxHeaderBytes else { throw CuerdaError(.limitExceeded, "the sealed file's header is too large") }
        let headerEnd = 16 + headerLength
        guard file.count >= headerEnd + 8 + 64 else { throw cut }
        let bodyLength = file[headerEnd..<(headerEnd + 8)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard bodyLength == UInt64(file.count - headerEnd - 8 - 64) else { throw cut }
        let decoded: Result<Header, CuerdaError> = file[16..<headerEnd].withUnsafeBytes { raw in
            var reader = WireReader(raw)
            return Result { () throws(CuerdaError) in try Header(decoding: &reader) }
        }
        do { return (try decoded.get(), headerEnd) } catch {
            throw error.code == .badBundle || error.code == .limitExceeded
                ? error : CuerdaError(.badBundle, "the sealed file's header is malformed", underlying: error.message)
        }
    }

    private static func info(_ workspace: WorkspaceID, _ sender: DeviceID) -> Data {
        Data("cuerda sealed bundle v1".utf8 + workspace.bytes + sender.bytes)
    }

    private static func prefix(_ header: [UInt8]) -> [UInt8] {
        magic + bigEndian(version) + [0, 0] + bigEndian(UInt32(header.count)) + header
    }

    private static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<T.bitWidth / 8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}

extension SealedBundle.Header {
    func encoded() -> [UInt8] {
        var w = WireWriter()
        w.bytes(1, workspace.bytes)
        w.bytes(2, sender.bytes)
        w.string(3, team)
        w.uint(4, created)
        w.bytes(5, nonce)
        for recipient in recipients {
            w.message(6) { r in
                r.bytes(1, recipient.device.bytes)
                r.bytes(2, recipient.encapsulatedKey)
                r.bytes(3, recipient.wrappedKey)
            }
        }
        return w.bytes
    }

    init(decoding reader: inout WireReader) throws(CuerdaError) {
        var workspace: WorkspaceID?
        var sender: DeviceID?
        var team: String?
        var created: UInt64 = 0
        var nonce: [UInt8] = []
        var recipients: [SealedBundle.Recipient] = []
        while let (field, type) = try reader.nextField() {
            switch field {
            case 1: workspace = try WorkspaceID(bytes: reader.bytes(type))
            case 2: sender = try DeviceID(bytes: reader.bytes(type))
            case 3: team = try reader.string(type)
            case 4: created = try reader.uint(type)
            case 5: nonce = try reader.bytes(type)
            case 6:
                guard recipients.count < SealedBundle.maxRecipients else {
                    throw CuerdaError(.limitExceeded, "the sealed file names too many recipients")
                }
                var r = try reader.message(type)
                var device: DeviceID?
                var encapsulated: [UInt8] = []
                var wrapped: [UInt8] = []
                while let (field, type) = try r.nextField() {
                    switch field {
                    case 1: device = try DeviceID(bytes: r.bytes(type))
                    case 2: encapsulated = try r.bytes(type)
                    case 3: wrapped = try r.bytes(type)
                    default: try r.skip(type)
                    }
                }
                guard let device, encapsulated.count == 32, wrapped.count == 48 else {
                    throw CuerdaError(.badBundle, "the sealed file has a malformed recipient")
                }
                recipients.append(.init(device: device, encapsulatedKey: encapsulated, wrappedKey: wrapped))
            default: try reader.skip(type)
            }
        }
        guard let workspace, let sender, let team, nonce.count == 12, !recipients.isEmpty else {
            throw CuerdaError(.badBundle, "the sealed file's header is incomplete")
        }
        self.init(workspace: workspace, sender: sender, team: team, created: created, nonce: nonce, recipients: recipients)
    }
}
