import Crypto
import CuerdaCore
import CuerdaStore
import Foundation

/// The report card of one cycle, built from the revealed cards only: what each side gave
/// the other, how it moved since earlier cycles, and how each side expected to be graded.
public struct ScorecardReport: Sendable, Hashable, Codable {
    public var cycle: Period
    /// The documented scale: A=4, B=3, C=2, F=0.
    public var points: [String: Int]
    /// One card per grading side: marketing grading sales, then sales grading marketing.
    public var cards: [Card]
    public var warnings: [String]
    /// An action item proposed for every C or F, owned by the graded side.
    public var proposedActions: [ProposedAction]

    public struct Card: Sendable, Hashable, Codable {
        public var grader: Team
        public var graded: Team
        public var phase: CardPhase
        public var needs: [NeedResult]
        /// The mean of the points given, to two decimals; nil when not revealed.
        public var average: Double?
    }

    public struct NeedResult: Sendable, Hashable, Codable {
        public var need: String
        public var text: String
        public var letter: Letter
        public var points: Int
        /// The letters of the same need in earlier revealed cycles, earliest first.
        public var trend: [TrendPoint]
        /// Whether the need was worded differently in an earlier graded cycle.
        public var wordingChanged: Bool
        /// The graded side's own prediction, if it sealed one.
        public var predicted: Letter?
        /// Predicted minus received points; flagged from one point either way.
        public var perceptionGap: Int?
        public var gapFlagged: Bool
    }

    public struct TrendPoint: Sendable, Hashable, Codable {
        public var cycle: Period
        public var letter: Letter
    }

    public struct ProposedAction: Sendable, Hashable, Codable {
        public var need: String
        public var title: String
        public var owner: Team
        public var letter: Letter
    }
}

extension AlignmentReplica {
    /// The report card of `cycle` (see ``ScorecardReport``), with phases judged at `now`.
    public func scorecardReport(cycle: Period, now milliseconds: UInt64) throws(CuerdaError) -> ScorecardReport {
        let status = try scorecardStatus(cycle: cycle, now: milliseconds)
        let ordered = try allNeeds()
        let needs = Dictionary(uniqueKeysWithValues: ordered.map { ($0.id, $0) })
        let earlier = try cycles().map(\.period).filter { $0 < cycle }
        let history = try earlier.map { period throws(CuerdaError) in (period, try revealedCards(cycle: period)) }
        let revealed = try revealedCards(cycle: cycle)
        var cards: [ScorecardReport.Card] = []
        for grader in [Team.marketing, .sales] {
            let graded = grader.otherSide!
            guard let card = revealed[grader] else {
                cards.append(.init(grader: grader, graded: graded, phase: status.phase(of: grader), needs: [], average: nil))
                continue
            }
            let order = ordered.filter { $0.side == grader }.map(\.id)
            let ids = card.grades.keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
            let results = ids.map { id -> ScorecardReport.NeedResult in
                let letter = card.grades[id]!
                let trend = history.compactMap { period, cards in
                    cards[grader]?.grades[id].map { ScorecardReport.TrendPoint(cycle: period, letter: $0) }
                }
                let wording = needs[id].map { need in Self.wording(of: need, in: cycle) }
                let changed = trend.contains { point in needs[id].map { Self.wording(of: $0, in: point.cycle) } != wording }
                let predicted = revealed[graded]?.selfGrades[id]
                let gap = predicted.map { $0.points - letter.points }
                return .init(
                    need: id, text: wording ?? id, letter: letter, points: letter.points, trend: trend, wordingChanged: changed,
                    predicted: predicted, perceptionGap: gap, gapFlagged: gap.map { abs($0) >= 1 } ?? false)
            }
            let total = results.reduce(0) { $0 + $1.points }
            let average = results.isEmpty ? nil : Double((total * 100 + results.count / 2) / results.count) / 100
            cards.append(.init(grader: grader, graded: graded, phase: .revealed, needs: results, average: average))
        }
        return ScorecardReport(
            cycle: cycle, points: Dictionary(uniqueKeysWithValues: Letter.allCases.map { ($0.rawValue, $0.points) }),
            cards: cards, warnings: Self.warnings(cards), proposedActions: Self.proposals(cards))
    }

