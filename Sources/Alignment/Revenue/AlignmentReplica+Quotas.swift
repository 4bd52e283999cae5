import CuerdaCore

extension AlignmentReplica {
    /// Sets one quota by hand (sales only): a customer group's, or a customer's within it.
    ///
    /// The group (and the customer) must have a potential recorded for the period: sales
    /// allocates quota to the groups and customers it has sized.
    /// - Returns: the period's quotas after the change, with the gap to the target.
    /// - Throws: ``CuerdaError`` `.rejectedWrite` for marketing and leadership; `.notFound`
    ///   for an unknown group or customer; `.invalidArgument` for a negative amount or mixed currencies.
    @discardableResult
    public func setQuota(_ amount: Money, period: Period, group: String, customer: String? = nil)
        throws(CuerdaError) -> QuotaReport
    {
        _ = try actor(in: [.sales], to: "set quotas")
        try RevenueRules.amount(amount, "the quota")
        try requireRevenueCurrency(amount.currency)
        let group = try RevenueRules.name(group, "customer group")
        let customer = try customer.map { c throws(CuerdaError) in try RevenueRules.name(c, "customer") }
        let book = try RevenueBook(self)
        try requireKnown(book, period, group, customer)
        _ = try book.currency(of: period, with: [amount])
        let quota = QuotaAllocation(period: period, group: group, customer: customer, amount: amount, method: .manual)
        try writeQuotas([quota])
        return try quotaReport(for: period)
    }

    /// Splits `total` across the period's customer groups by `method` (sales only), replacing
    /// their quotas. The parts sum exactly to `total` (largest remainder); by `.potential`
    /// they are proportional to the groups' potentials (even when every potential is zero).
    ///
    /// - Throws: ``CuerdaError`` `.notFound` when the period has no customer groups yet.
    @discardableResult
    public func splitQuota(_ total: Money, period: Period, method: SplitMethod) throws(CuerdaError) -> QuotaReport {
        _ = try actor(in: [.sales], to: "split quotas")
        try RevenueRules.amount(total, "the total")
        try requireRevenueCurrency(total.currency)
        let book = try RevenueBook(self)
        let currency = try book.currency(of: period, with: [total]) ?? total.currency
        let groups = try groupsToSplit(book, period)
        let weights = try groups.map { g throws(CuerdaError) in try book.groupPotential(period, g)?.minorUnits ?? 0 }
        let parts = try Allocation.split(total.minorUnits, method: method, potentials: weights)
        try writeQuotas(
            zip(groups, parts).map {
                QuotaAllocation(
                    period: period, group: $0, amount: Money(minorUnits: $1, currency: currency),
                    method: QuotaMethod(split: method))
            })
        return try quotaReport(for: period)
    }

    /// Splits a group's quota across its customers by `method` (sales only), replacing their
    /// quotas; by `.potential` in proportion to the customers' potentials.
    ///
    /// - Throws: ``CuerdaError`` `.notFound` when the group has no quota or no customers.
    @discardableResult
    public func splitGroupQuota(period: Period, group: String, method: SplitMethod) throws(CuerdaError) -> QuotaReport {
        _ = try actor(in: [.sales], to: "split quotas")
        let group = try RevenueRules.name(group, "customer group")
        let book = try RevenueBook(self)
        try requireKnown(book, period, group, nil)
        guard let quota = book.quota(period, group, nil) else {
            throw CuerdaError(
                .notFound, "customer group '\(group)' has no quota in \(period): set or split one first (`cuerda quota set`)")
        }
        let customers = book.customers(in: period, group: group)
        guard !customers.isEmpty else {
            throw CuerdaError(
                .notFound,
                "customer group '\(group)' has no customers in \(period): record their potential first "
                    + "(`cuerda potential set --customer`)")
        }
        _ = try book.currency(of: period)
        let weights = customers.map { book.potential(period, group, $0)?.amount.minorUnits ?? 0 }
        let parts = try Allocation.split(quota.amount.minorUnits, method: method, potentials: weights)
        try writeQuotas(
            zip(customers, parts).map {
                QuotaAllocation(
                    period: period, group: group, customer: $0, amount: Money(minorUnits: $1, currency: quota.amount.currency),
                    method: QuotaMethod(split: method))
            })
        return try quotaReport(for: period)
    }

