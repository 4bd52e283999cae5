import Foundation

/// A cell value, exactly as SQLite types it: NULL, 64-bit integer, double, text or blob.
///
/// Equality is bitwise for reals (so `-0.0 != 0.0` and a NaN equals the same NaN) and bytewise
/// for text (no Unicode normalization), because replicas must agree byte for byte.
public enum Value: Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: "NULL"
        case .integer(let v): String(v)
        case .real(let v): String(v)
        case .text(let v): v
        case .blob(let v): "x'" + Hex.encode(v) + "'"
        }
    }

    /// The name of the SQLite storage class.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .integer: "integer"
        case .real: "real"
        case .text: "text"
        case .blob: "blob"
        }
    }

    /// Whether a materialized SQLite column gives this value back exactly: SQLite turns NaN
    /// into NULL, may store -0.0 as the integer 0, and text with NUL reads back cut short.
    public var isExactInSQLite: Bool {
        switch self {
        case .real(let v): !(v.isNaN || (v == 0 && v.sign == .minus))
        case .text(let v): !v.utf8.contains(0)
        default: true
        }
    }
}

extension Value: Hashable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.integer(let a), .integer(let b)): a == b
        case (.real(let a), .real(let b)): a.bitPattern == b.bitPattern
        // By UTF-8 bytes: Swift's `==` on strings calls canonically equivalent texts equal
        // ("é" precomposed and decomposed), which are different cells to SQLite and the digest.
        case (.text(let a), .text(let b)): a.utf8.elementsEqual(b.utf8)
        case (.blob(let a), .blob(let b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .integer(let v):
            hasher.combine(1)
            hasher.combine(v)
        case .real(let v):
            hasher.combine(2)
            hasher.combine(v.bitPattern)
        case .text(let v):
            hasher.combine(3)
            hasher.combine(v)
        case .blob(let v):
            hasher.combine(4)
            hasher.combine(v)
        }
    }
}

extension Value {
    /// The text of a `.text` value, else nil.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}

extension Value {
    /// Compares two values in the total order of the `max` merge policy: -1, 0 or 1.
    ///
    /// The order is the same on every platform and never consults locale or Unicode rules:
    /// NULL first; then numbers by exact numeric value (a negative NaN below every number, a
    /// positive one above, reals among themselves by IEEE 754 total order, and an integer
    /// before a real of the same value); then text by its UTF-8 bytes; then blobs by their
    /// bytes. Two values compare 0 only when they are equal (``==``, bitwise for reals).
    public static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.real(let x), .real(let y)):
            if x.bitPattern == y.bitPattern { return 0 }
            return x.isTotallyOrdered(belowOrEqualTo: y) ? -1 : 1
        case (.integer(let x), .real(let y)): return compare(x, y)
        case (.real(let x), .integer(let y)): return -compare(y, x)
        case (.text(let x), .text(let y)): return bytes(Array(x.utf8), Array(y.utf8))
        case (.blob(let x), .blob(let y)): return bytes(x, y)
        default: return a.rank < b.rank ? -1 : 1
        }
    }

    private var rank: Int {
        switch self {
        case .null: 0
        case .integer, .real: 1
        case .text: 2
        case .blob: 3
        }
    }

    /// An integer against a real, exactly (no rounding of the integer to a double); on equal
    /// values the integer comes first.
    private static func compare(_ x: Int64, _ y: Double) -> Int {
        if y.isNaN { return y.sign == .minus ? 1 : -1 }
        if y >= 0x1p63 { return -1 }
        if y < -0x1p63 { return 1 }
        let whole = y.rounded(.towardZero)
        let integral = Int64(whole)
        if x != integral { return x < integral ? -1 : 1 }
        let fraction = y - whole
        return fraction > 0 ? -1 : (fraction < 0 ? 1 : -1)
    }

    private static func bytes(_ x: [UInt8], _ y: [UInt8]) -> Int {
        if x == y { return 0 }
        return x.lexicographicallyPrecedes(y) ? -1 : 1
    }
}