    /// Creates the proposed action items of `cycle` that do not exist yet, each owned by a
    /// lead of the graded side and sourced `need:ID`.
    ///
    /// - Parameter opened: the month the items are opened in (this month, for the CLI).
    /// - Returns: the items created.
    @discardableResult
    public func createProposedActions(cycle: Period, due: Day, opened: Month, now milliseconds: UInt64) throws(CuerdaError)
        -> [ActionItem]
    {
        let report = try scorecardReport(cycle: cycle, now: milliseconds)
        let existing = Set(try actionItems().map { "\($0.source)|\($0.title)" })
        let leads = try members().filter { $0.role == .lead }
        var created: [ActionItem] = []
        for proposal in report.proposedActions where !existing.contains("need:\(proposal.need)|\(proposal.title)") {
            let id = Self.proposedActionID(cycle: cycle, need: proposal.need)
            guard try replica.row(AlignmentSchema.Table.actionItems, id: id) == nil else { continue }
            guard let owner = leads.first(where: { $0.team == proposal.owner.rawValue }) else {
                throw CuerdaError(.notFound, "\(proposal.owner.rawValue) has no lead to own '\(proposal.title)'")
            }
            created.append(
                try addActionItem(
                    title: proposal.title, owner: owner.name, due: due, source: .need(proposal.need), opened: opened, id: id))
        }
        return created
    }

    /// The row ID of the action proposed for a need in a cycle: the same on every device, so
    /// that two devices creating it offline make one item that merges, not two.
    ///
    /// A UUID (version 8, RFC 9562) made of the first bytes of SHA-256 over the cycle and the
    /// need: it looks and travels like any other row ID (16 bytes on the wire).
    static func proposedActionID(cycle: Period, need: String) -> String {
        var bytes = Array(SHA256.hash(data: Array("cuerda.proposed-action\u{0}\(cycle)\u{0}\(need)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return uuid.uuidString.lowercased()
    }

    private static func wording(of need: Need, in cycle: Period) -> String {
        need.wordings.last { $0.cycle <= cycle }?.text ?? need.text
    }

    private static func warnings(_ cards: [ScorecardReport.Card]) -> [String] {
        var warnings: [String] = []
        for card in cards where card.phase == .notGraded {
            warnings.append("\(card.grader.rawValue) did not seal by the deadline: \(card.graded.rawValue) is not graded")
        }
        let averages = cards.compactMap(\.average)
        if averages.count == 2, averages.allSatisfy({ $0 >= 3.5 }) {
            let allA = cards.allSatisfy { $0.needs.allSatisfy { $0.letter == .A } }
            warnings.append(
                allA
                    ? "reciprocal inflation: both sides gave only A's; a card without a low grade leads to no action"
                    : "reciprocal inflation: both sides averaged 3.5 or more; check the grades are candid")
        }
        for card in cards {
            for need in card.needs where need.gapFlagged {
                let direction = need.perceptionGap! > 0 ? "expected better" : "expected worse"
                warnings.append(
                    "perception gap: \(card.graded.rawValue) \(direction) on '\(need.text)' "
                        + "(predicted \(need.predicted!.rawValue), received \(need.letter.rawValue))")
            }
        }
        return warnings
    }

    private static func proposals(_ cards: [ScorecardReport.Card]) -> [ScorecardReport.ProposedAction] {
        cards.flatMap { card in
            card.needs.filter { $0.letter == .C || $0.letter == .F }.map { need in
                .init(
                    need: need.need,
                    title: "Improve on '\(need.text)' (graded \(need.letter.rawValue) by \(card.grader.rawValue))",
                    owner: card.graded, letter: need.letter)
            }
        }
    }
}
