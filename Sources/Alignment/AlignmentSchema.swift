import CuerdaCore

/// The replicated tables of the six practices, with the write rules every replica enforces.
///
/// Money is two columns, `amount` (integer minor units) and `currency`. Row IDs are chosen so
/// that two people recording the same fact offline write the same row (a target per period,
/// a potential per period and customer) and merge, instead of making duplicates.
public enum AlignmentSchema {
    /// The schema's name, which tells an Alignment replica from any other application's.
    public static let name = "cuerda-alignment"

    public enum Table {
        public static let decisionAreas = "decision_areas"
        public static let disputes = "disputes"
        public static let disputePositions = "dispute_positions"
        public static let rulings = "rulings"
        public static let planItems = "plan_items"
        public static let salesActions = "sales_actions"
        public static let targets = "targets"
        public static let potentials = "potentials"
        public static let quotas = "quotas"
        public static let actuals = "actuals"
        public static let reviewNotes = "review_notes"
        public static let actionItems = "action_items"
        public static let cycles = "cycles"
        public static let needs = "needs"
        public static let needWordings = "need_wordings"
        public static let celebrations = "celebrations"
        public static let seals = "seals"
        public static let reveals = "reveals"

        /// The team-private table of one side's draft grades (grades it gives the other side).
        public static func grades(by team: Team) -> String { "\(team.rawValue)_grades" }

        /// The team-private table of one side's sealed cards and their salts, so that any
        /// lead device of the side can reveal.
        public static func sealedCards(of team: Team) -> String { "\(team.rawValue)_sealed_cards" }
    }

    public static let schema = Schema(
        name: name, version: 1,
        tables: [
            // 1. Roles: decision areas with one owner; disputes, both positions, leadership's ruling.
            table(
                Table.decisionAreas, ["name", "owner", "description"],
                writers: WriterRule(teams: [Team.leadership.rawValue])),
            table(Table.disputes, ["area", "title", "raised_by", "opened", "status"]),
            table(Table.disputePositions, ["dispute", "side", "position"], writers: WriterRule(teamColumn: "side")),
            table(
                Table.rulings, ["dispute", "area", "owner", "ruling", "ruled_on"],
                writers: WriterRule(teams: [Team.leadership.rawValue])),
            // 2. Plans: marketing's items, sales actions derived from them.
            table(
                Table.planItems, ["period", "priority:integer", "product", "channel", "segment", "expected", "rank"],
                writers: WriterRule(teams: [Team.marketing.rawValue])),
            table(
                Table.salesActions, ["plan_item", "account", "action", "owner", "due"],
                writers: WriterRule(teams: [Team.sales.rawValue])),
            // 3. Targets (marketing's leads), potentials and quotas (sales).
            table(
                Table.targets, ["period", "amount:integer", "currency"],
                writers: WriterRule(teams: [Team.marketing.rawValue], roles: [.lead])),
            table(
                Table.potentials, ["period", "customer_group", "customer", "amount:integer", "currency"],
                writers: WriterRule(teams: [Team.sales.rawValue])),
            table(
                Table.quotas, ["period", "customer_group", "customer", "amount:integer", "currency", "method"],
                writers: WriterRule(teams: [Team.sales.rawValue])),
            // 5. Monthly review: actuals, commentary per side, joint action items.
            table(
                Table.actuals, ["month", "customer_group", "amount:integer", "currency"],
                writers: WriterRule(teams: [Team.sales.rawValue, Team.leadership.rawValue])),
            table(Table.reviewNotes, ["month", "side", "note"], writers: WriterRule(teamColumn: "side")),
            table(Table.actionItems, ["title", "owner", "team", "due", "status", "source", "opened"]),
            // 4. Report cards: cycles, each side's needs and their wording per cycle, draft grades.
            cyclesTable(),
            table(
                Table.needs, ["side", "text", "since", "until", "rank"],
                writers: WriterRule(roles: [.lead], teamColumn: "side"), facts: true),
            table(
                Table.needWordings, ["need", "side", "cycle", "text"],
                writers: WriterRule(roles: [.lead], teamColumn: "side")),
            gradeTable(by: .marketing),
            gradeTable(by: .sales),
            // Sealed scorecards: a salted commitment per side and cycle, then the reveal.
            table(
                Table.seals, ["cycle", "side", "commitment", "sealed_on"],
                writers: WriterRule(roles: [.lead], teamColumn: "side"), facts: true),
            table(
                Table.reveals, ["cycle", "side", "card", "salt"],
                writers: WriterRule(roles: [.lead], teamColumn: "side"), facts: true),
            sealedCardTable(of: .marketing),
            sealedCardTable(of: .sales),
            // 6. Quarterly celebration.
            table(Table.celebrations, ["quarter", "kind", "text", "group_name", "members"]),
        ], rules: PracticeRules.name)

    /// A draft grade: row `CYCLE/NEED` (a grade of the other side on one of this side's
    /// needs) or `CYCLE/self/NEED` (this side's prediction of its grade on one of the other
    /// side's needs); the letter is a multi-value cell (graders may disagree).
    private static func gradeTable(by team: Team) -> TableSchema {
        TableSchema(
            Table.grades(by: team), audience: try! Audience.team(team.rawValue),
            columns: [
                ColumnSchema("cycle", .text), ColumnSchema("need", .text), ColumnSchema("kind", .text),
                ColumnSchema("letter", .text, policy: .multiValue), ColumnSchema("comment", .text),
            ])
    }

    /// A side's sealed card (canonical text) and salt, row `CYCLE`, private to the side.
    private static func sealedCardTable(of team: Team) -> TableSchema {
        TableSchema(
            Table.sealedCards(of: team), audience: try! Audience.team(team.rawValue),
            columns: [ColumnSchema("card", .text), ColumnSchema("salt", .text)], writers: WriterRule(roles: [.lead]))
    }

    /// A cycle's deadline may move later, never earlier (``PracticeRules``); two leads moving
    /// it concurrently keep the later date (`max`), whichever wrote last.
    private static func cyclesTable() -> TableSchema {
        var cycles = table(Table.cycles, ["deadline"], writers: WriterRule(roles: [.lead]), facts: true)
        cycles.columns[0].policy = .max
        return cycles
    }

    /// A table of the `all` audience; columns are text unless written `name:integer`.
    private static func table(_ name: String, _ columns: [String], writers: WriterRule? = nil, facts: Bool = false)
        -> TableSchema
    {
        TableSchema(
            name, audience: .all,
            columns: columns.map { spec in
                let parts = spec.split(separator: ":")
                return ColumnSchema(String(parts[0]), parts.count > 1 ? .integer : .text)
            }, writers: writers, facts: facts)
    }
}

/// The three teams of a workspace.
public enum Team: String, Sendable, Codable, Comparable, NamedChoice {
    case marketing, sales, leadership

    public static let choiceName = "a team"

    /// The side a side grades, and whose needs it grades: marketing ↔ sales.
    public var otherSide: Team? {
        switch self {
        case .marketing: .sales
        case .sales: .marketing
        case .leadership: nil
        }
    }

    public static func < (a: Team, b: Team) -> Bool { a.rawValue < b.rawValue }
}
