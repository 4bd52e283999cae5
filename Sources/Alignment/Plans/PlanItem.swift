import CuerdaCore

/// One line of marketing's plan for a period, granular enough for sales to act on: which
/// product, through which channel, to which segment, and the sales actions marketing expects
/// (practice 2).
public struct PlanItem: Sendable, Hashable, Codable {
    public var id: String
    public var period: Period
    /// 1 is the most important.
    public var priority: Int
    public var product: String
    public var channel: String
    public var segment: String
    /// The sales actions marketing expects, in its own words.
    public var expected: String
    /// The item's ``OrderKey`` in the plan; items with equal keys are ordered by ID.
    public var rank: String
    /// The sales actions derived from this item, by due date.
    public var actions: [SalesAction]

    public var shortID: String { AlignmentReplica.short(id) }
}

/// What sales will do to carry a marketing plan item: an action on an account or customer
/// group, with an owner and a due date.
public struct SalesAction: Sendable, Hashable, Codable {
    public var id: String
    /// The plan item it derives from.
    public var planItem: String
    /// An account or a customer group.
    public var account: String
    public var action: String
    /// An active member's name at the time it was written.
    public var owner: String
    public var due: Day?

    public var shortID: String { AlignmentReplica.short(id) }

    enum CodingKeys: String, CodingKey {
        case id, account, action, owner, due
        case planItem = "plan_item"
    }
}

/// A period's marketing plan, items in plan order, each with the sales actions beneath it.
public struct PlanReport: Sendable, Hashable, Codable {
    public var period: Period
    public var items: [PlanItem]
}

/// Which of a period's marketing items no sales action carries yet: the places where sales
/// would otherwise have to guess.
public struct CoverageReport: Sendable, Hashable, Codable {
    public var period: Period
    public var total: Int
    public var covered: Int
    /// The uncovered items, in plan order.
    public var uncovered: [PlanItem]
}
