import CuerdaCore

/// One side's commentary on a month's results. The row ID is `MONTH/SIDE` and the schema
/// requires `side` to be the writer's team, so each side owns exactly one note per month.
public struct ReviewNote: Sendable, Hashable, Codable {
    public var month: Month
    public var side: Team
    public var note: String

    public init(month: Month, side: Team, note: String) {
        self.month = month
        self.side = side
        self.note = note
    }

    init?(row values: [String: Value]) {
        guard let month = values.text("month").flatMap({ try? Month(parsing: $0) }),
            let side = values.text("side").flatMap(Team.init(rawValue:)), let note = values.text("note")
        else { return nil }
        self.init(month: month, side: side, note: note)
    }
}

/// Target against actual over some months.
///
/// - `variance` = actual − target (negative below target);
/// - `variancePercent` = variance ÷ target × 100;
/// - `attainmentPercent` = actual ÷ target × 100.
///
/// Percentages are rounded to hundredths, and nil when there is no target or it is zero.
public struct RevenueResult: Sendable, Hashable, Codable {
    public var target: Money?
    public var actual: Money
    public var variance: Money?
    public var variancePercent: Double?
    public var attainmentPercent: Double?

    init(target: Money?, actual: Money) {
        self.target = target
        self.actual = actual
        variance = target.map { actual - $0 }
        variancePercent = RevenueRules.percent(variance, of: target)
        attainmentPercent = RevenueRules.percent(actual, of: target)
    }

    /// Whether |variance| exceeds `threshold` percent of the target (exact, not rounded).
    func exceeds(threshold: Double) -> Bool {
        guard let target, let variance, target.minorUnits != 0 else { return false }
        return Double(variance.minorUnits.magnitude) / Double(target.minorUnits) * 100 > threshold
    }
}

/// The monthly revenue review of practice 5: the month's and the year's results, per
/// customer group, each side's commentary, and the joint action items.
public struct MonthlyReview: Sendable, Hashable, Codable {
    /// One customer group's month: its actual, and its quota's share of the month.
    public struct Group: Sendable, Hashable, Codable {
        public var group: String
        /// The group's actual against its quota share: `result.target` is the group quota of
        /// the smallest period containing the month, split evenly over that period's months
        /// (the same rule as monthly targets); nil without a quota.
        public var result: RevenueResult
        /// The period of the quota the share comes from.
        public var quotaFrom: Period?
    }

    public var month: Month
    public var currency: Currency
    /// The month: target (see ``MonthlyTarget``) against the sum of its actuals.
    public var result: RevenueResult
    public var targetFrom: Period?
    /// January to the month, of the month's year: the monthly targets set so far against the actuals.
    public var yearToDate: RevenueResult
    public var groups: [Group]
    /// The month's target less the groups' monthly quota shares (nil without target or quotas).
    public var quotaGap: Money?
    /// Commentary is required when |variance %| exceeds this.
    public var threshold: Double
    public var commentaryRequired: Bool
    public var notes: [ReviewNote]
    /// Marketing and sales, when commentary is required and their note is missing.
    public var missingCommentary: [Team]
    /// Items opened before the month that are still open: reviewed first, as follow-up.
    public var carriedOver: [ActionItem]
    /// Items opened in the month.
    public var openedThisMonth: [ActionItem]

    /// The action items in review order: carried over first, then this month's.
    public var actions: [ActionItem] { carriedOver + openedThisMonth }
}
