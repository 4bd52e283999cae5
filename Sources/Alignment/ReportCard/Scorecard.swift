import CuerdaCore
import CuerdaStore
import Foundation

/// Where a side's card stands in a cycle.
public enum CardPhase: String, Sendable, Codable {
    /// Grading, before the deadline.
    case drafting
    /// Committed: the card can no longer change, its letters are still secret.
    case sealed
    /// Opened: everyone can read the letters.
    case revealed
    /// The deadline passed without a seal: shown as "not graded", never as F.
    case notGraded = "not graded"
}

/// Both sides' phases in one cycle.
public struct ScorecardStatus: Sendable, Hashable, Codable {
    public var cycle: Period
    public var deadline: Day
    /// By side name (`marketing`, `sales`), so that JSON shows an object.
    public var phases: [String: CardPhase]

    public func phase(of side: Team) -> CardPhase { phases[side.rawValue] ?? .drafting }
}

/// A seal as published to everyone.
public struct CardSeal: Sendable, Hashable, Codable {
    public var cycle: Period
    public var side: Team
    public var commitment: String
}

extension AlignmentReplica {
    /// Seals the actor's side's card for `cycle` (a lead of marketing or sales).
    ///
    /// Publishes to everyone a commitment (SHA-256 over the canonical card and a fresh
    /// 32-byte salt) and keeps the card and salt in the side's private feed, so any lead
    /// device of the side can reveal it later. From then on the card cannot change.
    /// - Throws: `.rejectedWrite` while a need lacks a grade or graders disagree, or if the
    ///   card is sealed already.
    @discardableResult
    public func sealCard(cycle: Period, on day: Day) throws(CuerdaError) -> CardSeal {
        let side = try Self.gradingSide(of: lead(for: "seal the card"))
        let draft = try draftCard(cycle: cycle)
        if try scorecardSeal(cycle: cycle, side: side) != nil {
            throw CuerdaError(.rejectedWrite, "the \(side.rawValue) card for \(cycle) is sealed already")
        }
        guard !draft.grades.isEmpty else { throw CuerdaError(.rejectedWrite, "the \(cycle) card has no needs to grade") }
        if let need = draft.missing.first {
            throw CuerdaError(
                .rejectedWrite, "need \(Self.short(need)) has no grade yet: every need is graded before sealing")
        }
        if let need = draft.conflicts.first {
            throw CuerdaError(
                .rejectedWrite, "graders disagree on need \(Self.short(need)): settle it with `cuerda grade reconcile`")
        }
        let card = SealedCard(
            cycle: cycle, side: side, grades: Self.letters(draft.grades), selfGrades: Self.letters(draft.selfGrades))
        let salt = SealedCard.newSalt()
        let seal = CardSeal(cycle: cycle, side: side, commitment: card.commitment(salt: salt))
        try perform("seal the card") { tx in
            try tx.insert(
                AlignmentSchema.Table.sealedCards(of: side), id: cycle.description,
                ["card": .text(card.canonicalText), "salt": .text(Hex.encode(salt))])
            try tx.insert(
                AlignmentSchema.Table.seals, id: PracticeRules.sealRow(cycle.description, side.rawValue),
                [
                    "cycle": .text(cycle.description), "side": .text(side.rawValue), "commitment": .text(seal.commitment),
                    "sealed_on": .text(day.description),
                ])
        }
        return seal
    }

    /// Reveals every card of the actor's side that is sealed, not yet revealed, and may now
    /// be: the other side has sealed too, or the cycle's deadline has passed.
    ///
    /// Called after every import and sync on a lead device; a member's device does nothing.
    /// - Returns: the cycles revealed.
    @discardableResult
    public func revealReadyCards(now milliseconds: UInt64) throws(CuerdaError) -> [Period] {
        let actor = try actor()
        guard actor.isLead, let other = actor.team.otherSide else { return [] }
        let side = actor.team
        let seals = try replica.rows(AlignmentSchema.Table.seals).map(\.id)
        let revealed = Set(try replica.rows(AlignmentSchema.Table.reveals).map(\.id))
        var done: [Period] = []
        for row in try replica.rows(AlignmentSchema.Table.sealedCards(of: side)) {
            guard let cycle = try? self.cycle(Period(parsing: row.id)), let card = row.values.text("card"),
                let salt = row.values.text("salt")
            else { continue }
            let mine = PracticeRules.sealRow(row.id, side.rawValue)
            guard seals.contains(mine), !revealed.contains(mine) else { continue }
            let ready =
                seals.contains(PracticeRules.sealRow(row.id, other.rawValue)) || milliseconds >= cycle.deadline.endMilliseconds
            guard ready else { continue }
            try perform("reveal the card") { tx in
                try tx.insert(
                    AlignmentSchema.Table.reveals, id: mine,
                    ["cycle": .text(row.id), "side": .text(side.rawValue), "card": .text(card), "salt": .text(salt)])
            }
            done.append(cycle.period)
        }
        return done
    }

    /// The published seal of one side's card, if any.
    public func scorecardSeal(cycle: Period, side: Team) throws(CuerdaError) -> CardSeal? {
        let id = PracticeRules.sealRow(cycle.description, side.rawValue)
        guard let values = try replica.row(AlignmentSchema.Table.seals, id: id), let commitment = values.text("commitment")
        else { return nil }
        return CardSeal(cycle: cycle, side: side, commitment: commitment)
    }

    /// The revealed cards of a cycle, by side (only reveals the replica applied: valid ones).
    public func revealedCards(cycle: Period) throws(CuerdaError) -> [Team: SealedCard] {
        var cards: [Team: SealedCard] = [:]
        for row in try replica.rows(AlignmentSchema.Table.reveals) where row.values.text("cycle") == cycle.description {
            guard let text = row.values.text("card"), let card = try? SealedCard(canonical: text) else { continue }
            cards[card.side] = card
        }
        return cards
    }

    /// Each side's phase in `cycle`, the deadline judged by `now` (wall-clock milliseconds).
    public func scorecardStatus(cycle period: Period, now milliseconds: UInt64) throws(CuerdaError) -> ScorecardStatus {
        let cycle = try self.cycle(period)
        let revealed = try revealedCards(cycle: period)
        var phases: [String: CardPhase] = [:]
        for side in [Team.marketing, .sales] {
            phases[side.rawValue] =
                if revealed[side] != nil {
                    .revealed
                } else if try scorecardSeal(cycle: period, side: side) != nil {
                    .sealed
                } else {
                    milliseconds >= cycle.deadline.endMilliseconds ? .notGraded : .drafting
                }
        }
        return ScorecardStatus(cycle: period, deadline: cycle.deadline, phases: phases)
    }

    private static func letters(_ grades: [DraftGrade]) -> [String: Letter] {
        Dictionary(uniqueKeysWithValues: grades.compactMap { grade in grade.letter.map { (grade.need, $0) } })
    }
}
