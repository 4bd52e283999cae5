import CuerdaCore

/// The report-card rules every replica of the six practices applies to every commit, on
/// top of the schema's writer rules: what a side may grade, and the seal/reveal protocol.
///
/// Each verdict reads only the commit and the fact tables (cycles, needs, seals, reveals)
/// in its causal past, so every replica reaches the same verdict:
/// - a draft grade names a need of the grading side (a self-grade, one of the other side),
///   and is refused once the side's seal for that cycle is in the writer's past;
/// - a cycle's deadline never moves earlier (that would open the other side's card early);
/// - a seal names an opened cycle, comes before its deadline (by the commit's own clock),
///   carries a SHA-256 commitment, and never changes;
/// - a reveal matches its side's commitment, and comes after both sides' seals or after
///   the cycle's deadline (by the commit's own clock); it never changes.
public struct PracticeRules: WriteRules {
    public init() {}

    /// Named by ``AlignmentSchema/schema``: a replica of the practices opens only with these.
    public static let name = "alignment.practices/1"
    public var name: String { Self.name }

    public func check(_ row: RowOp, table: TableSchema, in commit: CommitContent, past: CausalPast) -> String? {
        guard past.schema.name == AlignmentSchema.name else { return nil }
        for side in [Team.marketing, .sales] where table.name == AlignmentSchema.Table.grades(by: side) {
            return gradeVerdict(row, side: side, past: past)
        }
        switch table.name {
        case AlignmentSchema.Table.cycles: return cycleVerdict(row, past: past)
        case AlignmentSchema.Table.needWordings: return wordingVerdict(row, commit: commit, past: past)
        case AlignmentSchema.Table.seals: return sealVerdict(row, commit: commit, past: past)
        case AlignmentSchema.Table.reveals: return revealVerdict(row, commit: commit, past: past)
        default: return nil
        }
    }

    private func gradeVerdict(_ row: RowOp, side: Team, past: CausalPast) -> String? {
        // Row `CYCLE/NEED` or `CYCLE/self/NEED`: the ID, not the cells, says what is graded.
        let parts = row.row.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || (parts.count == 3 && parts[1] == "self") else {
            return "a grade row is CYCLE/NEED or CYCLE/self/NEED, not '\(row.row)'"
        }
        let cycle = parts[0]
        if past.row(AlignmentSchema.Table.seals, Self.sealRow(cycle, side.rawValue)) != nil {
            return "the \(side.rawValue) card for \(cycle) is sealed: its grades cannot change"
        }
        let owner = parts.count == 2 ? side : side.otherSide!
        guard past.row(AlignmentSchema.Table.needs, parts.last!)?["side"] == .text(owner.rawValue) else {
            return "\(side.rawValue) grades only needs of \(owner.rawValue) it has seen, not '\(parts.last!)'"
        }
        return nil
    }

    private func cycleVerdict(_ row: RowOp, past: CausalPast) -> String? {
        guard let old = past.row(AlignmentSchema.Table.cycles, row.row)?["deadline"]?.text.flatMap({ try? Day(parsing: $0) })
        else { return nil }
        if row.life.map({ $0 != 1 }) == true { return "a cycle is never deleted" }
        guard let new = Self.text(row, "deadline") else { return nil }
        guard let day = try? Day(parsing: new), day >= old else {
            return "the deadline of \(row.row) may move later, never earlier than \(old)"
        }
        return nil
    }

    /// A wording row is `NEED/CYCLE` and belongs to the need's own side (the need is in the
    /// causal past, or added by the same commit).
    private func wordingVerdict(_ row: RowOp, commit: CommitContent, past: CausalPast) -> String? {
        guard let slash = row.row.firstIndex(of: "/") else { return "a need's wording row is NEED/CYCLE" }
        let need = String(row.row[..<slash])
        let added = commit.rows.first { $0.table == AlignmentSchema.Table.needs && $0.row == need }
        guard let side = past.row(AlignmentSchema.Table.needs, need)?["side"] ?? added.flatMap(Self.side) else {
            return "no need \(need) before this wording"
        }
        if let written = row.cells.first(where: { $0.column == "side" })?.value, written != side {
            return "need \(need) belongs to \(side.text ?? "another side"): only that side words it"
        }
        if let named = row.cells.first(where: { $0.column == "need" })?.value, named != .text(need) {
            return "a need's wording row is NEED/CYCLE for the need it names"
        }
        return nil
    }

    private func deadline(_ cycle: String, _ past: CausalPast) -> Day? {
        past.row(AlignmentSchema.Table.cycles, cycle)?["deadline"]?.text.flatMap { try? Day(parsing: $0) }
    }

    private func sealVerdict(_ row: RowOp, commit: CommitContent, past: CausalPast) -> String? {
        if past.row(AlignmentSchema.Table.seals, row.row) != nil || row.life.map({ $0 != 1 }) == true {
            return "a sealed card cannot change"
        }
        guard let cycle = Self.text(row, "cycle"), let side = Self.text(row, "side"), row.row == Self.sealRow(cycle, side) else {
            return "a seal row is CYCLE/SIDE and names both"
        }
        guard let deadline = deadline(cycle, past) else { return "no cycle \(cycle) to seal" }
        guard commit.hlc.milliseconds < deadline.endMilliseconds else {
            return "the \(cycle) deadline (\(deadline)) has passed: the card can no longer be sealed"
        }
        guard let commitment = Self.text(row, "commitment"), commitment.count == 64, Hex.decode(commitment) != nil else {
            return "a seal carries a SHA-256 commitment (64 hex digits)"
        }
        return nil
    }

    private func revealVerdict(_ row: RowOp, commit: CommitContent, past: CausalPast) -> String? {
        if past.row(AlignmentSchema.Table.reveals, row.row) != nil || row.life.map({ $0 != 1 }) == true {
            return "a revealed card cannot change"
        }
        guard let text = Self.text(row, "card"), let card = try? SealedCard(canonical: text),
            row.row == Self.sealRow(card.cycle.description, card.side.rawValue),
            Self.text(row, "cycle") == card.cycle.description, Self.text(row, "side") == card.side.rawValue
        else { return "a reveal carries a canonical card for its own row" }
        let cycle = card.cycle.description
        guard let seal = past.row(AlignmentSchema.Table.seals, row.row) else {
            return "no \(card.side.rawValue) seal for \(cycle) before this reveal"
        }
        guard let saltHex = Self.text(row, "salt"), let salt = Hex.decode(saltHex), salt.count == 32,
            seal["commitment"] == .text(card.commitment(salt: salt))
        else { return "the reveal does not match the \(card.side.rawValue) commitment for \(cycle)" }
        let otherSealed = past.row(AlignmentSchema.Table.seals, Self.sealRow(cycle, card.side.otherSide!.rawValue)) != nil
        if !otherSealed {
            guard let day = deadline(cycle, past), commit.hlc.milliseconds >= day.endMilliseconds else {
                return "reveal of \(card.side.rawValue) for \(cycle) before \(card.side.otherSide!.rawValue) sealed "
                    + "and before the deadline"
            }
        }
        return nil
    }

    static func sealRow(_ cycle: String, _ side: String) -> String { "\(cycle)/\(side)" }

    private static func side(_ row: RowOp) -> Value? { row.cells.first { $0.column == "side" }?.value }

    private static func text(_ row: RowOp, _ column: String) -> String? {
        guard case .text(let text)? = row.cells.first(where: { $0.column == column })?.value else { return nil }
        return text
    }
}
