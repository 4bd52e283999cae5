import CuerdaCore
import Foundation
import GRDB

/// The membership facts a governed replica holds, kept at hand for the verdicts of one
/// write transaction.
///
/// A verdict needs the membership as of a commit's causal past, so the facts are kept as
/// facts (not only folded): those in the past of the commit are folded on demand. Facts are
/// rare (admissions, revocations), and when every fact is in the past — the usual case — the
/// fold of all of them is reused.
struct FactLedger {
    let charter: Charter
    private var facts: [MembershipFact] = []
    /// Per feed, the highest seq holding a fact: all facts are in a commit's past if these are.
    private var frontier: [FeedID: UInt64] = [:]
    private var foldOfAll: Membership?

    init(_ db: Database, charter: Charter, feeds: FeedTable) throws {
        self.charter = charter
        for row in try Row.fetchAll(db, sql: "SELECT feed, seq, hlc, target, col, value FROM _cuerda_fact") {
            guard let feed = feeds.info[row["feed"]]?.id else { continue }
            remember(
                MembershipFact(
                    feed: feed, seq: UInt64(row["seq"] as Int64), hlc: UInt64(bitPattern: row["hlc"] as Int64),
                    target: try DeviceID(bytes: Array(row["target"] as Data)), column: row["col"], value: row["value"]))
        }
    }

    /// The membership folded from the facts in the causal past of `commit`.
    mutating func membership(before commit: CommitContent) -> Membership {
        if frontier.allSatisfy({ commit.hasInPast($0.key, $0.value) }) {
            if let foldOfAll { return foldOfAll }
            let fold = Membership(charter: charter, facts: facts)
            foldOfAll = fold
            return fold
        }
        return Membership(charter: charter, facts: facts.lazy.filter { commit.hasInPast($0.feed, $0.seq) })
    }

    /// Every fact held: the current membership.
    var current: Membership { Membership(charter: charter, facts: facts) }

    /// Keeps the facts of an applied commit's writes to the members table.
    mutating func record(_ content: CommitContent, feedNo: Int64, _ db: Database) throws {
        for row in content.rows where row.table == MembersTable.name {
            guard let target = try? DeviceID(hex: row.row) else { continue }
            for cell in row.cells {
                let value: String? = if case .text(let text) = cell.value { text } else { nil }
                let fact = MembershipFact(
                    feed: content.feed, seq: content.seq, hlc: content.hlc.rawValue, target: target, column: cell.column,
                    value: value)
                try db.execute(
                    sql: "INSERT OR REPLACE INTO _cuerda_fact(feed, seq, hlc, target, col, value) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [
                        feedNo, Int64(content.seq), Int64(bitPattern: content.hlc.rawValue), Data(target.bytes), cell.column,
                        value,
                    ])
                remember(fact)
            }
        }
    }

    /// Forgets every fact, before the tables are rebuilt from the log.
    mutating func clear(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM _cuerda_fact")
        facts.removeAll()
        frontier.removeAll()
        foldOfAll = nil
    }

    private mutating func remember(_ fact: MembershipFact) {
        facts.append(fact)
        frontier[fact.feed] = max(frontier[fact.feed] ?? 0, fact.seq)
        foldOfAll = nil
    }
}
