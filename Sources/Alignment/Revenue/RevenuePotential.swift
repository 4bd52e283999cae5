import CuerdaCore

/// Sales' estimate of the revenue a customer group, or one customer in it, can bring in a period.
///
/// Row IDs are `PERIOD/GROUP` and `PERIOD/GROUP/CUSTOMER`, so two reps recording the same
/// potential offline merge into one row.
public struct RevenuePotential: Sendable, Hashable, Codable {
    public var period: Period
    public var group: String
    /// Nil for the group as a whole.
    public var customer: String?
    public var amount: Money

    public init(period: Period, group: String, customer: String? = nil, amount: Money) {
        self.period = period
        self.group = group
        self.customer = customer
        self.amount = amount
    }

    init?(row values: [String: Value]) {
        guard let text = values.text("period"), let period = try? Period(parsing: text),
            let group = values.text("customer_group"), let amount = values.money()
        else { return nil }
        let customer = values.text("customer").flatMap { $0.isEmpty ? nil : $0 }
        self.init(period: period, group: group, customer: customer, amount: amount)
    }

    var rowID: String { RevenueRules.rowID(period.description, group, customer) }

    var cells: [String: Value] {
        amount.cells.merging([
            "period": .text(period.description), "customer_group": .text(group),
            "customer": customer.map { .text($0) } ?? .null,
        ]) { $1 }
    }
}

/// What `potential list` prints: a period's potentials by customer group, then customer.
public struct PotentialReport: Sendable, Hashable, Codable {
    public struct Group: Sendable, Hashable, Codable {
        public var group: String
        /// The group's potential: its own if recorded, else the sum of its customers'.
        public var potential: Money
        /// Whether `potential` was recorded for the group itself (not summed).
        public var recorded: Bool
        public var customers: [Customer]
    }

    public struct Customer: Sendable, Hashable, Codable {
        public var customer: String
        public var potential: Money
    }

    public var period: Period
    public var groups: [Group]
    /// The sum of the groups' potentials (nil when there are none).
    public var total: Money?
}
