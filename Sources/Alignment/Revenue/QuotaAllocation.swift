import CuerdaCore

/// How a quota row got its amount, recorded on the row so the allocation can be explained.
public enum QuotaMethod: String, Sendable, Codable, CaseIterable {
    /// Set by hand (`quota set`).
    case manual
    /// A part of an even split.
    case even
    /// A part of a split proportional to potentials.
    case potential
    /// Raised or lowered by an even split of the gap to the target.
    case gapEven = "gap-even"
    /// Raised or lowered by a split of the gap proportional to potentials.
    case gapPotential = "gap-potential"

    init(gap method: SplitMethod) { self = method == .even ? .gapEven : .gapPotential }
    init(split method: SplitMethod) { self = method == .even ? .even : .potential }
}

/// Sales' quota for a customer group, or for one customer of a group, in a period.
///
/// Row IDs are `PERIOD/GROUP` and `PERIOD/GROUP/CUSTOMER`, like potentials.
public struct QuotaAllocation: Sendable, Hashable, Codable {
    public var period: Period
    public var group: String
    /// Nil for the group's quota.
    public var customer: String?
    public var amount: Money
    public var method: QuotaMethod

    public init(period: Period, group: String, customer: String? = nil, amount: Money, method: QuotaMethod) {
        self.period = period
        self.group = group
        self.customer = customer
        self.amount = amount
        self.method = method
    }

    init?(row values: [String: Value]) {
        guard let text = values.text("period"), let period = try? Period(parsing: text),
            let group = values.text("customer_group"), let amount = values.money()
        else { return nil }
        let customer = values.text("customer").flatMap { $0.isEmpty ? nil : $0 }
        let method = values.text("method").flatMap(QuotaMethod.init(rawValue:)) ?? .manual
        self.init(period: period, group: group, customer: customer, amount: amount, method: method)
    }

    var rowID: String { RevenueRules.rowID(period.description, group, customer) }

    var cells: [String: Value] {
        amount.cells.merging([
            "period": .text(period.description), "customer_group": .text(group),
            "customer": customer.map { .text($0) } ?? .null, "method": .text(method.rawValue),
        ]) { $1 }
    }
}

/// What `quota show` prints: per customer group and customer, potential and quota, and the
/// gap between the period's target and the sum of the group quotas.
public struct QuotaReport: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var group: String
        public var potential: Money?
        public var quota: Money?
        public var method: QuotaMethod?
        /// The quota as a percentage of the period's target.
        public var sharePercent: Double?
        public var customers: [Customer]
        /// The group's quota less its customers' quotas, when any customer has one.
        public var unallocated: Money?
    }

    public struct Customer: Sendable, Hashable, Codable {
        public var customer: String
        public var potential: Money?
        public var quota: Money?
        public var method: QuotaMethod?
        /// The quota as a percentage of the group's quota.
        public var sharePercent: Double?
    }

    public var period: Period
    public var currency: Currency
    /// The period's target (see ``TargetReport/total``), nil if marketing has not set one.
    public var target: Money?
    public var potential: Money
    /// The sum of the group quotas.
    public var quota: Money
    /// Target minus the sum of the group quotas: what sales still has to allocate (negative
    /// when the quotas exceed the target). Nil without a target.
    public var gap: Money?
    public var groups: [Group]
}
