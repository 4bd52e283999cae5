import Foundation

/// A cell value, exactly as SQLite types it: NULL, 64-bit integer, double, text or blob.
///
/// Equality is bitwise for reals (so `-0.0 != 0.0` and a NaN equals the same NaN), because
/// replicas must agree byte for byte, not numerically.
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
        case (.text(let a), .text(let b)): a == b
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