    /// Closes the gap (target − Σ group quotas) by splitting it across the period's groups by
    /// `method` and adding each part to the group's quota (sales only): afterwards the group
    /// quotas sum exactly to the target. A negative gap lowers quotas.
    ///
    /// - Throws: ``CuerdaError`` `.notFound` without a target or groups; `.invalidArgument`
    ///   if lowering would make a quota negative.
    @discardableResult
    public func closeQuotaGap(period: Period, method: SplitMethod) throws(CuerdaError) -> QuotaReport {
        _ = try actor(in: [.sales], to: "close the quota gap")
        let before = try quotaReport(for: period)
        guard let gap = before.gap else {
            throw CuerdaError(
                .notFound,
                "there is no target for \(period): marketing sets one with `cuerda target set` before the gap can be closed")
        }
        guard gap.minorUnits != 0 else { return before }
        let book = try RevenueBook(self)
        let groups = try groupsToSplit(book, period)
        let weights = try groups.map { g throws(CuerdaError) in try book.groupPotential(period, g)?.minorUnits ?? 0 }
        let parts = try Allocation.split(gap.minorUnits, method: method, potentials: weights)
        var quotas: [QuotaAllocation] = []
        for (group, part) in zip(groups, parts) {
            let quota = (book.quota(period, group, nil)?.amount.minorUnits ?? 0) + part
            guard quota >= 0 else {
                throw CuerdaError(
                    .invalidArgument,
                    "closing the gap would make the quota of '\(group)' negative: lower the quotas with `cuerda quota set`")
            }
            quotas.append(
                QuotaAllocation(
                    period: period, group: group, amount: Money(minorUnits: quota, currency: gap.currency),
                    method: QuotaMethod(gap: method)))
        }
        try writeQuotas(quotas)
        return try quotaReport(for: period)
    }

    /// A period's quotas by group and customer, with potentials, shares and the gap to the target.
    public func quotaReport(for period: Period) throws(CuerdaError) -> QuotaReport {
        let book = try RevenueBook(self)
        let target = try book.target(for: period)
        let currency = try book.currency(of: period, with: target.map { [$0] } ?? []) ?? .eur
        var groups: [QuotaReport.Group] = []
        for group in book.groups(in: period) {
            let quota = book.quota(period, group, nil)?.amount
            let customers = book.customers(in: period, group: group).map { customer in
                let row = book.quota(period, group, customer)
                return QuotaReport.Customer(
                    customer: customer, potential: book.potential(period, group, customer)?.amount, quota: row?.amount,
                    method: row?.method, sharePercent: RevenueRules.percent(row?.amount, of: quota))
            }
            let allocated = customers.compactMap(\.quota)
            var unallocated: Money?
            if let quota, !allocated.isEmpty {
                unallocated = quota - (try RevenueRules.sum(allocated, currency: currency))
            }
            groups.append(
                QuotaReport.Group(
                    group: group, potential: try book.groupPotential(period, group), quota: quota,
                    method: book.quota(period, group, nil)?.method, sharePercent: RevenueRules.percent(quota, of: target),
                    customers: customers, unallocated: unallocated))
        }
        let quota = try RevenueRules.sum(groups.compactMap(\.quota), currency: currency)
        return QuotaReport(
            period: period, currency: currency, target: target,
            potential: try RevenueRules.sum(groups.compactMap(\.potential), currency: currency), quota: quota,
            gap: target.map { $0 - quota }, groups: groups)
    }

    /// Refuses a group (or customer) with no potential recorded for the period.
    private func requireKnown(_ book: RevenueBook, _ period: Period, _ group: String, _ customer: String?)
        throws(CuerdaError)
    {
        guard book.potentials.contains(where: { $0.period == period && $0.group == group }) else {
            throw CuerdaError(
                .notFound,
                "no customer group '\(group)' in \(period): record its potential first (`cuerda potential set`)")
        }
        if let customer, book.potential(period, group, customer) == nil {
            throw CuerdaError(
                .notFound,
                "no customer '\(customer)' in '\(group)' for \(period): record its potential first "
                    + "(`cuerda potential set --customer`)")
        }
    }

    private func groupsToSplit(_ book: RevenueBook, _ period: Period) throws(CuerdaError) -> [String] {
        let groups = book.groups(in: period)
        guard !groups.isEmpty else {
            throw CuerdaError(
                .notFound, "there are no customer groups in \(period): record their potential first (`cuerda potential set`)")
        }
        return groups
    }

    private func writeQuotas(_ quotas: [QuotaAllocation]) throws(CuerdaError) {
        try perform("write the quotas") { tx in
            for quota in quotas { try tx.upsert(AlignmentSchema.Table.quotas, id: quota.rowID, quota.cells) }
        }
    }
}
