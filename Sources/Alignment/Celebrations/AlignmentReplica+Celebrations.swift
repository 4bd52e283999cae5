import CuerdaCore
import CuerdaStore
import Foundation

/// Practice 6: a quarter's wins, shortfalls, lessons and recognitions; anyone may record them.
extension AlignmentReplica {
    private typealias Table = AlignmentSchema.Table

    /// Records a win, a shortfall or a lesson learned for a quarter.
    /// - Throws: `.invalidArgument` for a period that is not a quarter, an empty text, or
    ///   `.recognition` (use ``recognize(group:members:quarter:text:)``).
    @discardableResult
    public func celebrate(_ kind: Celebration.Kind, quarter: Period, text: String) throws(CuerdaError) -> Celebration.Entry {
        guard kind != .recognition else {
            throw CuerdaError(.invalidArgument, "a recognition names a group and its members: use recognize")
        }
        let quarter = try Celebration.quarter(quarter, quarter.description)
        let text = try Self.required(text, "a \(kind.rawValue)'s text")
        _ = try actor()
        let id = try perform("record a \(kind.rawValue)") { tx in
            try tx.insert(
                Table.celebrations, ["quarter": .text(quarter.description), "kind": .text(kind.rawValue), "text": .text(text)])
        }
        return Celebration.Entry(id: id, kind: kind, text: text)
    }

    /// Recognises a group for a quarter.
    ///
    /// - Parameter members: active members' names, or `Name@team` for people outside the
    ///   workspace; repeated names count once.
    /// - Returns: the recognition; check ``Recognition/mixed`` to warn about a one-sided group.
    /// - Throws: `.notFound` for a name that is not an active member (and has no `@team`),
    ///   `.invalidArgument` for an empty group, a bad team, or a member named with the wrong team.
    @discardableResult
    public func recognize(group: String, members: [String], quarter: Period, text: String = "")
        throws(CuerdaError) -> Recognition
    {
        let quarter = try Celebration.quarter(quarter, quarter.description)
        let group = try Self.required(group, "a recognised group's name")
        var people: [Recognition.Member] = []
        for spec in members {
            let person = try recognitionMember(spec)
            if !people.contains(where: { $0.name.lowercased() == person.name.lowercased() }) { people.append(person) }
        }
        guard !people.isEmpty else { throw CuerdaError(.invalidArgument, "a recognition names at least one member") }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try actor()
        let id = try perform("record a recognition") { tx in
            try tx.insert(
                Table.celebrations,
                [
                    "quarter": .text(quarter.description), "kind": .text(Celebration.Kind.recognition.rawValue),
                    "text": .text(text), "group_name": .text(group), "members": .text(Recognition.encode(people)),
                ])
        }
        return Recognition(id: id, group: group, members: people, text: text, mixed: Recognition.mixes(people))
    }

    /// A recognised person from `Name` (an active member, whose team the workspace knows) or
    /// `Name@team` (someone outside the workspace, or a member with their own team).
    /// - Throws: `.notFound` for an unknown member, `.invalidArgument` for a bad team or a
    ///   member named with a team that is not theirs.
    public func recognitionMember(_ spec: String) throws(CuerdaError) -> Recognition.Member {
        let parts = spec.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let name = try Self.required(String(parts[0]), "a recognised person's name")
        let known = try? member(named: name)
        guard parts.count == 2 else {
            guard let known, let team = Team(rawValue: known.team) else {
                throw CuerdaError(
                    .notFound,
                    "'\(name)' is not an active member of the workspace: write \(name)@TEAM for someone outside it")
            }
            return Recognition.Member(name: known.name, team: team)
        }
        let team = try Team(parsing: String(parts[1]))
        if let known, known.team != team.rawValue {
            throw CuerdaError(.invalidArgument, "\(known.name) is a member of \(known.team), not \(team.rawValue)")
        }
        return Recognition.Member(name: known?.name ?? name, team: team)
    }

    /// The quarter's celebration: entries by kind and recognitions, in ID order, with a warning
    /// for every recognised group that does not mix marketing and sales.
    /// - Complexity: O(rows of `celebrations`).
    public func celebration(_ quarter: Period) throws(CuerdaError) -> Celebration {
        let quarter = try Celebration.quarter(quarter, quarter.description)
        var report = Celebration(quarter: quarter, wins: [], shortfalls: [], lessons: [], recognitions: [], warnings: [])
        for row in try replica.rows(Table.celebrations) where row.values.text("quarter") == quarter.description {
            let text = row.values.text("text") ?? ""
            switch row.values.text("kind").flatMap(Celebration.Kind.init(rawValue:)) {
            case .win?: report.wins.append(.init(id: row.id, kind: .win, text: text))
            case .shortfall?: report.shortfalls.append(.init(id: row.id, kind: .shortfall, text: text))
            case .lesson?: report.lessons.append(.init(id: row.id, kind: .lesson, text: text))
            case .recognition?:
                let members = Recognition.decode(row.values.text("members"))
                let recognition = Recognition(
                    id: row.id, group: row.values.text("group_name") ?? "", members: members, text: text,
                    mixed: Recognition.mixes(members))
                report.recognitions.append(recognition)
                if !recognition.mixed {
                    let teams = Set(members.map(\.team.rawValue)).sorted().joined(separator: ", ")
                    report.warnings.append(
                        "group '\(recognition.group)' does not mix marketing and sales (only \(teams.isEmpty ? "nobody" : teams))"
                    )
                }
            case nil: continue
            }
        }
        return report
    }
}
