import CuerdaCore

/// Marketing's revenue target for a period (a year, half, quarter or month).
///
/// The row ID is the period's text, so two marketing leads setting the same period offline
/// write the same row and the later write wins, instead of leaving two targets.
public struct RevenueTarget: Sendable, Hashable, Codable {
    public var period: Period
    public var amount: Money

    public init(period: Period, amount: Money) {
        self.period = period
        self.amount = amount
    }

    init?(row values: [String: Value]) {
        guard let text = values.text("period"), let period = try? Period(parsing: text), let amount = values.money()
        else { return nil }
        self.init(period: period, amount: amount)
    }
}

/// The target that applies to one month, and the period it comes from.
///
/// A month's target is its own explicit target if one is set; otherwise the smallest
/// enclosing period with a target (quarter, then half, then year) is split evenly over its
/// months by the largest-remainder method and the month takes its part.
public struct MonthlyTarget: Sendable, Hashable, Codable {
    public var month: Month
    public var amount: Money
    /// The period whose target this month's is (the month itself when set explicitly).
    public var derivedFrom: Period

    public init(month: Month, amount: Money, derivedFrom: Period) {
        self.month = month
        self.amount = amount
        self.derivedFrom = derivedFrom
    }
}

/// What `target show` prints: the targets set, and for a chosen period its effective total
/// and month by month.
public struct TargetReport: Sendable, Hashable, Codable {
    /// The period asked about, if any.
    public var period: Period?
    /// The period's target: its own, or the sum of its months' targets when each has one.
    public var total: Money?
    /// The explicit targets that overlap the period (all of them without a period).
    public var targets: [RevenueTarget]
    /// The period's months and their targets (months without one are left out).
    public var months: [MonthlyTarget]
}
