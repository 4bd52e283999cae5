import CuerdaCore
import CuerdaStore

/// Practice 2: marketing's plan per period, the sales actions derived from it, and coverage.
extension AlignmentReplica {
    private typealias Table = AlignmentSchema.Table

    /// Adds an item at the end of a period's marketing plan.
    ///
    /// - Parameters:
    ///   - priority: 1 (most important) or more.
    ///   - expected: the sales actions marketing expects, so sales need not guess.
    /// - Returns: the new item.
    /// - Throws: `.rejectedWrite` unless the actor is in marketing; `.invalidArgument` for a
    ///   priority below 1 or an empty field.
    @discardableResult
    public func addPlanItem(
        period: Period, priority: Int, product: String, channel: String, segment: String, expected: String
    ) throws(CuerdaError) -> PlanItem {
        guard priority >= 1 else {
            throw CuerdaError(.invalidArgument, "a priority is 1 (the most important) or more, not \(priority)")
        }
        let cells: [String: Value] = [
            "period": .text(period.description), "priority": .integer(Int64(priority)),
            "product": .text(try Self.required(product, "a plan item's product")),
            "channel": .text(try Self.required(channel, "a plan item's channel")),
            "segment": .text(try Self.required(segment, "a plan item's segment")),
            "expected": .text(try Self.required(expected, "the expected sales actions")),
        ]
        _ = try actor(in: [.marketing], to: "write the marketing plan")
        // A hand-written malformed key has no room after it; such items sort last anyway.
        let last = try planItems(period).last { OrderKey.isValid($0.rank) }
        let id = try perform("add a plan item") { tx in
            try tx.insert(Table.planItems, cells.merging(["rank": .text(OrderKey.between(last?.rank, nil))]) { $1 })
        }
        return try planItem(id)
    }

    /// Moves a plan item within its period's plan by writing one new order key (more only
    /// when its new neighbours tie, see ``PlanOrder``).
    /// - Parameters:
    ///   - item: an item ID or unique prefix.
    ///   - placement: `.before(other)` / `.after(other)` take an ID or prefix of an item of
    ///     the same period.
    /// - Returns: the period's plan after the move.
    /// - Throws: `.rejectedWrite` unless the actor is in marketing; `.invalidArgument` for a move
    ///   relative to the item itself or to another period's item.
    @discardableResult
    public func movePlanItem(_ item: String, _ placement: PlanPlacement) throws(CuerdaError) -> PlanReport {
        let moved = try planItem(item)
        _ = try actor(in: [.marketing], to: "reorder the marketing plan")
        let others = try planItems(moved.period).filter { $0.id != moved.id }
        let slot: Int
        switch placement {
        case .top: slot = 0
        case .bottom: slot = others.count
        case .before(let other), .after(let other):
            let target = try planItem(other)
            guard target.id != moved.id else {
                throw CuerdaError(.invalidArgument, "cannot move plan item \(moved.shortID) relative to itself")
            }
            guard target.period == moved.period, let index = others.firstIndex(where: { $0.id == target.id }) else {
                throw CuerdaError(
                    .invalidArgument,
                    "plan item \(target.shortID) is in \(target.period), not \(moved.period): items move within their period")
            }
            if case .before = placement { slot = index } else { slot = index + 1 }
        }
        let keys = PlanOrder.keys(
            placing: slot, in: others.map { (id: $0.id, key: OrderKey.isValid($0.rank) ? $0.rank : nil) })
        try perform("move a plan item") { tx in
            for (id, key) in keys { try tx.update(Table.planItems, id: id ?? moved.id, ["rank": .text(key)]) }
        }
        return try plan(moved.period)
    }

    /// Derives a sales action from a marketing plan item.
    /// - Parameters:
    ///   - item: a plan item ID or unique prefix.
    ///   - account: an account or customer group.
    ///   - owner: an active member's name.
    /// - Throws: `.rejectedWrite` unless the actor is in sales; `.notFound` for an unknown item or owner.
    @discardableResult
    public func deriveSalesAction(from item: String, account: String, action: String, owner: String, due: Day)
        throws(CuerdaError) -> SalesAction
    {
        let item = try planItem(item)
        let account = try Self.required(account, "an account or customer group")
        let action = try Self.required(action, "a sales action")
        let owner = try member(named: owner)
        _ = try actor(in: [.sales], to: "write the sales plan")
        let id = try perform("derive a sales action") { tx in
            try tx.insert(
                Table.salesActions,
                [
                    "plan_item": .text(item.id), "account": .text(account), "action": .text(action),
                    "owner": .text(owner.name), "due": .text(due.description),
                ])
        }
        guard let derived = try planItem(item.id).actions.first(where: { $0.id == id }) else {
            throw CuerdaError(.notFound, "sales action \(Self.short(id)) vanished after writing it")
        }
        return derived
    }

    /// The plan item with this ID or unique prefix, with its sales actions.
    public func planItem(_ prefix: String) throws(CuerdaError) -> PlanItem {
        let id = try resolve(prefix: prefix, in: Table.planItems, what: "plan item")
        guard let item = try planItems(nil).first(where: { $0.id == id }) else {
            throw CuerdaError(.notFound, "no plan item \(Self.short(id))")
        }
        return item
    }

    /// A period's marketing plan: its items in order, each with its sales actions.
    public func plan(_ period: Period) throws(CuerdaError) -> PlanReport {
        PlanReport(period: period, items: try planItems(period))
    }

    /// The marketing items of a period that no live sales action derives from.
    /// - Complexity: O(plan items + sales actions).
    public func coverage(_ period: Period) throws(CuerdaError) -> CoverageReport {
        let items = try planItems(period)
        let uncovered = items.filter(\.actions.isEmpty)
        return CoverageReport(period: period, total: items.count, covered: items.count - uncovered.count, uncovered: uncovered)
    }

    /// Plan items (of one period, or all), sorted by (rank, ID) with malformed ranks last,
    /// each with its sales actions by due date; two reads.
    private func planItems(_ period: Period?) throws(CuerdaError) -> [PlanItem] {
        var actions: [String: [SalesAction]] = [:]
        for row in try replica.rows(Table.salesActions) {
            guard let item = row.values.text("plan_item") else { continue }
            actions[item, default: []].append(
                SalesAction(
                    id: row.id, planItem: item, account: row.values.text("account") ?? "",
                    action: row.values.text("action") ?? "", owner: row.values.text("owner") ?? "",
                    due: row.values.text("due").flatMap { try? Day(parsing: $0) }))
        }
        let items = try replica.rows(Table.planItems).compactMap { row -> PlanItem? in
            guard let itemPeriod = row.values.text("period").flatMap({ try? Period(parsing: $0) }),
                period == nil || itemPeriod == period
            else { return nil }
            return PlanItem(
                id: row.id, period: itemPeriod, priority: Int(row.values.integer("priority") ?? 0),
                product: row.values.text("product") ?? "", channel: row.values.text("channel") ?? "",
                segment: row.values.text("segment") ?? "", expected: row.values.text("expected") ?? "",
                rank: row.values.text("rank") ?? "",
                actions: (actions[row.id] ?? []).sorted {
                    ($0.due?.description ?? "~", $0.id) < ($1.due?.description ?? "~", $1.id)
                })
        }
        return items.sorted { a, b in
            let (validA, validB) = (OrderKey.isValid(a.rank), OrderKey.isValid(b.rank))
            if validA != validB { return validA }
            return (a.rank, a.id) < (b.rank, b.id)
        }
    }
}
