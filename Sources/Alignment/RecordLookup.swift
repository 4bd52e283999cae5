import CuerdaCore
import CuerdaStore
import Foundation

/// Finding records, members and the acting member's standing from what a user types: short
/// ID prefixes and names. Shared by every practice so that errors read the same everywhere.
extension AlignmentReplica {
    /// How many leading characters of a row ID the CLI prints; any unique prefix is accepted back.
    public static let shortIDLength = 8

    /// The short form of a row ID, as confirmations and reports print it.
    public static func short(_ id: String) -> String { String(id.prefix(shortIDLength)) }

    /// The full ID of the one live row of `table` whose ID starts with `prefix`.
    ///
    /// An exact ID always wins, even if it is the prefix of another ID.
    /// - Parameters:
    ///   - prefix: an ID or its beginning (case-insensitive: IDs are lower-case).
    ///   - what: the record's name for errors ("dispute", "plan item").
    /// - Throws: `.invalidArgument` for an empty or ambiguous prefix, `.notFound` if nothing matches.
    /// - Complexity: O(rows of the table).
    public func resolve(prefix: String, in table: String, what: String) throws(CuerdaError) -> String {
        let wanted = prefix.lowercased()
        guard !wanted.isEmpty else { throw CuerdaError(.invalidArgument, "give a \(what) ID (or the start of one)") }
        let matches = try replica.rowIDs(table).filter { $0.lowercased().hasPrefix(wanted) }
        if let exact = matches.first(where: { $0.lowercased() == wanted }) { return exact }
        switch matches.count {
        case 0: throw CuerdaError(.notFound, "no \(what) with an ID starting '\(prefix)'")
        case 1: return matches[0]
        default:
            let shown = matches.prefix(4).map { Self.short($0) }.joined(separator: ", ")
            throw CuerdaError(
                .invalidArgument,
                "the \(what) ID '\(prefix)' is ambiguous: it starts \(matches.count) IDs (\(shown)\(matches.count > 4 ? ", …" : "")); "
                    + "give more characters")
        }
    }

    /// The active member called `name` (case-insensitive), for owners and recognitions.
    /// - Throws: `.notFound` if no active member has that name, `.invalidArgument` if two do.
    public func member(named name: String) throws(CuerdaError) -> DeviceMembership {
        let wanted = name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let devices = try members().filter { $0.name.lowercased() == wanted }
        guard let first = devices.first else {
            throw CuerdaError(.notFound, "'\(name)' is not an active member of the workspace (see `cuerda members`)")
        }
        guard Set(devices.map(\.member)).count == 1 else {
            throw CuerdaError(.invalidArgument, "two members are called '\(name)': the name does not say which")
        }
        return first
    }

    /// The acting member, if its team is one of `teams`; refused before anything is written,
    /// with a clearer message than the engine's verdict would give.
    /// - Parameter what: the action, for the error ("add plan items").
    /// - Throws: `.rejectedWrite` naming who may do it.
    public func actor(in teams: Set<Team>, to what: String) throws(CuerdaError) -> Actor {
        let actor = try actor()
        guard teams.contains(actor.team) else {
            let allowed = teams.sorted().map(\.rawValue).joined(separator: " or ")
            throw CuerdaError(.rejectedWrite, "only \(allowed) may \(what) (\(actor.name) is in \(actor.team.rawValue))")
        }
        return actor
    }

    /// `text` without surrounding spaces, refused if nothing is left.
    /// - Parameter what: the field's name for the error ("a dispute's title").
    static func required(_ text: String, _ what: String) throws(CuerdaError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CuerdaError(.invalidArgument, "\(what) cannot be empty") }
        return trimmed
    }
}
