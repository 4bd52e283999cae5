import CuerdaCore

/// A kind of decision with exactly one owning team: who sets strategy, who picks channels,
/// who executes (practice 1, "clarify roles").
public struct DecisionArea: Sendable, Hashable, Codable {
    /// The area's ID, a slug such as `channel-strategy`: also its `decision_areas` row ID, so
    /// that everyone who sets the same area offline writes the same row.
    public var slug: String
    public var name: String
    public var owner: Team
    public var description: String
    /// Whether the area is one of the built-in ``defaults`` that no row overrides yet.
    public var isDefault: Bool

    public init(slug: String, name: String, owner: Team, description: String, isDefault: Bool = false) {
        self.slug = slug
        self.name = name
        self.owner = owner
        self.description = description
        self.isDefault = isDefault
    }

    enum CodingKeys: String, CodingKey {
        case slug, name, owner, description
        case isDefault = "default"
    }

    /// The split the practice prescribes, which holds without any row: marketing sets the
    /// strategy and the channel strategy, sales executes. A row with the same slug overrides one.
    public static let defaults: [DecisionArea] = [
        DecisionArea(
            slug: "channel-strategy", name: "Channel strategy", owner: .marketing,
            description: "Which channel sells which product", isDefault: true),
        DecisionArea(
            slug: "execution", name: "Execution", owner: .sales,
            description: "Carrying the plan to customers: accounts, calls, deals", isDefault: true),
        DecisionArea(
            slug: "strategy", name: "Strategy", owner: .marketing,
            description: "Market direction: which segments, products and priorities to focus on", isDefault: true),
    ]

    /// Checks an area slug: 1 to 40 lower-case letters, digits and inner hyphens.
    /// - Throws: `.invalidArgument` saying what a slug looks like.
    public static func validSlug(_ text: String) throws(CuerdaError) -> String {
        let slug = text.lowercased()
        let allowed = slug.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: "-")
        }
        guard (1...40).contains(slug.count), allowed, !slug.hasPrefix("-"), !slug.hasSuffix("-") else {
            throw CuerdaError(
                .invalidArgument, "'\(text)' is not an area slug (lower-case letters, digits and hyphens, e.g. channel-strategy)")
        }
        return slug
    }

    /// The area a `decision_areas` row describes, over the default of the same slug if any;
    /// nil if its owner is not a team (a row written by hand).
    init?(slug: String, row: [String: Value]) {
        let base = Self.defaults.first { $0.slug == slug }
        guard let owner = row.text("owner").flatMap(Team.init(rawValue:)) else { return nil }
        self.init(
            slug: slug, name: row.text("name") ?? base?.name ?? slug, owner: owner,
            description: row.text("description") ?? base?.description ?? "")
    }

    /// The row that stores this area.
    var cells: [String: Value] { ["name": .text(name), "owner": .text(owner.rawValue), "description": .text(description)] }
}
