import CuerdaCore
import Foundation
import GRDB

/// The cells of the fact tables (``TableSchema/facts``) that applied commits wrote, kept as
/// facts so that a verdict can see those tables as they stood in a commit's causal past.
///
/// The same idea as ``FactLedger`` for membership (and the same ``CausalFacts``), for the
/// application's own small tables
/// (report-card cycles, seals): a rule such as "no grade after the side's seal" then gives
/// the same verdict on every replica, whatever else a replica learned since. Tables with a
/// `teamColumn` writer rule are tracked too, but only that column and the rows' lives: enough
/// to know which side a row belongs to.
struct RecordLedger {
    private struct Fact: CausallyPlaced {
        var feed: FeedID
        var seq: UInt64
        var hlc: UInt64
        var row: String
        /// nil for the row's causal length (its life).
        var column: String?
        var value: Value
    }

    /// Per tracked table, the columns kept (nil: every column).
    private let tables: [String: Set<String>?]
    /// Per tracked table, the columns whose policy is `max` (the others fold last-writer-wins).
    private let maxColumns: [String: Set<String>]
    private var facts: [String: CausalFacts<Fact>] = [:]
    private var foldOfAll: [String: [ByteString: [String: Value]]] = [:]

    init?(_ db: Database, schema: Schema, feeds: FeedTable) throws {
        var tables: [String: Set<String>?] = [:]
        for table in schema.tables {
            if table.facts {
                tables[table.name] = .some(nil)
            } else if let column = table.writers?.teamColumn {
                tables[table.name] = [column]
            }
        }
        guard !tables.isEmpty else { return nil }
        self.tables = tables
        maxColumns = Dictionary(
            uniqueKeysWithValues: schema.tables.filter { tables[$0.name] != nil }.map { table in
                (table.name, Set(table.columns.filter { $0.policy == .max }.map(\.name)))
            })
        guard try db.tableExists("_cuerda_record") else { return }
        for row in try Row.fetchAll(db, sql: "SELECT feed, seq, hlc, tbl, row, col, value FROM _cuerda_record") {
            guard let feed = feeds.info[row["feed"]]?.id else { continue }
            let column: String = row["col"]
            remember(
                Fact(
                    feed: feed, seq: UInt64(row["seq"] as Int64), hlc: UInt64(bitPattern: row["hlc"] as Int64), row: row["row"],
                    column: column.isEmpty ? nil : column, value: try Value(encodedBlob: Array(row["value"] as Data))),
                table: row["tbl"])
        }
    }

    /// The live rows of `table` as of the causal past of `commit`.
    mutating func rows(_ table: String, before commit: CommitContent) -> [ByteString: [String: Value]] {
        guard let facts = facts[table] else { return [:] }
        guard let past = facts.inPast(of: commit) else {
            if let fold = foldOfAll[table] { return fold }
            let fold = Self.fold(facts.all, max: maxColumns[table] ?? [])
            foldOfAll[table] = fold
            return fold
        }
        return Self.fold(past, max: maxColumns[table] ?? [])
    }

    /// Keeps the cells an applied commit wrote to fact tables.
    mutating func record(_ content: CommitContent, feedNo: Int64, _ db: Database) throws {
        for op in content.rows {
            guard let kept = tables[op.table] else { continue }
            var cells = op.cells.filter { kept?.contains($0.column) ?? true }.map { (column: $0.column, value: $0.value) }
            if let life = op.life { cells.append(("", .integer(Int64(life)))) }
            for cell in cells {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO _cuerda_record(feed, seq, hlc, tbl, row, col, value)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        feedNo, Int64(content.seq), Int64(bitPattern: content.hlc.rawValue), op.table, op.row, cell.column,
                        Data(cell.value.encodedBlob),
                    ])
                remember(
                    Fact(
                        feed: content.feed, seq: content.seq, hlc: content.hlc.rawValue, row: op.row,
                        column: cell.column.isEmpty ? nil : cell.column, value: cell.value),
                    table: op.table)
            }
        }
    }

    /// Forgets every fact, before the tables are rebuilt from the log.
    mutating func clear(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM _cuerda_record")
        facts.removeAll()
        foldOfAll.removeAll()
    }

    private mutating func remember(_ fact: Fact, table: String) {
        facts[table, default: CausalFacts()].append(fact)
        foldOfAll[table] = nil
    }

    /// Per cell, the write its column's policy keeps: the last by `(hlc, device)`, or the
    /// largest value for a `max` column; the largest life decides existence.
    private static func fold(_ facts: [Fact], max maxColumns: Set<String>) -> [ByteString: [String: Value]] {
        var lives: [ByteString: UInt64] = [:]
        var cells: [ByteString: [String: (hlc: UInt64, device: DeviceID, value: Value)]] = [:]
        for fact in facts {
            let row = ByteString(fact.row)
            guard let column = fact.column else {
                if case .integer(let life) = fact.value { lives[row] = max(lives[row] ?? 0, UInt64(life)) }
                continue
            }
            let policy: MergePolicy = maxColumns.contains(column) ? .max : .lww
            if let old = cells[row]?[column],
                !policy.replaces(fact.value, at: (fact.hlc, fact.feed.device), current: old.value, at: (old.hlc, old.device))
            {
                continue
            }
            cells[row, default: [:]][column] = (fact.hlc, fact.feed.device, fact.value)
        }
        var rows: [ByteString: [String: Value]] = [:]
        for (row, life) in lives where life % 2 == 1 {
            rows[row] = (cells[row] ?? [:]).mapValues(\.value)
        }
        return rows
    }
}
