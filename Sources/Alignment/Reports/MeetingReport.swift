import CuerdaCore
import Foundation

/// What the review meeting looks at, in one value: revenue against target month by month
/// for a year, the quota allocation of the year's periods, the open action items, and the
/// report card of a cycle.
///
/// Every figure comes from the practices' own reports (``AlignmentReplica/monthlyReview(_:threshold:)``,
/// ``AlignmentReplica/quotaReport(for:)``, ``AlignmentReplica/actionItems(status:owner:)``,
/// ``AlignmentReplica/scorecardReport(cycle:now:)``), so the meeting sees the numbers the
/// commands print. The report is a pure function of the replica's rows and `now`: replicas
/// that converged build equal reports.
public struct MeetingReport: Sendable, Hashable, Codable {
    /// The day `now` falls on in UTC (so that every machine agrees): items due before it are overdue.
    public var asOf: Day
    /// The review month: the year to date runs from January of its year to it.
    public var month: Month
    public var currency: Currency
    /// The twelve months of the review month's year.
    public var months: [MonthResult]
    /// January to the review month, as its monthly review reports it.
    public var yearToDate: RevenueResult
    /// The quotas of each period of the year that has customer groups, earliest first.
    public var quotas: [QuotaReport]
    /// The open action items, in review order.
    public var actions: [OpenAction]
    /// The report card of the chosen cycle; nil when no cycle has started by the review month.
    public var scorecard: ScorecardReport?

    public var year: Int { month.year }

    /// Whether any month of the year has a target or a recorded actual.
    public var hasRevenue: Bool { months.contains { $0.result.target != nil || $0.recorded } }

    /// One month of the year: its monthly review's result.
    public struct MonthResult: Sendable, Hashable, Codable {
        public var month: Month
        public var result: RevenueResult
        /// The period the month's target comes from (see ``MonthlyTarget``).
        public var targetFrom: Period?
        /// Whether any actual is recorded for the month (an actual of zero is not "none").
        public var recorded: Bool
    }

    /// An open action item, and whether its due date has passed.
    public struct OpenAction: Sendable, Hashable, Codable {
        public var item: ActionItem
        /// Due before ``MeetingReport/asOf``.
        public var overdue: Bool
        /// Where it came from, for people: `review 2026-03`, the wording of a report-card
        /// need, `dispute 3f2a9c01` or `manual`.
        public var source: String
    }
}

extension AlignmentReplica {
    /// The review-meeting report (see ``MeetingReport``).
    ///
    /// - Parameters:
    ///   - year: the year of the revenue chart; defaults to the month's year.
    ///   - month: the review month; defaults to `now`'s month when the year is `now`'s (or not
    ///     given), else to December of the year.
    ///   - cycle: the report-card cycle; defaults to the latest cycle started by the review
    ///     month that has a revealed card, else the latest started.
    ///   - now: milliseconds since 1970, for overdue items and the report card's phases.
    /// - Throws: ``CuerdaError`` `.invalidArgument` when the month is not in the year, or the
    ///   figures mix currencies; `.notFound` for a cycle that is not open.
    /// - Complexity: O(12 × rows of the revenue tables and action items, plus the report card).
    public func meetingReport(year: Int? = nil, month: Month? = nil, cycle: Period? = nil, now milliseconds: UInt64)
        throws(CuerdaError) -> MeetingReport
    {
        let asOf = Day(Date(timeIntervalSince1970: Double(milliseconds) / 1000), calendar: Self.utc)
        let month = try Self.reviewMonth(year: year, month: month, asOf: asOf)
        let book = try RevenueBook(self)
        let year = Period.year(month.year)
        let reviews = try year.months.map { m throws(CuerdaError) in try monthlyReview(m) }
        let months = reviews.map { review in
            MeetingReport.MonthResult(
                month: review.month, result: review.result, targetFrom: review.targetFrom,
                recorded: book.actuals.contains { $0.month == review.month })
        }
        let periods = Set(book.potentials.map(\.period) + book.quotas.map(\.period)).filter(year.contains).sorted()
        let needs = Dictionary(try allNeeds().map { ($0.id, $0.text) }) { first, _ in first }
        let actions = try actionItems(status: .open).map { item in
            MeetingReport.OpenAction(item: item, overdue: item.due < asOf, source: Self.sourceLabel(item.source, needs))
        }
        let chosen = try meetingCycle(cycle, startedBy: month)
        return MeetingReport(
            asOf: asOf, month: month, currency: reviews[month.month - 1].currency, months: months,
            yearToDate: reviews[month.month - 1].yearToDate,
            quotas: try periods.map { p throws(CuerdaError) in try quotaReport(for: p) }, actions: actions,
            scorecard: try chosen.map { c throws(CuerdaError) in try scorecardReport(cycle: c, now: milliseconds) })
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static func reviewMonth(year: Int?, month: Month?, asOf: Day) throws(CuerdaError) -> Month {
        if let month {
            guard year == nil || year == month.year else {
                throw CuerdaError(.invalidArgument, "the month \(month) is not in \(year!): give one of them, or both alike")
            }
            return month
        }
        guard let year, year != asOf.month.year else { return asOf.month }
        return try Month(year: year, month: 12)
    }

    private func meetingCycle(_ cycle: Period?, startedBy month: Month) throws(CuerdaError) -> Period? {
        if let cycle { return cycle }
        let started = try cycles().map(\.period).filter { $0.first <= month }
        for period in started.reversed() where !(try revealedCards(cycle: period).isEmpty) { return period }
        return started.last
    }

    private static func sourceLabel(_ source: ActionSource, _ needs: [String: String]) -> String {
        switch source {
        case .manual: "manual"
        case .review(let month): "review \(month)"
        case .need(let id): needs[id].map { "report card: \($0)" } ?? "report-card need \(short(id))"
        case .dispute(let id): "dispute \(short(id))"
        }
    }
}
