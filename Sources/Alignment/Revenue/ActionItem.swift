import CuerdaCore

/// Where a joint action item came from: a monthly review, a report-card need, a dispute,
/// or nowhere in particular. Written `review:2026-03`, `need:ID`, `dispute:ID` or `manual`.
public enum ActionSource: Sendable, Hashable, TextCodable {
    case manual
    case review(Month)
    case need(String)
    case dispute(String)

    public init(parsing text: String) throws(CuerdaError) {
        let invalid = CuerdaError(
            .invalidArgument, "'\(text)' is not an action source (review:2026-03, need:ID, dispute:ID or manual)")
        if text == "manual" {
            self = .manual
            return
        }
        guard let colon = text.firstIndex(of: ":") else { throw invalid }
        let kind = text[..<colon]
        let reference = String(text[text.index(after: colon)...])
        guard !reference.isEmpty, !reference.contains(where: \.isWhitespace) else { throw invalid }
        switch kind {
        case "review":
            guard let month = try? Month(parsing: reference) else { throw invalid }
            self = .review(month)
        case "need": self = .need(reference)
        case "dispute": self = .dispute(reference)
        default: throw invalid
        }
    }

    public var description: String {
        switch self {
        case .manual: "manual"
        case .review(let month): "review:\(month)"
        case .need(let id): "need:\(id)"
        case .dispute(let id): "dispute:\(id)"
        }
    }
}

/// Whether an action item is still to do.
public enum ActionStatus: String, Sendable, Codable, NamedChoice {
    case open, done, dropped

    public static let choiceName = "a status"
}

/// A joint action item agreed by marketing and sales: one owner, a due date, a status.
///
/// Items have random row IDs (two people may well agree the same title twice); commands
/// name an item by any unambiguous prefix of its ID.
public struct ActionItem: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// The owner's member name; `team` is the owner's team when the item was assigned.
    public var owner: String
    public var team: Team
    public var due: Day
    public var status: ActionStatus
    public var source: ActionSource
    /// The month the item was opened: a review lists older open items first, as follow-up.
    public var opened: Month

    public init(
        id: String, title: String, owner: String, team: Team, due: Day, status: ActionStatus, source: ActionSource,
        opened: Month
    ) {
        self.id = id
        self.title = title
        self.owner = owner
        self.team = team
        self.due = due
        self.status = status
        self.source = source
        self.opened = opened
    }

    init?(id: String, row values: [String: Value]) {
        guard let title = values.text("title"), let owner = values.text("owner"),
            let team = values.text("team").flatMap(Team.init(rawValue:)),
            let due = values.text("due").flatMap({ try? Day(parsing: $0) }),
            let status = values.text("status").flatMap(ActionStatus.init(rawValue:)),
            let source = values.text("source").flatMap({ try? ActionSource(parsing: $0) }),
            let opened = values.text("opened").flatMap({ try? Month(parsing: $0) })
        else { return nil }
        self.init(
            id: id, title: title, owner: owner, team: team, due: due, status: status, source: source, opened: opened)
    }

    /// The short form of the ID that commands print; any unique prefix names the item.
    public var shortID: String { AlignmentReplica.short(id) }

    var cells: [String: Value] {
        [
            "title": .text(title), "owner": .text(owner), "team": .text(team.rawValue), "due": .text(due.description),
            "status": .text(status.rawValue), "source": .text(source.description), "opened": .text(opened.description),
        ]
    }

    /// Review order: opened month, then due date, then title and ID.
    static func reviewOrder(_ a: ActionItem, _ b: ActionItem) -> Bool {
        (a.opened, a.due, a.title, a.id) < (b.opened, b.due, b.title, b.id)
    }
}
