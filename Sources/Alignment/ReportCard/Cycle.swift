import CuerdaCore
import CuerdaStore

/// A report-card cycle (usually a half year, `2026-H1`) and the deadline by which both sides
/// grade. After the deadline a sealed side may reveal without the other (see Docs).
public struct Cycle: Sendable, Hashable, Codable {
    public var period: Period
    public var deadline: Day
}

extension AlignmentReplica {
    /// Opens a cycle, or moves its deadline (a team lead).
    ///
    /// The row ID is the cycle's name, so two leads opening the same cycle offline merge.
    /// - Throws: `.rejectedWrite` unless the actor is a lead.
    public func openCycle(_ period: Period, deadline: Day) throws(CuerdaError) -> Cycle {
        _ = try lead(for: "open a report-card cycle")
        guard deadline.month >= period.first else {
            throw CuerdaError(.invalidArgument, "the deadline \(deadline) is before the cycle \(period) starts")
        }
        try perform("open cycle \(period)") { tx in
            let id = period.description
            let values: [String: Value] = ["deadline": .text(deadline.description)]
            try tx.upsert(AlignmentSchema.Table.cycles, id: id, values)
        }
        return Cycle(period: period, deadline: deadline)
    }

    /// Every opened cycle, earliest first.
    public func cycles() throws(CuerdaError) -> [Cycle] {
        try replica.rows(AlignmentSchema.Table.cycles).compactMap { row in
            guard let period = try? Period(parsing: row.id), let deadline = row.values.text("deadline"),
                let day = try? Day(parsing: deadline)
            else { return nil }
            return Cycle(period: period, deadline: day)
        }.sorted { $0.period < $1.period }
    }

    /// The opened cycle named `period`.
    /// - Throws: `.notFound` naming the command that opens it.
    public func cycle(_ period: Period) throws(CuerdaError) -> Cycle {
        guard let cycle = try cycles().first(where: { $0.period == period }) else {
            throw CuerdaError(.notFound, "no cycle \(period) (a lead opens it: `cuerda cycle open \(period) --deadline DATE`)")
        }
        return cycle
    }
}
