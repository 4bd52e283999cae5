import CuerdaCore

extension AlignmentReplica {
    /// Records a customer group's actual revenue for a month (sales or leadership), replacing
    /// any earlier figure for that month and group.
    ///
    /// - Throws: ``CuerdaError`` `.rejectedWrite` for marketing; `.invalidArgument` for an
    ///   empty group, a negative amount or another currency.
    @discardableResult
    public func recordActual(_ amount: Money, month: Month, group: String) throws(CuerdaError) -> ActualRevenue {
        _ = try actor(in: [.sales, .leadership], to: "record actual revenue")
        let actual = try checkedActual(amount, month: month, group: group)
        try requireRevenueCurrency(amount.currency)
        try perform("record the actual") { tx in
            try tx.upsert(AlignmentSchema.Table.actuals, id: actual.rowID, actual.cells)
        }
        return actual
    }

    /// The actuals of a month (every month when nil), by month then group.
    public func actuals(in month: Month? = nil) throws(CuerdaError) -> [ActualRevenue] {
        try RevenueBook(self).actuals.filter { month == nil || $0.month == month }
            .sorted { ($0.month, $0.group) < ($1.month, $1.group) }
    }

    /// Validates an actual before it is written (also each row of an import); the caller
    /// checks the writer's team once.
    func checkedActual(_ amount: Money, month: Month, group: String) throws(CuerdaError) -> ActualRevenue {
        try RevenueRules.amount(amount, "the actual")
        return ActualRevenue(month: month, group: try RevenueRules.name(group, "customer group"), amount: amount)
    }
}
