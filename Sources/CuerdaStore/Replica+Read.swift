import Crypto
import CuerdaCore
import Foundation
import GRDB

/// A commit as listed by `cuerda log` and `cuerda quarantine`.
public struct LogEntry: Sendable, Hashable {
    public enum State: String, Sendable { case pending, applied, quarantined }
    public var id: [UInt8]
    public var feed: FeedID
    public var seq: UInt64
    public var hlc: Timestamp
    public var state: State
    public var reason: String?
    public var rowCount: Int
    public var cellCount: Int
}

/// One concurrent value of a multi-value cell.
public struct SiblingValue: Sendable, Hashable {
    public var value: Value
    public var device: DeviceID
    public var hlc: Timestamp
}

extension Replica {
    /// "What I have": per feed, the highest contiguous accepted sequence number.
    public func vector() throws(CuerdaError) -> VersionVector {
        try read("cannot read the version vector") { db in try FeedTable(db).vector }
    }

    /// The current value of every column of a live row (exact, including NaN and -0.0), or nil.
    public func row(_ table: String, id: String) throws(CuerdaError) -> [String: Value]? {
        guard let schema = schema.table(table) else { throw CuerdaError(.notFound, "no table named '\(table)'") }
        return try read("cannot read \(table)/\(id)") { db in
            let state = try Merger(db, replica: self).rowState(table: table, row: id)
            guard state.life.isAlive else { return nil }
            return Dictionary(uniqueKeysWithValues: zip(schema.columns.map(\.name), state.values))
        }
    }

    /// The IDs of the live rows of a table, in ID order.
    public func rowIDs(_ table: String) throws(CuerdaError) -> [String] {
        guard schema.table(table) != nil else { throw CuerdaError(.notFound, "no table named '\(table)'") }
        return try read("cannot read \(table)") { db in
            try String.fetchAll(db, sql: "SELECT id FROM \(table.quotedDatabaseIdentifier) ORDER BY id")
        }
    }

