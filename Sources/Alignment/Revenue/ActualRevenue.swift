import CuerdaCore

/// Revenue booked in a month for a customer group, recorded by sales or leadership.
///
/// The row ID is `MONTH/GROUP`: recording it again replaces the figure (a correction), and
/// two people recording it offline merge into one row.
public struct ActualRevenue: Sendable, Hashable, Codable {
    public var month: Month
    public var group: String
    public var amount: Money

    public init(month: Month, group: String, amount: Money) {
        self.month = month
        self.group = group
        self.amount = amount
    }

    init?(row values: [String: Value]) {
        guard let text = values.text("month"), let month = try? Month(parsing: text),
            let group = values.text("customer_group"), let amount = values.money()
        else { return nil }
        self.init(month: month, group: group, amount: amount)
    }

    var rowID: String { RevenueRules.rowID(month.description, group) }

    var cells: [String: Value] {
        amount.cells.merging(["month": .text(month.description), "customer_group": .text(group)]) { $1 }
    }
}
