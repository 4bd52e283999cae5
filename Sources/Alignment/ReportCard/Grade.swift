import CuerdaCore
import CuerdaStore

/// A report-card letter. Points (A=4, B=3, C=2, F=0) follow the school scale: there is no D,
/// so a failing grade is far from a merely adequate one.
public enum Letter: String, Sendable, Hashable, Codable, Comparable, NamedChoice {
    // The letters as people write them on a report card.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case A, B, C, F

    public static let choiceName = "a grade"

    public var points: Int {
        switch self {
        case .A: 4
        case .B: 3
        case .C: 2
        case .F: 0
        }
    }

    public static func < (a: Letter, b: Letter) -> Bool { a.points > b.points }
}

/// One side's draft grades for a cycle, as its graders see them: never shown to the other
/// side (the rows live in the side's private feed).
public struct DraftCard: Sendable, Hashable, Codable {
    public var cycle: Period
    /// The side grading, on its own needs.
    public var side: Team
    /// The side being graded.
    public var graded: Team
    public var grades: [DraftGrade]
    /// The side's predictions of its own grades on the other side's needs (optional).
    public var selfGrades: [DraftGrade]
    /// Whether the side has sealed this card: the drafts can no longer change, and the
    /// sealed card, not these drafts, is what reveals.
    public var sealed: Bool

    /// Needs without a grade yet, and needs whose graders disagree (self-grades included).
    public var missing: [String] { grades.filter { $0.votes.isEmpty }.map(\.need) }
    public var conflicts: [String] { (grades + selfGrades).filter(\.conflict).map(\.need) }
}

/// What a draft grade row holds: a grade of the other side, or a prediction of one's own.
public enum GradeKind: String, Sendable, Codable {
    /// A side grades the other on its own needs.
    case grade
    /// A side predicts the grade it will receive on one of the other side's needs.
    case `self`
}

/// The draft grade of one need: every grader's concurrent letter, and the one shown.
public struct DraftGrade: Sendable, Hashable, Codable {
    public var need: String
    public var text: String
    /// The letter shown (the latest write); nil while nobody has graded.
    public var letter: Letter?
    /// Concurrent letters of different graders; two different letters are a disagreement the
    /// lead settles (graders who agree concurrently are no conflict).
    public var votes: [Vote]
    public var comment: String?

    public var conflict: Bool { Set(votes.map(\.letter)).count > 1 }

    public struct Vote: Sendable, Hashable, Codable {
        public var letter: Letter
        public var grader: String
        public var device: String
    }
}

extension AlignmentReplica {
    /// Writes the actor's draft grade of one of its side's needs for `cycle`.
    ///
    /// Graders of one side may grade concurrently: their letters are kept side by side until
    /// a later write (the lead's ``reconcileGrade(_:letter:cycle:comment:)``) replaces them.
    ///
    /// - Parameter kind: `.self` to predict the grade the actor's side will receive on one
    ///   of the other side's needs (the optional self-assessment).
    public func grade(_ need: String, letter: Letter, cycle: Period, kind: GradeKind = .grade, comment: String? = nil)
        throws(CuerdaError)
    {
        try writeGrade(need, letter: letter, cycle: cycle, kind: kind, comment: comment, by: actor())
    }

    /// The lead settles a disagreement: one letter replaces every letter the lead has seen.
    public func reconcileGrade(
        _ need: String, letter: Letter, cycle: Period, kind: GradeKind = .grade, comment: String? = nil
    ) throws(CuerdaError) {
        try writeGrade(need, letter: letter, cycle: cycle, kind: kind, comment: comment, by: lead(for: "reconcile grades"))
    }

    private func writeGrade(
        _ prefix: String, letter: Letter, cycle: Period, kind: GradeKind, comment: String?, by actor: Actor
    ) throws(CuerdaError) {
        let side = try Self.gradingSide(of: actor)
        let comment = try comment.map { text throws(CuerdaError) in try Self.checkedText(text, what: "a comment") }
        _ = try self.cycle(cycle)
        if try scorecardSeal(cycle: cycle, side: side) != nil {
            throw CuerdaError(.rejectedWrite, "the \(side.rawValue) card for \(cycle) is sealed: its grades cannot change")
        }
        let need = try need(prefix, side: kind == .grade ? side : side.otherSide)
        guard need.applies(to: cycle) else {
            throw CuerdaError(.invalidArgument, "need \(need.id.prefix(8)) is not on the \(cycle) card")
        }
        var values: [String: Value] = [
            "cycle": .text(cycle.description), "need": .text(need.id), "kind": .text(kind.rawValue),
            "letter": .text(letter.rawValue),
        ]
        if let comment { values["comment"] = .text(comment) }
        try perform("grade the need") { tx in
            try tx.upsert(
                AlignmentSchema.Table.grades(by: side), id: Self.gradeRow(cycle: cycle, need: need.id, kind: kind), values)
        }
    }

    /// The actor's side's draft card for `cycle`: every need on it, graded or not.
    public func draftCard(cycle: Period) throws(CuerdaError) -> DraftCard {
        let side = try Self.gradingSide(of: actor())
        _ = try self.cycle(cycle)
        let table = AlignmentSchema.Table.grades(by: side)
        let rows = Dictionary(uniqueKeysWithValues: try replica.rows(table).map { ($0.id, $0.values) })
        let names = Dictionary(try members().map { ($0.device, $0.name) }) { first, _ in first }
        func drafts(_ kind: GradeKind) throws(CuerdaError) -> [DraftGrade] {
            try needs(in: cycle, side: kind == .grade ? side : side.otherSide).map { need throws(CuerdaError) -> DraftGrade in
                let row = Self.gradeRow(cycle: cycle, need: need.id, kind: kind)
                let votes = try replica.siblings(table, id: row, column: "letter").compactMap { sibling -> DraftGrade.Vote? in
                    guard case .text(let text) = sibling.value, let letter = Letter(rawValue: text) else { return nil }
                    return DraftGrade.Vote(
                        letter: letter, grader: names[sibling.device] ?? sibling.device.short, device: sibling.device.short)
                }
                let values = rows[row]
                return DraftGrade(
                    need: need.id, text: need.text, letter: values?.text("letter").flatMap(Letter.init(rawValue:)),
                    votes: values == nil ? [] : votes, comment: values?.text("comment"))
            }
        }
        return DraftCard(
            cycle: cycle, side: side, graded: side.otherSide!, grades: try drafts(.grade),
            selfGrades: try drafts(.self).filter { !$0.votes.isEmpty },
            sealed: try scorecardSeal(cycle: cycle, side: side) != nil)
    }

    /// Row `CYCLE/NEED` for a grade, `CYCLE/self/NEED` for a self-grade.
    static func gradeRow(cycle: Period, need: String, kind: GradeKind = .grade) -> String {
        kind == .grade ? "\(cycle)/\(need)" : "\(cycle)/self/\(need)"
    }
}
