import CuerdaCore

/// An ISO 4217 currency code and how many minor units (cents) its amounts carry.
public struct Currency: Sendable, Hashable, TextCodable {
    public let code: String

    /// Makes a currency from a three-letter code (upper- or lower-case).
    /// - Throws: ``CuerdaError`` `.invalidArgument` for anything else.
    public init(_ code: String) throws(CuerdaError) {
        let upper = code.uppercased()
        guard upper.count == 3, upper.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else {
            throw CuerdaError(.invalidArgument, "'\(code)' is not a currency code (three letters, e.g. EUR)")
        }
        self.code = upper
    }

    public init(parsing text: String) throws(CuerdaError) { try self.init(text) }

    /// Digits after the decimal point: 2 for most currencies, 0 or 3 for a few.
    public var minorDigits: Int {
        switch code {
        case "JPY", "KRW", "CLP", "ISK", "VND", "PYG", "UGX", "XAF", "XOF": 0
        case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD": 3
        default: 2
        }
    }

    public var description: String { code }

    public static let eur = try! Currency("EUR")
}

/// An amount of money: integer minor units (cents) and a currency, never floating point.
public struct Money: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var minorUnits: Int64
    public var currency: Currency

    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses an amount typed by a person or read from a spreadsheet: digits with optional
    /// `,` or `_` thousands separators and at most the currency's minor digits after `.`,
    /// e.g. `1,250,000.50`.
    ///
    /// - Parameter allowNegative: accept a leading `-` (variances, corrections).
    /// - Throws: ``CuerdaError`` `.invalidArgument` with the reason.
    public init(parsing text: String, currency: Currency, allowNegative: Bool = false) throws(CuerdaError) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = body.first == "-"
        if negative {
            guard allowNegative else { throw CuerdaError(.invalidArgument, "amount '\(text)' is negative") }
            body = body.dropFirst()
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0].filter { $0 != "," && $0 != "_" }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard parts.count <= 2, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || !fraction.isEmpty
        else { throw CuerdaError(.invalidArgument, "'\(text)' is not an amount (e.g. 1,250,000.50)") }
        guard fraction.count <= currency.minorDigits else {
            throw CuerdaError(
                .invalidArgument, "amount '\(text)' has more than \(currency.minorDigits) decimals for \(currency)")
        }
        let digits = whole + fraction + String(repeating: "0", count: currency.minorDigits - fraction.count)
        guard let units = Int64(digits), units <= Money.maxMinorUnits else {
            throw CuerdaError(.invalidArgument, "amount '\(text)' is too large")
        }
        self.init(minorUnits: negative ? -units : units, currency: currency)
    }

    /// The largest amount accepted, so that sums of many amounts cannot overflow.
    public static let maxMinorUnits: Int64 = 1_000_000_000_000_000

    /// The amount with thousands separators and the currency's decimals: `1,250,000.50 EUR`.
    public var description: String { "\(formatted) \(currency)" }

    /// The amount without the currency: `-1,250,000.50`.
    public var formatted: String {
        let digits = currency.minorDigits
        let magnitude = minorUnits.magnitude
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        var whole = String(magnitude / scale)
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        if digits > 0 {
            let fraction = String(magnitude % scale)
            grouped += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (minorUnits < 0 ? "-" : "") + grouped
    }

    public static func < (a: Money, b: Money) -> Bool { a.minorUnits < b.minorUnits }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
