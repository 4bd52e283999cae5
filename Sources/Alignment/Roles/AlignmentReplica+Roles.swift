import CuerdaCore
import CuerdaStore

/// Practice 1: decision areas, and the disputes that leadership settles.
extension AlignmentReplica {
    private typealias Table = AlignmentSchema.Table

    // MARK: Decision areas

    /// Every decision area: the ``DecisionArea/defaults`` merged with the `decision_areas`
    /// rows (a row overrides the default of the same slug), by slug.
    /// - Complexity: O(rows of `decision_areas`).
    public func decisionAreas() throws(CuerdaError) -> [DecisionArea] {
        var areas = Dictionary(uniqueKeysWithValues: DecisionArea.defaults.map { ($0.slug, $0) })
        for row in try replica.rows(Table.decisionAreas) {
            if let area = DecisionArea(slug: row.id, row: row.values) { areas[row.id] = area }
        }
        return areas.values.sorted { $0.slug < $1.slug }
    }

    /// The decision area with this slug.
    /// - Throws: `.notFound` listing the known areas.
    public func decisionArea(_ slug: String) throws(CuerdaError) -> DecisionArea {
        let areas = try decisionAreas()
        guard let area = areas.first(where: { $0.slug == slug.lowercased() }) else {
            throw CuerdaError(
                .notFound, "no decision area '\(slug)' (known: \(areas.map(\.slug).joined(separator: ", ")))")
        }
        return area
    }

    /// Adds a decision area or changes one (its owner, and its name or description if given).
    ///
    /// - Parameters:
    ///   - slug: the area's ID (see ``DecisionArea/validSlug(_:)``).
    ///   - name: for a new area, defaults to the slug.
    /// - Returns: the area as stored.
    /// - Throws: `.rejectedWrite` unless the actor is in leadership; `.invalidArgument` for a bad slug.
    @discardableResult
    public func setDecisionArea(_ slug: String, owner: Team, name: String? = nil, description: String? = nil)
        throws(CuerdaError) -> DecisionArea
    {
        let slug = try DecisionArea.validSlug(slug)
        _ = try actor(in: [.leadership], to: "set decision areas")
        var area =
            try decisionAreas().first { $0.slug == slug } ?? DecisionArea(slug: slug, name: slug, owner: owner, description: "")
        area.owner = owner
        area.isDefault = false
        if let name { area.name = try Self.required(name, "an area's name") }
        if let description { area.description = description }
        try perform("set decision area \(slug)") { tx in try tx.upsert(Table.decisionAreas, id: area.slug, area.cells) }
        return area
    }

    // MARK: Disputes

    /// Raises a dispute about a known decision area; anyone may.
    /// - Parameter opened: the day it is raised (the CLI passes today).
    /// - Returns: the new dispute.
    /// - Throws: `.notFound` for an unknown area, `.invalidArgument` for an empty title.
    @discardableResult
    public func raiseDispute(area: String, title: String, opened: Day) throws(CuerdaError) -> Dispute {
        let area = try decisionArea(area)
        let title = try Self.required(title, "a dispute's title")
        let actor = try actor()
        let id = try perform("raise a dispute") { tx in
            try tx.insert(
                Table.disputes,
                [
                    "area": .text(area.slug), "title": .text(title), "raised_by": .text(actor.name),
                    "opened": .text(opened.description), "status": .text(Dispute.Status.open.rawValue),
                ])
        }
        return try dispute(id)
    }

    /// Records (or revises) the actor's side's position on an open dispute.
    /// - Parameter dispute: a dispute ID or unique prefix.
    /// - Throws: `.rejectedWrite` for leadership (it rules, it takes no side) or once ruled.
    @discardableResult
    public func recordPosition(on dispute: String, text: String) throws(CuerdaError) -> Dispute {
        let dispute = try self.dispute(dispute)
        let text = try Self.required(text, "a position")
        let actor = try actor(in: [.marketing, .sales], to: "take a side in a dispute (leadership rules on it)")
        guard dispute.ruling == nil else {
            throw CuerdaError(.rejectedWrite, "dispute \(dispute.shortID) is already ruled: positions are closed")
        }
        try perform("record a position") { tx in
            try tx.upsert(
                Table.disputePositions, id: Dispute.positionID(dispute.id, actor.team),
                ["dispute": .text(dispute.id), "side": .text(actor.team.rawValue), "position": .text(text)])
        }
        return try self.dispute(dispute.id)
    }