    /// Every live row of a table with its current values, in ID order: one read, for reports.
    ///
    /// Values come from the materialized table (a NaN real reads as NULL there; ``row(_:id:)``
    /// is exact). A multi-value column's conflict flag is under its `_conflict` name.
    /// - Complexity: O(rows of the table).
    public func rows(_ table: String) throws(CuerdaError) -> [(id: String, values: [String: Value])] {
        guard let schema = schema.table(table) else { throw CuerdaError(.notFound, "no table named '\(table)'") }
        let names = schema.columns.flatMap { $0.policy == .multiValue ? [$0.name, $0.conflictColumn] : [$0.name] }
        return try read("cannot read \(table)") { db in
            let columns = (["id"] + names).map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.quotedDatabaseIdentifier) ORDER BY id").map { row in
                var values: [String: Value] = [:]
                for (i, name) in names.enumerated() { values[name] = Value(row[i + 1] as DatabaseValue) }
                return (id: row[0] as String, values: values)
            }
        }
    }

    /// The concurrent values of a multi-value cell, largest `(hlc, device)` first. One value
    /// means no conflict.
    public func siblings(_ table: String, id: String, column: String) throws(CuerdaError) -> [SiblingValue] {
        guard let t = schema.table(table), let c = t.columnIndex(column) else {
            throw CuerdaError(.notFound, "no column \(table).\(column)")
        }
        return try read("cannot read \(table)/\(id)") { db in
            let merger = try Merger(db, replica: self)
            let state = try merger.rowState(table: table, row: id)
            return state.siblings[c].map {
                SiblingValue(value: $0.value, device: merger.feeds[$0.feed].id.device, hlc: Timestamp(rawValue: $0.hlc))
            }.sorted { ($0.hlc, $0.device) > ($1.hlc, $1.device) }
        }
    }

    /// The log, newest first: every commit held, with its state and, if refused, the reason.
    public func log(limit: Int = 100, state: LogEntry.State? = nil) throws(CuerdaError) -> [LogEntry] {
        try read("cannot read the log") { db in
            let feeds = try FeedTable(db)
            let filter = state.map { "WHERE state = \(Self.stateCode($0))" } ?? ""
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, feed, seq, hlc, state, reason, bytes FROM _cuerda_commit \(filter)
                    ORDER BY ord IS NULL DESC, ord DESC LIMIT ?
                    """, arguments: [limit])
            return try rows.map { row in
                let content = try CommitContent(decoding: Array(row["bytes"] as Data))
                let code: Int64 = row["state"]
                return LogEntry(
                    id: Array(row["id"] as Data), feed: feeds[row["feed"]].id, seq: UInt64(row["seq"] as Int64),
                    hlc: content.hlc, state: code == 0 ? .pending : code == 1 ? .applied : .quarantined,
                    reason: row["reason"], rowCount: content.rows.count,
                    cellCount: content.rows.reduce(0) { $0 + $1.cells.count })
            }
        }
    }

    /// Commits kept in the log but refused, with their reasons.
    public func quarantine(limit: Int = 1000) throws(CuerdaError) -> [LogEntry] {
        try log(limit: limit, state: .quarantined)
    }

    private static func stateCode(_ state: LogEntry.State) -> Int64 {
        switch state {
        case .pending: 0
        case .applied: 1
        case .quarantined: 2
        }
    }

    /// A SHA-256 over the replicated state in a canonical order: every row ever written
    /// (life, values, hidden values of deleted rows) and every multi-value sibling.
    ///
    /// Two replicas that applied the same set of commits print the same digest, whatever
    /// the order or route of delivery. Local bookkeeping (pending commits, feed numbers,
    /// peer vectors) is left out.
    ///
    /// - Parameter audiences: only the tables of these audiences (nil: every table), so that
    ///   replicas of different teams can compare what they share.
    public func digest(audiences: Set<Audience>? = nil) throws(CuerdaError) -> String {
        try read("cannot compute the digest") { db in
            let merger = try Merger(db, replica: self)
            var hasher = SHA256()
            for table in schema.tables.sorted(by: { $0.name < $1.name }) where audiences?.contains(table.audience) ?? true {
                var w = WireWriter()
                w.string(1, table.name)
                for column in table.columns { w.string(2, column.name + ":" + column.policy.rawValue) }
                hasher.update(data: w.bytes)
                let ids = try String.fetchCursor(
                    db, sql: "SELECT id FROM _cuerda_row WHERE tbl = ? ORDER BY id", arguments: [table.name])
                while let id = try ids.next() {
                    let state = try merger.rowState(table: table.name, row: id)
                    var w = WireWriter()
                    w.string(1, id)
                    w.uint(2, state.life)
                    for (c, value) in state.values.enumerated() {
                        w.bytes(3, value.encodedBlob)
                        let siblings: [(feed: FeedID, sibling: RowState.Sibling)] = state.siblings[c].map {
                            (merger.feeds[$0.feed].id, $0)
                        }
                        let ordered = siblings.sorted { a, b in a.feed != b.feed ? a.feed < b.feed : a.sibling.seq < b.sibling.seq
                        }
                        for (feed, sibling) in ordered {
                            w.message(4) { s in
                                s.bytes(1, feed.device.bytes)
                                s.string(2, feed.audience.rawValue)
                                s.uint(3, sibling.seq)
                                s.uint(4, sibling.hlc)
                                s.bytes(5, sibling.value.encodedBlob)
                            }
                        }
                    }
                    hasher.update(data: w.bytes)
                }
            }
            return Hex.encode(hasher.finalize())
        }
    }

    /// How many commits wait for their causal past or for the clock.
    public func pendingCount() throws(CuerdaError) -> Int {
        try read("cannot count pending commits") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM _cuerda_commit WHERE state = 0") ?? 0
        }
    }

    /// How many commits of devices the membership does not know are held aside (bounded;
    /// see Docs/security.md). They are not in the log, in vectors, or relayed.
    public func heldCount() throws(CuerdaError) -> Int {
        guard charter != nil else { return 0 }
        return try read("cannot count held commits") { db in try StrangerHold.count(db) }
    }
}
