import CuerdaCore

/// A disagreement about who decides something, raised by anyone, with each side's position,
/// escalated to leadership and settled by its ruling (practice 1).
public struct Dispute: Sendable, Hashable, Codable {
    /// Where a dispute stands. A ruling settles it whatever the `status` cell says, so that an
    /// escalation written offline after the ruling cannot reopen it.
    public enum Status: String, Sendable, Codable, NamedChoice {
        case open, escalated, ruled

        public static let choiceName = "a dispute status"
    }

    /// One side's view, a `dispute_positions` row `DISPUTE/side` that only that side may write.
    public struct Position: Sendable, Hashable, Codable {
        public var side: Team
        public var text: String

        public init(side: Team, text: String) {
            self.side = side
            self.text = text
        }
    }

    /// Leadership's decision: the `rulings` row with the dispute's ID.
    public struct Ruling: Sendable, Hashable, Codable {
        /// The team that owns the disputed area from now on.
        public var owner: Team
        public var text: String
        public var ruledOn: Day?

        public init(owner: Team, text: String, ruledOn: Day?) {
            self.owner = owner
            self.text = text
            self.ruledOn = ruledOn
        }

        enum CodingKeys: String, CodingKey {
            case owner, text
            case ruledOn = "ruled_on"
        }
    }

    public var id: String
    public var area: String
    public var title: String
    public var raisedBy: String
    public var opened: Day?
    public var status: Status
    /// Positions by side, marketing first.
    public var positions: [Position]
    public var ruling: Ruling?

    public var shortID: String { AlignmentReplica.short(id) }

    enum CodingKeys: String, CodingKey {
        case id, area, title, status, positions, ruling, opened
        case raisedBy = "raised_by"
    }

    /// The row ID of a side's position on a dispute.
    static func positionID(_ dispute: String, _ side: Team) -> String { "\(dispute)/\(side.rawValue)" }
}
