import CuerdaCore
import CuerdaStore

/// One of a side's critical needs of the other side, as it reads in one cycle.
///
/// A need carries over from the cycle it was added in to every later cycle until it is
/// retired; it can be reworded, and each cycle keeps the wording it was graded on.
public struct Need: Sendable, Hashable, Codable {
    public var id: String
    /// The side that holds the need, and grades the other side on it.
    public var side: Team
    /// The wording in the cycle asked for.
    public var text: String
    public var since: Period
    /// The first cycle the need no longer applies to (nil: still applies).
    public var retiredFrom: Period?
    /// Whether the wording differs from the one in the previous cycle the need applied to.
    public var reworded: Bool
    /// Every wording, per cycle it was set in, earliest first.
    public var wordings: [Wording]

    public struct Wording: Sendable, Hashable, Codable {
        public var cycle: Period
        public var text: String
    }

    /// Whether the need is on the card of `cycle`.
    public func applies(to cycle: Period) -> Bool { since <= cycle && retiredFrom.map { cycle < $0 } ?? true }
}

extension AlignmentReplica {
    /// The sides that hold needs: marketing and sales.
    static func gradingSide(of actor: Actor) throws(CuerdaError) -> Team {
        guard actor.team.otherSide != nil else {
            throw CuerdaError(.rejectedWrite, "\(actor.team.rawValue) holds no needs: marketing and sales grade each other")
        }
        return actor.team
    }

    /// Adds a need of the actor's side from `cycle` on (a lead of marketing or sales).
    /// - Returns: the new need's ID.
    @discardableResult
    public func addNeed(_ text: String, from cycle: Period) throws(CuerdaError) -> String {
        let side = try Self.gradingSide(of: lead(for: "add a need"))
        let text = try Self.checkedText(text, what: "a need")
        _ = try self.cycle(cycle)
        let last = try needRows().filter { $0.values.text("side") == side.rawValue }.compactMap { $0.values.text("rank") }.filter(
            OrderKey.isValid
        ).max()
        return try perform("add a need") { tx in
            let id = try tx.insert(
                AlignmentSchema.Table.needs,
                [
                    "side": .text(side.rawValue), "text": .text(text), "since": .text(cycle.description),
                    "rank": .text(OrderKey.between(last, nil)),
                ])
            try Self.recordWording(tx, need: id, side: side, cycle: cycle, text: text)
            return id
        }
    }

    /// Rewords a need from `cycle` on; earlier cycles keep their wording.
    public func rewordNeed(_ need: String, to text: String, from cycle: Period) throws(CuerdaError) {
        let side = try Self.gradingSide(of: lead(for: "reword a need"))
        let text = try Self.checkedText(text, what: "a need")
        _ = try self.cycle(cycle)
        let id = try ownNeed(need, side: side)
        try perform("reword the need") { tx in
            try tx.update(AlignmentSchema.Table.needs, id: id, ["text": .text(text), "side": .text(side.rawValue)])
            try Self.recordWording(tx, need: id, side: side, cycle: cycle, text: text)
        }
    }

    /// Retires a need: it is no longer on the card from `cycle` on.
    public func retireNeed(_ need: String, from cycle: Period) throws(CuerdaError) {
        let side = try Self.gradingSide(of: lead(for: "retire a need"))
        let id = try ownNeed(need, side: side)
        try perform("retire the need") { tx in
            try tx.update(AlignmentSchema.Table.needs, id: id, ["until": .text(cycle.description), "side": .text(side.rawValue)])
        }
    }

    /// The needs on the cards of `cycle` (of one side, or both), in each side's order.
    public func needs(in cycle: Period, side: Team? = nil) throws(CuerdaError) -> [Need] {
        try allNeeds().filter { $0.applies(to: cycle) && (side == nil || $0.side == side) }.map { need in
            var need = need
            let past = need.wordings.filter { $0.cycle <= cycle }
            need.text = past.last?.text ?? need.text
            if past.count >= 2 {
                need.reworded = past[past.count - 1].text != past[past.count - 2].text && past.last?.cycle == cycle
            }
            return need
        }
    }

    /// Every need ever added, in side then rank order, with its latest wording.
    public func allNeeds() throws(CuerdaError) -> [Need] {
        // Keyed by need and side: only the need's own side words it (PracticeRules).
        var wordings: [String: [Need.Wording]] = [:]
        for row in try replica.rows(AlignmentSchema.Table.needWordings) {
            guard let need = row.values.text("need"), row.id.hasPrefix(need + "/"), let side = row.values.text("side"),
                let cycle = row.values.text("cycle").flatMap({ try? Period(parsing: $0) }), let text = row.values.text("text")
            else { continue }
            wordings[need + "/" + side, default: []].append(Need.Wording(cycle: cycle, text: text))
        }
        let needs = try needRows().compactMap { row -> (rank: String, need: Need)? in
            guard let side = row.values.text("side").flatMap(Team.init(rawValue:)), let text = row.values.text("text"),
                let since = row.values.text("since").flatMap({ try? Period(parsing: $0) })
            else { return nil }
            let need = Need(
                id: row.id, side: side, text: text, since: since,
                retiredFrom: row.values.text("until").flatMap { try? Period(parsing: $0) }, reworded: false,
                wordings: (wordings[row.id + "/" + side.rawValue] ?? []).sorted { $0.cycle < $1.cycle })
            return (row.values.text("rank") ?? "", need)
        }
        return needs.sorted { ($0.need.side, $0.rank, $0.need.id) < ($1.need.side, $1.rank, $1.need.id) }.map(\.need)
    }

    /// A need of `side`, named by its ID or a unique prefix of it.
    public func need(_ prefix: String, side: Team? = nil) throws(CuerdaError) -> Need {
        let id = try resolve(prefix: prefix, in: AlignmentSchema.Table.needs, what: "need")
        guard let need = try allNeeds().first(where: { $0.id == id }) else { throw CuerdaError(.notFound, "no need \(prefix)") }
        if let side, need.side != side {
            throw CuerdaError(.rejectedWrite, "need \(prefix) belongs to \(need.side.rawValue), not \(side.rawValue)")
        }
        return need
    }

    private func ownNeed(_ prefix: String, side: Team) throws(CuerdaError) -> String { try need(prefix, side: side).id }

    private func needRows() throws(CuerdaError) -> [(id: String, values: [String: Value])] {
        try replica.rows(AlignmentSchema.Table.needs)
    }

    /// The wording of a need in one cycle: row `NEED/CYCLE`, so a reword in the same cycle
    /// replaces it and earlier cycles keep theirs.
    private static func recordWording(_ tx: WriteTransaction, need: String, side: Team, cycle: Period, text: String) throws {
        let id = "\(need)/\(cycle)"
        let values: [String: Value] = [
            "need": .text(need), "side": .text(side.rawValue), "cycle": .text(cycle.description), "text": .text(text),
        ]
        try tx.upsert(AlignmentSchema.Table.needWordings, id: id, values)
    }

    /// Trimmed, non-empty, one line, at most 500 characters.
    static func checkedText(_ text: String, what: String) throws(CuerdaError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= 500, !trimmed.contains(where: \.isNewline) else {
            throw CuerdaError(.invalidArgument, "\(what) must be one line of 1 to 500 characters")
        }
        return trimmed
    }
}
