import Crypto
import Foundation

/// A device's identity: its 32-byte Ed25519 public key.
///
/// Ordering is bytewise, which makes it usable as the last tie-breaker of a merge.
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(CuerdaError) {
        guard bytes.count == 32 else {
            throw CuerdaError(.malformed, "a device ID has 32 bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Parses the hex form printed by `description` (or an unambiguous prefix is not accepted:
    /// identities are compared in full).
    public init(hex: String) throws(CuerdaError) {
        guard let bytes = Hex.decode(hex) else {
            throw CuerdaError(.invalidArgument, "not a hex device ID: \(hex)")
        }
        try self.init(bytes: bytes)
    }

    public static func < (lhs: DeviceID, rhs: DeviceID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    public var hex: String { Hex.encode(bytes) }
    /// The first 12 hex digits: enough to tell devices apart on a screen.
    public var short: String { String(hex.prefix(12)) }
    public var description: String { hex }

    /// Checks an Ed25519 signature made by this device over `message`.
    public func verify(signature: some DataProtocol, over message: some DataProtocol) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A device's private signing key. Its public half is the device's ``DeviceID``.
public struct DeviceKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey
    public let id: DeviceID

    /// Makes a fresh random key.
    public init() {
        key = Curve25519.Signing.PrivateKey()
        id = try! DeviceID(bytes: Array(key.publicKey.rawRepresentation))
    }

    /// Restores a key from its 32-byte raw representation.
    public init(rawRepresentation: some ContiguousBytes) throws(CuerdaError) {
        do {
            key = try Curve25519.Signing.PrivateKey(rawRepresentation: rawRepresentation)
        } catch {
            throw CuerdaError(.malformed, "not an Ed25519 private key", underlying: "\(error)")
        }
        id = try DeviceID(bytes: Array(key.publicKey.rawRepresentation))
    }

    public var rawRepresentation: Data { key.rawRepresentation }

    /// Signs `message` (64-byte Ed25519 signature).
    public func sign(_ message: some DataProtocol) -> Data {
        // Signing with a valid in-memory key cannot fail; BoringSSL only reports allocation failures.
        try! key.signature(for: message)
    }
}

/// A workspace's random 16-byte identity, fixed at genesis.
public struct WorkspaceID: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(CuerdaError) {
        guard bytes.count == 16 else {
            throw CuerdaError(.malformed, "a workspace ID has 16 bytes, not \(bytes.count)")
        }
        self.bytes = bytes
    }

    public init(hex: String) throws(CuerdaError) {
        guard let bytes = Hex.decode(hex) else {
            throw CuerdaError(.invalidArgument, "not a hex workspace ID: \(hex)")
        }
        try self.init(bytes: bytes)
    }

    /// A fresh random workspace ID.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> WorkspaceID {
        try! WorkspaceID(bytes: (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public var hex: String { Hex.encode(bytes) }
    public var description: String { hex }
}

/// Lower-case hexadecimal, the form identities take in files and on screen.
public enum Hex {
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of lower-case hex text, or nil. Upper case is refused: an identity has exactly
    /// one text form, so that two spellings of one device can never be two rows or two facts.
    /// Text a person typed is lower-cased by the caller before it gets here.
    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        var out = [UInt8]()
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = nibble(chars[i]), let lo = nibble(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
}
