import CuerdaCore
import Foundation

/// A calendar month, `2026-03`.
public struct Month: Sendable, Hashable, Comparable, TextCodable {
    public let year: Int
    /// 1 to 12.
    public let month: Int

    public init(year: Int, month: Int) throws(CuerdaError) {
        guard (2000...2999).contains(year), (1...12).contains(month) else {
            throw CuerdaError(.invalidArgument, "'\(year)-\(month)' is not a month (YYYY-MM)")
        }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init(parsing text: String) throws(CuerdaError) {
        guard case .month(let month) = try? Period(parsing: text) else {
            throw CuerdaError(.invalidArgument, "'\(text)' is not a month (YYYY-MM, e.g. 2026-03)")
        }
        self = month
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var quarter: Int { (month - 1) / 3 + 1 }
    public var half: Int { month <= 6 ? 1 : 2 }

    /// The month before, and after.
    public var previous: Month { month == 1 ? try! Month(year: year - 1, month: 12) : try! Month(year: year, month: month - 1) }
    public var next: Month { month == 12 ? try! Month(year: year + 1, month: 1) : try! Month(year: year, month: month + 1) }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }

}

/// A planning period: a year (`2026`), a half (`2026-H1`, the report-card cycle), a quarter
/// (`2026-Q3`, the celebration) or a month (`2026-03`, the revenue review).
public enum Period: Sendable, Hashable, Comparable, TextCodable {
    case year(Int)
    case half(Int, Int)
    case quarter(Int, Int)
    case month(Month)

    /// Parses `YYYY`, `YYYY-H1|H2`, `YYYY-Q1…Q4` or `YYYY-MM`.
    /// - Throws: ``CuerdaError`` `.invalidArgument` naming the accepted forms.
    public init(parsing text: String) throws(CuerdaError) {
        let invalid = CuerdaError(
            .invalidArgument, "'\(text)' is not a period (2026, 2026-H1, 2026-Q3 or 2026-03)")
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
            let year = Int(parts[0]), (2000...2999).contains(year)
        else { throw invalid }
        guard parts.count == 2 else {
            self = .year(year)
            return
        }
        let rest = parts[1]
        if rest.count == 2, rest.first == "H", let n = Int(rest.dropFirst()), (1...2).contains(n) {
            self = .half(year, n)
        } else if rest.count == 2, rest.first == "Q", let n = Int(rest.dropFirst()), (1...4).contains(n) {
            self = .quarter(year, n)
        } else if rest.count == 2, rest.allSatisfy(\.isASCIIDigit), let n = Int(rest), (1...12).contains(n) {
            self = .month(try Month(year: year, month: n))
        } else {
            throw invalid
        }
    }

    public var description: String {
        switch self {
        case .year(let y): "\(y)"
        case .half(let y, let h): "\(y)-H\(h)"
        case .quarter(let y, let q): "\(y)-Q\(q)"
        case .month(let m): m.description
        }
    }

    /// The months the period covers, in order.
    public var months: [Month] {
        let (year, first, count) =
            switch self {
            case .year(let y): (y, 1, 12)
            case .half(let y, let h): (y, h * 6 - 5, 6)
            case .quarter(let y, let q): (y, q * 3 - 2, 3)
            case .month(let m): (m.year, m.month, 1)
            }
        return (first..<first + count).map { try! Month(year: year, month: $0) }
    }

    public var first: Month { months[0] }

    /// Whether every month of `other` lies in this period.
    public func contains(_ other: Period) -> Bool { Set(months).isSuperset(of: other.months) }

    /// Earlier periods first; a longer period before the shorter ones it starts.
    public static func < (a: Period, b: Period) -> Bool {
        (a.first, b.months.count) < (b.first, a.months.count)
    }

}

/// A calendar day, `2026-06-30`: due dates and deadlines.
public struct Day: Sendable, Hashable, Comparable, TextCodable {
    public let month: Month
    public let day: Int

    /// Parses `YYYY-MM-DD`, checking the day exists (leap years included).
    public init(parsing text: String) throws(CuerdaError) {
        let invalid = CuerdaError(.invalidArgument, "'\(text)' is not a date (YYYY-MM-DD, e.g. 2026-06-30)")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2].count == 2, parts[2].allSatisfy(\.isASCIIDigit), let day = Int(parts[2]),
            let month = try? Month(parsing: parts[0] + "-" + parts[1]), parts[1].count == 2, day >= 1,
            day <= Self.length(of: month)
        else { throw invalid }
        self.month = month
        self.day = day
    }

    static func length(of month: Month) -> Int {
        switch month.month {
        case 2: month.year % 4 == 0 && (month.year % 100 != 0 || month.year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { "\(month)-\(day < 10 ? "0" : "")\(day)" }

    public static func < (a: Day, b: Day) -> Bool { (a.month, a.day) < (b.month, b.day) }

    /// The day `date` falls on in `calendar`'s time zone (the local one by default).
    public init(_ date: Date, calendar: Calendar = .current) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        month = (try? Month(year: parts.year ?? 2000, month: parts.month ?? 1)) ?? (try! Month(year: 2000, month: 1))
        day = parts.day ?? 1
    }

    /// Days since 1970-01-01 (proleptic Gregorian calendar).
    public var daysSinceEpoch: Int {
        let y = month.month <= 2 ? month.year - 1 : month.year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month.month + (month.month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The first millisecond after this day ends, in UTC: a deadline has passed from then on.
    public var endMilliseconds: UInt64 { UInt64(daysSinceEpoch + 1) * 86_400_000 }

}

/// A value written as text, in JSON and in the replica: parsed on the way in, its
/// description on the way out.
public protocol TextCodable: Codable, CustomStringConvertible {
    init(parsing text: String) throws(CuerdaError)
}

extension TextCodable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try Self(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
