import CuerdaCore

extension AlignmentReplica {
    /// The monthly revenue review of `month`.
    ///
    /// - Parameter threshold: commentary from marketing and sales is required when the
    ///   month's |variance %| exceeds this (10 by default).
    /// - Throws: ``CuerdaError`` `.invalidArgument` for a negative threshold, or when the
    ///   month's figures mix currencies.
    /// - Complexity: O(rows of the revenue tables and action items).
    public func monthlyReview(_ month: Month, threshold: Double = 10) throws(CuerdaError) -> MonthlyReview {
        guard threshold.isFinite, threshold >= 0 else {
            throw CuerdaError(.invalidArgument, "the commentary threshold must be a percentage of 0 or more, not \(threshold)")
        }
        let book = try RevenueBook(self)
        let target = book.monthlyTarget(month)
        let yearMonths = Period.year(month.year).months.filter { $0 <= month }
        let yearTargets = yearMonths.compactMap(book.monthlyTarget).map(\.amount)
        let actuals = book.actuals.filter { $0.month == month }
        let yearActuals = book.actuals.filter { $0.month.year == month.year && $0.month <= month }
        let shares = quotaShares(book, month)
        // A month with no figures at all still shows its notes and action items.
        let currency =
            try RevenueRules.currency(
                of: [target?.amount].compactMap { $0 } + yearTargets + yearActuals.map(\.amount) + shares.values.map(\.share),
                in: "the review of \(month)") ?? .eur
        let sum = { (amounts: [Money]) throws(CuerdaError) -> Money in try RevenueRules.sum(amounts, currency: currency) }

        let result = RevenueResult(target: target?.amount, actual: try sum(actuals.map(\.amount)))
        let groups = try Set(actuals.map(\.group)).union(shares.keys).sorted().map { group throws(CuerdaError) in
            MonthlyReview.Group(
                group: group,
                result: RevenueResult(
                    target: shares[group]?.share, actual: try sum(actuals.filter { $0.group == group }.map(\.amount))),
                quotaFrom: shares[group]?.period)
        }
        var quotaGap: Money?
        if let target, !shares.isEmpty { quotaGap = target.amount - (try sum(shares.values.map(\.share))) }
        let required = result.exceeds(threshold: threshold)
        let notes = try reviewNotes(month)
        let items = try actionItems()
        return MonthlyReview(
            month: month, currency: currency, result: result, targetFrom: target?.derivedFrom,
            yearToDate: RevenueResult(
                target: yearTargets.isEmpty ? nil : try sum(yearTargets), actual: try sum(yearActuals.map(\.amount))),
            groups: groups, quotaGap: quotaGap, threshold: threshold, commentaryRequired: required, notes: notes,
            missingCommentary: required ? [Team.marketing, .sales].filter { side in !notes.contains { $0.side == side } } : [],
            carriedOver: items.filter { $0.opened < month && $0.status == .open },
            openedThisMonth: items.filter { $0.opened == month })
    }

    /// Writes this side's commentary on a month, replacing its earlier note: the side is the
    /// writer's team, so marketing, sales and leadership each own one note per month.
    @discardableResult
    public func writeReviewNote(_ text: String, month: Month) throws(CuerdaError) -> ReviewNote {
        let actor = try actor()
        let note = ReviewNote(month: month, side: actor.team, note: try Self.required(text, "a review note"))
        try perform("write the review note") { tx in
            try tx.upsert(
                AlignmentSchema.Table.reviewNotes, id: RevenueRules.rowID(month.description, actor.team.rawValue),
                ["month": .text(month.description), "side": .text(actor.team.rawValue), "note": .text(note.note)])
        }
        return note
    }

    /// The notes on a month, by side.
    public func reviewNotes(_ month: Month) throws(CuerdaError) -> [ReviewNote] {
        try replica.rows(AlignmentSchema.Table.reviewNotes).compactMap { ReviewNote(row: $0.values) }
            .filter { $0.month == month }.sorted { $0.side < $1.side }
    }

    /// Each group's share of its quota for the month, from the group quota of the smallest
    /// period containing the month.
    ///
    /// The groups whose quotas cover the same period share the month's even part of their
    /// total, in proportion to their quotas (largest remainder both times). So the month's
    /// shares sum exactly to the month's part of the total quota — which is the month's target
    /// when the quotas close the gap to that period's target — and a group's shares over the
    /// period are each within a unit of its exact monthly share.
    private func quotaShares(_ book: RevenueBook, _ month: Month) -> [String: (share: Money, period: Period)] {
        let containing = book.quotas.filter { $0.customer == nil && $0.period.contains(.month(month)) }
        let chosen = Dictionary(grouping: containing, by: \.group).compactMapValues { quotas in
            quotas.min { ($0.period.months.count, $0.period) < ($1.period.months.count, $1.period) }
        }
        var shares: [String: (share: Money, period: Period)] = [:]
        for (period, quotas) in Dictionary(grouping: chosen.values, by: \.period) {
            let quotas = quotas.sorted { $0.group < $1.group }
            let total = Money(minorUnits: quotas.reduce(0) { $0 + $1.amount.minorUnits }, currency: quotas[0].amount.currency)
            guard let monthTotal = RevenueRules.monthlyShare(of: total, over: period, for: month),
                let parts = try? Allocation.largestRemainder(monthTotal.minorUnits, weights: quotas.map(\.amount.minorUnits))
            else { continue }
            for (quota, part) in zip(quotas, parts) {
                shares[quota.group] = (Money(minorUnits: part, currency: total.currency), period)
            }
        }
        return shares
    }
}
