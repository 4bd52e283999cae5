import CuerdaCore
import Foundation
import GRDB

/// The membership facts a governed replica holds, kept at hand for the verdicts of one
/// write transaction, and the one place the members table's rows are computed from.
///
/// A verdict needs the membership as of a commit's causal past, so the facts are kept as
/// facts (not only folded): those in the past of the commit are folded on demand. Facts are
/// rare (admissions, revocations), and when every fact is in the past — the usual case — the
/// fold of all of them is reused.
struct FactLedger {
    let charter: Charter
    private var facts = CausalFacts<MembershipFact>()
    private var foldOfAll: Membership?
    /// Devices whose facts changed in this transaction: their members rows are rewritten.
    private var touched: Set<DeviceID> = []

    init(_ db: Database, charter: Charter, feeds: FeedTable) throws {
        self.charter = charter
        // A fact's dependencies are its commit's: read from the log, decoded once per commit.
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT f.feed, f.seq, f.hlc, f.target, f.col, f.value, f.authority, c.bytes FROM _cuerda_fact f
                JOIN _cuerda_commit c ON c.feed = f.feed AND c.seq = f.seq AND c.state = 1
                ORDER BY c.ord
                """)
        var deps: (feed: Int64, seq: Int64, vector: VersionVector)?
        for row in rows {
            guard let feed = feeds.info[row["feed"]]?.id, let authority = Authority(rawValue: row["authority"]) else {
                continue
            }
            if deps?.feed != row["feed"] || deps?.seq != row["seq"] {
                deps = (row["feed"], row["seq"], try CommitContent(decoding: Array(row["bytes"] as Data)).deps)
            }
            facts.append(
                MembershipFact(
                    feed: feed, seq: UInt64(row["seq"] as Int64), hlc: UInt64(bitPattern: row["hlc"] as Int64),
                    target: try DeviceID(bytes: Array(row["target"] as Data)), column: row["col"], value: row["value"],
                    authority: authority, deps: deps!.vector))
        }
    }

    /// The membership folded from the facts in the causal past of `commit`.
    mutating func membership(before commit: CommitContent) -> Membership {
        guard let past = facts.inPast(of: commit) else {
            if let foldOfAll { return foldOfAll }
            let fold = Membership(charter: charter, facts: facts.all)
            foldOfAll = fold
            return fold
        }
        return Membership(charter: charter, facts: past)
    }

    /// Every fact held: the current membership.
    var current: Membership { Membership(charter: charter, facts: facts.all) }

    /// Keeps the facts of an applied commit's writes to the members table, with the authority
    /// its writer had over each device in the commit's causal past.
    mutating func record(_ content: CommitContent, feedNo: Int64, _ db: Database) throws {
        let rows = content.rows.filter { $0.table == MembersTable.name }
        guard !rows.isEmpty else { return }
        let past = membership(before: content)
        for row in rows {
            guard let target = try? DeviceID(hex: row.row),
                let authority = Governance.authority(of: content.feed.device, writing: row, membership: past)
            else { continue }
            for cell in row.cells {
                let fact = MembershipFact(
                    feed: content.feed, seq: content.seq, hlc: content.hlc.rawValue, target: target, column: cell.column,
                    value: cell.value.text, authority: authority, deps: content.deps)
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO _cuerda_fact(feed, seq, hlc, target, col, value, authority)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        feedNo, Int64(content.seq), Int64(bitPattern: content.hlc.rawValue), Data(target.bytes), cell.column,
                        fact.value, authority.rawValue,
                    ])
                facts.append(fact)
            }
            touched.insert(target)
        }
        foldOfAll = nil
    }

    /// Writes the members table's rows of the devices whose facts changed, from the fold: the
    /// table shows exactly the membership every verdict uses.
    mutating func materialize(_ db: Database) throws {
        guard !touched.isEmpty else { return }
        let membership = current
        let columns = MembersTable.columns
        let statement = try db.cachedStatement(
            sql: "UPDATE \(MembersTable.name) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")) WHERE id = ?")
        for device in touched.sorted() {
            let cells = membership.cells[device] ?? [:]
            try statement.execute(
                arguments: StatementArguments(columns.map { (cells[$0] ?? nil)?.databaseValue ?? .null } + [device.hex]))
        }
        touched.removeAll()
    }

    /// Forgets every fact, before the tables are rebuilt from the log.
    mutating func clear(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM _cuerda_fact")
        facts = CausalFacts()
        foldOfAll = nil
    }
}
