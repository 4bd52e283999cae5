import CuerdaCore

extension AlignmentReplica {
    /// Records the revenue potential of a customer group, or of one customer in it (sales only),
    /// replacing any earlier figure for the same period, group and customer.
    ///
    /// - Throws: ``CuerdaError`` `.rejectedWrite` for marketing and leadership;
    ///   `.invalidArgument` for an empty name, a negative amount or another currency.
    @discardableResult
    public func setPotential(_ amount: Money, period: Period, group: String, customer: String? = nil)
        throws(CuerdaError) -> RevenuePotential
    {
        _ = try actor(in: [.sales], to: "record revenue potential")
        let potential = try checkedPotential(amount, period: period, group: group, customer: customer)
        try requireRevenueCurrency(amount.currency)
        try perform("record the potential") { tx in
            try tx.upsert(AlignmentSchema.Table.potentials, id: potential.rowID, potential.cells)
        }
        return potential
    }

    /// A period's potentials by group (named order), each group's customers under it.
    public func potentialReport(for period: Period) throws(CuerdaError) -> PotentialReport {
        let book = try RevenueBook(self)
        var groups: [PotentialReport.Group] = []
        for group in Set(book.potentials.filter { $0.period == period }.map(\.group)).sorted() {
            let customers = book.potentials.filter { $0.period == period && $0.group == group }
                .compactMap { row in row.customer.map { PotentialReport.Customer(customer: $0, potential: row.amount) } }
                .sorted { $0.customer < $1.customer }
            guard let total = try book.groupPotential(period, group) else { continue }
            groups.append(
                PotentialReport.Group(
                    group: group, potential: total, recorded: book.potential(period, group, nil) != nil,
                    customers: customers))
        }
        let currency = try RevenueRules.currency(of: groups.map(\.potential), in: "the potentials of \(period)")
        return PotentialReport(
            period: period, groups: groups,
            total: try currency.map { c throws(CuerdaError) in try RevenueRules.sum(groups.map(\.potential), currency: c) })
    }

    /// Validates a potential before it is written (also each row of an import); the caller
    /// checks the writer's team once.
    func checkedPotential(_ amount: Money, period: Period, group: String, customer: String?) throws(CuerdaError)
        -> RevenuePotential
    {
        try RevenueRules.amount(amount, "the potential")
        return RevenuePotential(
            period: period, group: try RevenueRules.name(group, "customer group"),
            customer: try customer.map { c throws(CuerdaError) in try RevenueRules.name(c, "customer") },
            amount: amount)
    }
}
