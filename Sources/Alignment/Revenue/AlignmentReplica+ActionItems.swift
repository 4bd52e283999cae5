import CuerdaCore
import CuerdaStore

extension AlignmentReplica {
    /// Opens a joint action item (anyone may). The owner is named by an active member's name
    /// (any case); the item takes the owner's team.
    ///
    /// - Parameter opened: the month the item is opened in (a review's month, or this month).
    /// - Throws: ``CuerdaError`` `.invalidArgument` for an empty title; `.notFound` for an
    ///   unknown owner.
    @discardableResult
    public func addActionItem(
        title: String, owner: String, due: Day, source: ActionSource = .manual, opened: Month,
        id: String = WriteTransaction.newRowID()
    ) throws(CuerdaError) -> ActionItem {
        _ = try actor()
        let (name, team) = try self.owner(named: owner)
        let item = ActionItem(
            id: id, title: try Self.title(title), owner: name, team: team, due: due,
            status: .open, source: source, opened: opened)
        try perform("add the action item") { tx in
            _ = try tx.insert(AlignmentSchema.Table.actionItems, id: item.id, item.cells)
        }
        return item
    }

    /// Changes an item named by an ID prefix; nil arguments are left as they are. A new owner
    /// brings their team. Only the changed cells are written, so two people changing different
    /// fields of an item offline both keep their change.
    @discardableResult
    public func updateActionItem(
        _ idPrefix: String, status: ActionStatus? = nil, owner: String? = nil, due: Day? = nil, title: String? = nil
    ) throws(CuerdaError) -> ActionItem {
        _ = try actor()
        let before = try actionItem(matching: idPrefix)
        var item = before
        if let status { item.status = status }
        if let owner { (item.owner, item.team) = try self.owner(named: owner) }
        if let due { item.due = due }
        if let title { item.title = try Self.title(title) }
        let changes = item.cells.filter { before.cells[$0.key] != $0.value }
        guard !changes.isEmpty else { return item }
        try perform("update the action item") { tx in
            try tx.update(AlignmentSchema.Table.actionItems, id: before.id, changes)
        }
        return item
    }

    /// The action items, filtered by status and owner (any case), oldest month first, then by due date.
    public func actionItems(status: ActionStatus? = nil, owner: String? = nil) throws(CuerdaError) -> [ActionItem] {
        try replica.rows(AlignmentSchema.Table.actionItems).compactMap { ActionItem(id: $0.id, row: $0.values) }
            .filter { item in
                (status == nil || item.status == status)
                    && (owner == nil || item.owner.lowercased() == owner!.lowercased())
            }
            .sorted(by: ActionItem.reviewOrder)
    }

    /// The item whose ID starts with `prefix` (any case; an exact ID always wins).
    /// - Throws: ``CuerdaError`` `.notFound` if none does, `.invalidArgument` if several do.
    public func actionItem(matching prefix: String) throws(CuerdaError) -> ActionItem {
        let id = try resolve(prefix: prefix, in: AlignmentSchema.Table.actionItems, what: "action item")
        guard let values = try replica.row(AlignmentSchema.Table.actionItems, id: id),
            let item = ActionItem(id: id, row: values)
        else { throw CuerdaError(.notFound, "action item \(Self.short(id)) cannot be read") }
        return item
    }

    /// An owner: an active member's name (any case) and team.
    private func owner(named name: String) throws(CuerdaError) -> (String, Team) {
        let member = try member(named: name)
        guard let team = Team(rawValue: member.team) else {
            throw CuerdaError(.invalidArgument, "'\(name)' is on no team of the six practices")
        }
        return (member.name, team)
    }

    private static func title(_ text: String) throws(CuerdaError) -> String {
        try required(text, "an action item's title")
    }
}
