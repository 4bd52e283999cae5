import CuerdaCore

extension AlignmentReplica {
    /// Sets the revenue target of a period (marketing leads only), replacing any earlier one.
    ///
    /// - Throws: ``CuerdaError`` `.rejectedWrite` for anyone but a marketing lead;
    ///   `.invalidArgument` for a negative amount or a currency other than the workspace's.
    @discardableResult
    public func setTarget(_ amount: Money, for period: Period) throws(CuerdaError) -> RevenueTarget {
        _ = try actor(in: [.marketing], to: "set the revenue target")
        _ = try lead(for: "set the revenue target")
        try RevenueRules.amount(amount, "the target")
        try requireRevenueCurrency(amount.currency)
        let target = RevenueTarget(period: period, amount: amount)
        try perform("set the target") { tx in
            try tx.upsert(
                AlignmentSchema.Table.targets, id: period.description,
                amount.cells.merging(["period": .text(period.description)]) { $1 })
        }
        return target
    }

    /// Every explicit target, earliest period first (a year before its halves and quarters).
    public func targets() throws(CuerdaError) -> [RevenueTarget] { try RevenueBook(self).targets }

    /// The target that applies to a month (see ``MonthlyTarget`` for the rule), nil if none does.
    public func monthlyTarget(for month: Month) throws(CuerdaError) -> MonthlyTarget? {
        try RevenueBook(self).monthlyTarget(month)
    }

    /// The targets set, and for `period` its total and its months' targets.
    public func targetReport(for period: Period? = nil) throws(CuerdaError) -> TargetReport {
        let book = try RevenueBook(self)
        guard let period else { return TargetReport(period: nil, total: nil, targets: book.targets, months: []) }
        let overlapping = book.targets.filter { !Set($0.period.months).isDisjoint(with: period.months) }
        return TargetReport(
            period: period, total: try book.target(for: period), targets: overlapping,
            months: period.months.compactMap(book.monthlyTarget))
    }
}
