import CuerdaCore

/// A read of every revenue figure (targets, potentials, quotas, actuals) as typed records,
/// with the rules that derive one figure from others. Reports are pure functions of a book,
/// so replicas holding the same rows print the same reports.
///
/// Rows that do not decode (written by hand with `cuerda put`, say) are left out.
struct RevenueBook {
    var targets: [RevenueTarget]
    var potentials: [RevenuePotential]
    var quotas: [QuotaAllocation]
    var actuals: [ActualRevenue]

    init(_ replica: AlignmentReplica) throws(CuerdaError) {
        let rows = replica.replica
        typealias Table = AlignmentSchema.Table
        targets = try rows.rows(Table.targets).compactMap { RevenueTarget(row: $0.values) }.sorted { $0.period < $1.period }
        potentials = try rows.rows(Table.potentials).compactMap { RevenuePotential(row: $0.values) }
        quotas = try rows.rows(Table.quotas).compactMap { QuotaAllocation(row: $0.values) }
        actuals = try rows.rows(Table.actuals).compactMap { ActualRevenue(row: $0.values) }
    }

    var allAmounts: [Money] {
        targets.map(\.amount) + potentials.map(\.amount) + quotas.map(\.amount) + actuals.map(\.amount)
    }

    // MARK: Targets

    /// The month's own target, else its part of the smallest enclosing period's target.
    func monthlyTarget(_ month: Month) -> MonthlyTarget? {
        let enclosing = targets.filter { $0.period.contains(.month(month)) }
        guard let source = enclosing.min(by: { $0.period.months.count < $1.period.months.count }),
            let amount = RevenueRules.monthlyShare(of: source.amount, over: source.period, for: month)
        else { return nil }
        return MonthlyTarget(month: month, amount: amount, derivedFrom: source.period)
    }

    /// A period's target: its own, else the sum of its months' targets when every month has one.
    func target(for period: Period) throws(CuerdaError) -> Money? {
        if let own = targets.first(where: { $0.period == period }) { return own.amount }
        var monthly: [Money] = []
        for month in period.months {
            guard let target = monthlyTarget(month) else { return nil }
            monthly.append(target.amount)
        }
        guard let currency = try RevenueRules.currency(of: monthly, in: "the targets of \(period)") else { return nil }
        return try RevenueRules.sum(monthly, currency: currency)
    }

    // MARK: Groups and customers

    /// The customer groups of a period: those with a potential or a quota, by name.
    func groups(in period: Period) -> [String] {
        Set(potentials.filter { $0.period == period }.map(\.group) + quotas.filter { $0.period == period }.map(\.group))
            .sorted()
    }

    /// A group's customers in a period: those with a potential or a quota, by name.
    func customers(in period: Period, group: String) -> [String] {
        let named =
            potentials.filter { $0.period == period && $0.group == group }.compactMap(\.customer)
            + quotas.filter { $0.period == period && $0.group == group }.compactMap(\.customer)
        return Set(named).sorted()
    }

    func potential(_ period: Period, _ group: String, _ customer: String?) -> RevenuePotential? {
        potentials.first { $0.period == period && $0.group == group && $0.customer == customer }
    }

    func quota(_ period: Period, _ group: String, _ customer: String?) -> QuotaAllocation? {
        quotas.first { $0.period == period && $0.group == group && $0.customer == customer }
    }

    /// A group's potential: recorded for the group itself, else the sum of its customers'.
    func groupPotential(_ period: Period, _ group: String) throws(CuerdaError) -> Money? {
        if let own = potential(period, group, nil) { return own.amount }
        let customers = potentials.filter { $0.period == period && $0.group == group }.map(\.amount)
        guard let currency = try RevenueRules.currency(of: customers, in: "the potentials of \(group)") else {
            return nil
        }
        return try RevenueRules.sum(customers, currency: currency)
    }

    /// The single currency of a period's target, potentials and quotas (and `extra`).
    func currency(of period: Period, with extra: [Money] = []) throws(CuerdaError) -> Currency? {
        let amounts =
            targets.filter { $0.period == period }.map(\.amount) + potentials.filter { $0.period == period }.map(\.amount)
            + quotas.filter { $0.period == period }.map(\.amount) + extra
        return try RevenueRules.currency(of: amounts, in: "\(period)")
    }
}
