import Crypto
import Foundation

/// Encryption keys derived from device keys, so that a sealed file can be addressed to any
/// member device without each device publishing a second key.
///
/// An Ed25519 public key is a point on the Edwards form of Curve25519; the same point on the
/// Montgomery form is an X25519 public key (u = (1 + y) / (1 − y) mod 2²⁵⁵ − 19), and the
/// matching X25519 private scalar is the one Ed25519 derives from its seed (the first half of
/// SHA-512(seed), clamped by X25519 itself). Using one key for signing and for key agreement
/// is the construction of libsodium's `ed25519_pk_to_curve25519` and of age's SSH recipients;
/// the two uses never sign or decrypt attacker-chosen data in a way that helps the other.
extension DeviceID {
    /// The X25519 public key that seals files to this device.
    /// - Throws: ``CuerdaError`` `.malformed` for a key that is not a usable curve point.
    public func agreementKey() throws(CuerdaError) -> Curve25519.KeyAgreement.PublicKey {
        var yBytes = bytes
        yBytes[31] &= 0x7F  // the top bit is the sign of x, not part of y
        let y = Field25519(littleEndian: yBytes)
        let denominator = Field25519.one.subtracting(y)
        guard !denominator.isZero else { throw CuerdaError(.malformed, "device \(short) is not a usable encryption key") }
        let u = Field25519.one.adding(y).multiplied(by: denominator.inverse())
        do { return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: u.littleEndianBytes) } catch {
            throw CuerdaError(.malformed, "device \(short) is not a usable encryption key")
        }
    }
}

extension DeviceKey {
    /// The X25519 private key matching ``DeviceID/agreementKey()``.
    public var agreementKey: Curve25519.KeyAgreement.PrivateKey {
        let digest = Array(SHA512.hash(data: rawRepresentation))
        // 32 bytes always make an X25519 private key; X25519 clamps the scalar itself.
        return try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: digest.prefix(32))
    }
}

/// Integers modulo p = 2²⁵⁵ − 19, enough arithmetic to map a point between curve forms.
/// Four little-endian 64-bit limbs, always kept below p. Not constant time: it only ever
/// handles public keys.
struct Field25519: Equatable {
    private(set) var limbs: [UInt64]

    static let p: [UInt64] = [0xFFFF_FFFF_FFFF_FFED, .max, .max, 0x7FFF_FFFF_FFFF_FFFF]
    static let one = Field25519(limbs: [1, 0, 0, 0])

    private init(limbs: [UInt64]) { self.limbs = Self.canonical(limbs) }

    init(littleEndian bytes: [UInt8]) {
        precondition(bytes.count == 32)
        self.init(
            limbs: (0..<4).map { i in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[i * 8 + $1]) << (8 * $1) }
            })
    }

    var littleEndianBytes: [UInt8] { limbs.flatMap { limb in (0..<8).map { UInt8(truncatingIfNeeded: limb >> (8 * $0)) } } }
    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    func adding(_ other: Field25519) -> Field25519 {
        let (sum, carry) = Self.add(limbs, other.limbs)
        return Field25519(limbs: Self.fold(sum, carry: carry))
    }

    func subtracting(_ other: Field25519) -> Field25519 {
        // a − b = a + (p − b), with p − b computed without borrow since b < p.
        let (negated, _) = Self.sub(Self.p, other.limbs)
        return adding(Field25519(limbs: negated))
    }

    func multiplied(by other: Field25519) -> Field25519 {
        var wide = [UInt64](repeating: 0, count: 8)
        for i in 0..<4 {
            var carry: UInt64 = 0
            for j in 0..<4 {
                let (high, low) = limbs[i].multipliedFullWidth(by: other.limbs[j])
                let (s1, o1) = wide[i + j].addingReportingOverflow(low)
                let (s2, o2) = s1.addingReportingOverflow(carry)
                wide[i + j] = s2
                carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
            }
            wide[i + 4] = carry
        }
        // 2²⁵⁶ ≡ 38 (mod p): fold the high half onto the low half.
        var low = Array(wide[0..<4])
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (high, product) = wide[i + 4].multipliedFullWidth(by: 38)
            let (s1, o1) = low[i].addingReportingOverflow(product)
            let (s2, o2) = s1.addingReportingOverflow(carry)
            low[i] = s2
            carry = high &+ (o1 ? 1 : 0) &+ (o2 ? 1 : 0)
        }
        return Field25519(limbs: Self.fold(low, carry: carry))
    }

    /// a^(p − 2) = a⁻¹ (Fermat), for a ≠ 0.
    func inverse() -> Field25519 {
        let (exponent, _) = Self.sub(Self.p, [2, 0, 0, 0])
        var result = Field25519.one
        for bit in (0..<255).reversed() {
            result = result.multiplied(by: result)
            if exponent[bit / 64] >> UInt64(bit % 64) & 1 == 1 { result = result.multiplied(by: self) }
        }
        return result
    }

    private static func add(_ a: [UInt64], _ b: [UInt64]) -> ([UInt64], UInt64) {
        var sum = [UInt64](repeating: 0, count: 4)
        var carry: UInt64 = 0
        for i in 0..<4 {
            let (s1, o1) = a[i].addingReportingOverflow(b[i])
            let (s2, o2) = s1.addingReportingOverflow(carry)
            sum[i] = s2
            carry = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return (sum, carry)
    }

    private static func sub(_ a: [UInt64], _ b: [UInt64]) -> ([UInt64], Bool) {
        var difference = [UInt64](repeating: 0, count: 4)
        var borrow: UInt64 = 0
        for i in 0..<4 {
            let (d1, o1) = a[i].subtractingReportingOverflow(b[i])
            let (d2, o2) = d1.subtractingReportingOverflow(borrow)
            difference[i] = d2
            borrow = (o1 ? 1 : 0) + (o2 ? 1 : 0)
        }
        return (difference, borrow != 0)
    }

    /// Adds `carry` × 2²⁵⁶ back in as `carry` × 38 until nothing overflows.
    private static func fold(_ limbs: [UInt64], carry: UInt64) -> [UInt64] {
        var limbs = limbs
        var extra = carry &* 38
        while extra != 0 {
            let (sum, overflow) = add(limbs, [extra, 0, 0, 0])
            limbs = sum
            extra = overflow * 38
        }
        return limbs
    }

    /// The value reduced below p (a 256-bit value is below 3p).
    private static func canonical(_ limbs: [UInt64]) -> [UInt64] {
        var value = limbs
        for _ in 0..<2 {
            let (reduced, borrowed) = sub(value, p)
            if !borrowed { value = reduced }
        }
        return value
    }
}
