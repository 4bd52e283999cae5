import CuerdaCore
import Foundation

/// A quarter's joint celebration (practice 6): wins, shortfalls and lessons learned, and the
/// groups recognised for them — ideally groups that mix marketing and sales people.
public struct Celebration: Sendable, Hashable, Codable {
    /// What a `celebrations` row records.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case win, shortfall, lesson, recognition
    }

    /// A win, a shortfall or a lesson.
    public struct Entry: Sendable, Hashable, Codable {
        public var id: String
        public var kind: Kind
        public var text: String
    }

    public var quarter: Period
    public var wins: [Entry]
    public var shortfalls: [Entry]
    public var lessons: [Entry]
    public var recognitions: [Recognition]
    /// One line per recognised group that does not mix marketing and sales.
    public var warnings: [String]

    /// Parses a quarter, `2026-Q1`.
    /// - Throws: `.invalidArgument` for anything else, a month or a half included.
    public static func quarter(_ text: String) throws(CuerdaError) -> Period {
        try quarter(try? Period(parsing: text), text)
    }

    static func quarter(_ period: Period?, _ text: String) throws(CuerdaError) -> Period {
        guard let period, case .quarter = period else {
            throw CuerdaError(.invalidArgument, "'\(text)' is not a quarter (YYYY-Qn, e.g. 2026-Q1)")
        }
        return period
    }
}

/// A group recognised at a celebration, and why.
public struct Recognition: Sendable, Hashable, Codable {
    /// Someone recognised: a member of the workspace, or a person outside it (written `Name@team`).
    public struct Member: Sendable, Hashable, Codable {
        public var name: String
        public var team: Team

        public init(name: String, team: Team) {
            self.name = name
            self.team = team
        }
    }

    public var id: String
    public var group: String
    public var members: [Member]
    public var text: String
    /// Whether the group has both marketing and sales people (see ``mixes(_:)``).
    public var mixed: Bool

    /// Whether a group mixes the two sides: at least one marketing and one sales person.
    /// Leadership counts for neither, since the practice is about tying those two together.
    public static func mixes(_ members: [Member]) -> Bool {
        let teams = Set(members.map(\.team))
        return teams.contains(.marketing) && teams.contains(.sales)
    }

    /// The `members` cell: a small JSON array of `{"name", "team"}`, readable by any tool.
    static func encode(_ members: [Member]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(members)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// The members a cell holds; none if it does not decode (a row written by hand).
    static func decode(_ cell: String?) -> [Member] {
        guard let cell else { return [] }
        return (try? JSONDecoder().decode([Member].self, from: Data(cell.utf8))) ?? []
    }
}
