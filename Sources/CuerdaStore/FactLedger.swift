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
///
/// A replica keeps two layers. `applied`: the facts of applied commits, which verdicts and
/// the members table use. `acts`: the facts of every commit whose membership acts were valid
/// in their causal past whatever else it wrote and whatever revocations cut (see
/// ``Governance/membershipVerdict(on:membership:)``); the revocations among them are the
/// ``RevocationCut``s. Cuts come from this layer, not the applied one, so that where a
/// revocation cuts never depends on another cut: two leads revoking each other both stay
/// revoked, and every replica finds the same cuts whatever the arrival order.
struct FactLedger {
    enum Layer: Int64 {
        case applied = 0
        case acts = 1
    }

    let charter: Charter
    let layer: Layer
    private var facts = CausalFacts<MembershipFact>()
    private var foldOfAll: Membership?
    /// Devices whose facts changed in this transaction: their members rows are rewritten.
    private var touched: Set<DeviceID> = []
    /// Per revoked device, the cuts of its revocations (the `acts` layer only).
    private(set) var cuts: [DeviceID: [RevocationCut]] = [:]

    init(_ db: Database, charter: Charter, feeds: FeedTable, layer: Layer) throws {
        self.charter = charter
        self.layer = layer
        // A fact's dependencies are its commit's: read from the log and decoded once per
        // commit (an admission commit can hold a thousand rows of facts).
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT f.feed, f.seq, f.hlc, f.target, f.col, f.value, f.authority, f.commit_id FROM _cuerda_fact f
                JOIN _cuerda_commit c ON c.id = f.commit_id
                WHERE f.layer = ? ORDER BY c.ord
                """, arguments: [layer.rawValue])
        let bytes = try db.cachedStatement(sql: "SELECT bytes FROM _cuerda_commit WHERE id = ?")
        var deps: (commit: Data, vector: VersionVector)?
        var loaded: [MembershipFact] = []
        for row in rows {
            guard let feed = feeds.info[row["feed"]]?.id, let authority = Authority(rawValue: row["authority"]) else {
                continue
            }
            let commit: Data = row["commit_id"]
            if deps?.commit != commit {
                let encoded = try Data.fetchOne(bytes, arguments: [commit]) ?? Data()
                deps = (commit, try CommitContent(decoding: Array(encoded)).deps)
            }
            loaded.append(
                MembershipFact(
                    feed: feed, seq: UInt64(row["seq"] as Int64), hlc: UInt64(bitPattern: row["hlc"] as Int64),
                    target: try DeviceID(bytes: Array(row["target"] as Data)), column: row["col"], value: row["value"],
                    authority: authority, deps: deps!.vector))
        }
        remember(loaded)
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

    /// Keeps the facts of a commit's writes to the members table (an applied commit, or one
    /// whose acts count), with the authority its writer had over each device in the commit's
    /// causal past.
    ///
    /// - Parameters:
    ///   - revocationsOnly: keep only the revocations (status and heads) — for the applied
    ///     layer, of a commit refused whose acts count: a removal holds even when a cut strikes
    ///     the commit that made it, so two leads revoking each other both end revoked.
    ///   - overruled: the highest authority of the cuts that strike the commit: its
    ///     revocations of lower authority are left out.
    /// - Returns: the cuts of the revocations it made (the `acts` layer only).
    @discardableResult
    mutating func record(
        _ content: CommitContent, id: [UInt8], feedNo: Int64, revocationsOnly: Bool = false,
        overruled: Authority? = nil, _ db: Database
    ) throws -> [RevocationCut] {
        let rows = content.rows.filter { row in row.table == MembersTable.name && (!revocationsOnly || Self.revokes(row)) }
        guard !rows.isEmpty else { return [] }
        let past = membership(before: content)
        var recorded: [MembershipFact] = []
        for row in rows {
            guard let target = try? DeviceID(hex: row.row),
                let authority = Governance.authority(of: content.feed.device, writing: row, membership: past)
            else { continue }
            if let overruled, authority < overruled, Self.revokes(row) { continue }
            for cell in row.cells where !revocationsOnly || cell.column == "status" || cell.column == "heads" {
                let fact = MembershipFact(
                    feed: content.feed, seq: content.seq, hlc: content.hlc.rawValue, target: target, column: cell.column,
                    value: cell.value.text, authority: authority, deps: content.deps)
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO _cuerda_fact(layer, feed, seq, hlc, target, col, value, authority, commit_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        layer.rawValue, feedNo, Int64(content.seq), Int64(bitPattern: content.hlc.rawValue),
                        Data(target.bytes), cell.column, fact.value, authority.rawValue, Data(id),
                    ])
                recorded.append(fact)
            }
            touched.insert(target)
        }
        return remember(recorded)
    }

    /// Whether a members row revokes its device.
    static func revokes(_ row: RowOp) -> Bool {
        row.cells.contains { $0.column == "status" && $0.value == .text("revoked") }
    }

    /// Adds facts to the fold, and the cuts of the revocations among them.
    @discardableResult
    private mutating func remember(_ new: [MembershipFact]) -> [RevocationCut] {
        for fact in new { facts.append(fact) }
        foldOfAll = nil
        guard layer == .acts else { return [] }
        var heads: [FeedID: [DeviceID: [Audience: UInt64]]] = [:]
        for fact in new where fact.column == "heads" {
            heads[fact.feed, default: [:]][fact.target] = RevocationCut.heads(parsing: fact.value ?? "") ?? [:]
        }
        let made = new.filter { $0.column == "status" && $0.value == "revoked" }.map { fact in
            RevocationCut(
                target: fact.target, feed: fact.feed, seq: fact.seq, deps: fact.deps,
                heads: heads[fact.feed]?[fact.target] ?? [:], authority: fact.authority)
        }
        for cut in made { cuts[cut.target, default: []].append(cut) }
        return made
    }

    /// Writes the members table's rows of the devices whose facts changed, from the fold: the
    /// table shows exactly the membership every verdict uses.
    mutating func materialize(_ db: Database) throws {
        guard layer == .applied, !touched.isEmpty else { return }
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
        try db.execute(sql: "DELETE FROM _cuerda_fact WHERE layer = ?", arguments: [layer.rawValue])
        facts = CausalFacts()
        foldOfAll = nil
        cuts = [:]
    }
}