    /// Escalates an open dispute to leadership; any member may.
    /// - Throws: `.invalidArgument` if it is already escalated or ruled.
    @discardableResult
    public func escalateDispute(_ dispute: String) throws(CuerdaError) -> Dispute {
        let dispute = try self.dispute(dispute)
        guard dispute.status == .open else {
            throw CuerdaError(.invalidArgument, "dispute \(dispute.shortID) is already \(dispute.status.rawValue)")
        }
        _ = try actor()
        try perform("escalate a dispute") { tx in
            try tx.update(Table.disputes, id: dispute.id, ["status": .text(Dispute.Status.escalated.rawValue)])
        }
        return try self.dispute(dispute.id)
    }

    /// Leadership's ruling: names the team that owns the disputed area and gives the reason.
    ///
    /// One transaction writes the `rulings` row (ID = the dispute's), marks the dispute ruled and
    /// sets the area's owner, so no replica ever sees a ruling without its new owner. A later
    /// ruling on the same dispute revises it. A dispute need not be escalated first: leadership
    /// may settle it on sight.
    /// - Throws: `.rejectedWrite` unless the actor is in leadership (nothing is written).
    @discardableResult
    public func rule(on dispute: String, owner: Team, text: String, on day: Day) throws(CuerdaError) -> Dispute {
        let dispute = try self.dispute(dispute)
        let text = try Self.required(text, "a ruling")
        _ = try actor(in: [.leadership], to: "rule on disputes")
        var area = try decisionArea(dispute.area)
        area.owner = owner
        try perform("rule on a dispute") { tx in
            try tx.upsert(
                Table.rulings, id: dispute.id,
                [
                    "dispute": .text(dispute.id), "area": .text(area.slug), "owner": .text(owner.rawValue),
                    "ruling": .text(text), "ruled_on": .text(day.description),
                ])
            try tx.update(Table.disputes, id: dispute.id, ["status": .text(Dispute.Status.ruled.rawValue)])
            try tx.upsert(Table.decisionAreas, id: area.slug, area.cells)
        }
        return try self.dispute(dispute.id)
    }

    /// The dispute with this ID or unique ID prefix, with its positions and ruling.
    /// - Throws: `.notFound` or `.invalidArgument` (ambiguous prefix).
    public func dispute(_ prefix: String) throws(CuerdaError) -> Dispute {
        let id = try resolve(prefix: prefix, in: Table.disputes, what: "dispute")
        guard let dispute = try disputes(matching: [id]).first else {
            throw CuerdaError(.notFound, "no dispute \(Self.short(id))")
        }
        return dispute
    }

    /// The disputes, oldest first (then by ID), optionally only those of one status.
    /// - Complexity: O(rows of the three dispute tables).
    public func disputes(status: Dispute.Status? = nil) throws(CuerdaError) -> [Dispute] {
        try disputes(matching: nil).filter { status == nil || $0.status == status }
    }

    /// Reads disputes (all, or the given IDs) with their positions and rulings in three reads.
    private func disputes(matching ids: Set<String>?) throws(CuerdaError) -> [Dispute] {
        var positions: [String: [Dispute.Position]] = [:]
        for row in try replica.rows(Table.disputePositions) {
            guard let dispute = row.values.text("dispute"), ids?.contains(dispute) ?? true,
                let side = row.values.text("side").flatMap(Team.init(rawValue:))
            else { continue }
            positions[dispute, default: []].append(Dispute.Position(side: side, text: row.values.text("position") ?? ""))
        }
        var rulings: [String: Dispute.Ruling] = [:]
        for row in try replica.rows(Table.rulings) where ids?.contains(row.id) ?? true {
            guard let owner = row.values.text("owner").flatMap(Team.init(rawValue:)) else { continue }
            rulings[row.id] = Dispute.Ruling(
                owner: owner, text: row.values.text("ruling") ?? "",
                ruledOn: row.values.text("ruled_on").flatMap { try? Day(parsing: $0) })
        }
        return try replica.rows(Table.disputes).compactMap { row -> Dispute? in
            guard ids?.contains(row.id) ?? true else { return nil }
            let ruling = rulings[row.id]
            let status: Dispute.Status =
                ruling != nil ? .ruled : row.values.text("status") == Dispute.Status.escalated.rawValue ? .escalated : .open
            return Dispute(
                id: row.id, area: row.values.text("area") ?? "", title: row.values.text("title") ?? "",
                raisedBy: row.values.text("raised_by") ?? "",
                opened: row.values.text("opened").flatMap { try? Day(parsing: $0) }, status: status,
                positions: (positions[row.id] ?? []).sorted { $0.side < $1.side }, ruling: ruling)
        }.sorted { ($0.opened?.description ?? "", $0.id) < ($1.opened?.description ?? "", $1.id) }
    }
}
