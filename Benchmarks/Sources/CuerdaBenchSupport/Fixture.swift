import CuerdaCore
import CuerdaStore
import Foundation
import GRDB

/// Everything a merge or local-write measurement starts from, built once:
///
/// - a writer replica that created the `rows` rows (the *creation bundle*) and then made
///   `commits` write transactions of `opsPerCommit` cell updates each (the *merge bundle*);
/// - a target replica file that already holds the rows (the creation bundle imported), to be
///   copied afresh for every measured iteration;
/// - a plain SQLite file with the equivalent table and the same initial values, likewise.
public final class Fixture: @unchecked Sendable {
    public let workload: Workload
    public let directory: ScratchDirectory
    public let workspace: WorkspaceID
    public let creationBundle: [UInt8]
    /// The signed bundle of the update commits only (empty if `commits` was 0, or if it was
    /// written to `mergeBundleFile` instead of being kept in memory).
    public let mergeBundle: [UInt8]
    /// Where the merge bundle was written, if the caller asked for a file.
    public let mergeBundleFile: String?
    public let mergeBundleBytes: Int
    /// The update commits' cell writes, in commit order.
    public let commitUpdates: [[CellUpdate]]
    public let targetTemplate: String
    public let baselineTemplate: String
    /// Seconds spent making the update commits through `Replica.write` (setup cost, for the record).
    public let writerSeconds: Double
    /// Seconds taken by each successive block of 1000 update commits (how local write
    /// latency grows with the log).
    public let writerBlockSeconds: [Double]

    public var opCount: Int { commitUpdates.reduce(0) { $0 + $1.count } }
    public var allUpdates: [CellUpdate] { commitUpdates.flatMap { $0 } }

    /// - Parameters:
    ///   - toFile: write the merge bundle to this file name in the fixture's folder and keep
    ///     no copy in memory (for the memory measurement).
    ///   - progress: called now and then while writing commits (for long setups).
    public init(
        workload: Workload, commits: Int, opsPerCommit: Int, label: String = "cuerda-bench", toFile: String? = nil,
        progress: ((String) -> Void)? = nil
    ) throws {
        self.workload = workload
        directory = ScratchDirectory(label)
        workspace = workload.workspace()
        let initial = workload.initialValues()

        // The writer: creates the rows, then makes the update commits.
        let writer = try Replica.create(at: directory.file("writer.cuerda"), workspace: workspace, schema: workload.schema)
        let chunk = 1000
        for start in stride(from: 0, to: workload.rows, by: chunk) {
            try writer.write { tx in
                for r in start..<min(start + chunk, workload.rows) {
                    var values: [String: Value] = [:]
                    for (c, name) in workload.columnNames.enumerated() { values[name] = .integer(initial[r][c]) }
                    try tx.insert(Workload.table, id: workload.rowIDs[r], values)
                }
            }
        }
        creationBundle = try writer.bundle()
        let base = try writer.vector()

        commitUpdates = workload.commitUpdates(commits: commits, opsPerCommit: opsPerCommit)
        let started = Date()
        var blockStart = started
        var blocks: [Double] = []
        for (i, group) in commitUpdates.enumerated() {
            try writer.write { tx in
                for u in group {
                    try tx.update(
                        Workload.table, id: workload.rowIDs[Int(u.row)], [workload.columnNames[Int(u.column)]: .integer(u.value)])
                }
            }
            if (i + 1) % 1000 == 0 {
                let now = Date()
                blocks.append(now.timeIntervalSince(blockStart))
                blockStart = now
                progress?("wrote \(i + 1)/\(commits) commits (last 1000 in \(String(format: "%.1f", blocks.last!)) s)")
            }
        }
        writerSeconds = Date().timeIntervalSince(started)
        writerBlockSeconds = blocks
        if let toFile {
            let path = directory.file(toFile)
            let report = try writer.exportBundle(to: path, since: base)
            mergeBundle = []
            mergeBundleFile = path
            mergeBundleBytes = report.bytes
        } else {
            mergeBundle = commits > 0 ? try writer.bundle(since: base) : []
            mergeBundleFile = nil
            mergeBundleBytes = mergeBundle.count
        }

        // The target: a replica of the same workspace that already holds the rows.
        targetTemplate = directory.file("target-template.cuerda")
        do {
            let target = try Replica.create(at: targetTemplate, workspace: workspace, schema: workload.schema)
            let report = try target.importBundle(BundleReader(bytes: creationBundle))
            guard report.applied == (workload.rows + chunk - 1) / chunk, report.pending == 0 else {
                throw BenchError("creation bundle did not apply cleanly: \(report)")
            }
        }
        // The baseline: the same table as plain SQLite, same initial values.
        baselineTemplate = directory.file("baseline-template.sqlite")
        try Baseline.create(at: baselineTemplate, workload: workload, initial: initial)
    }

    /// A fresh copy of the target replica (the rows exist, no update applied yet).
    public func freshTarget(_ name: String) throws -> Replica {
        let path = directory.file(name + ".cuerda")
        removeDatabase(path)
        try copyDatabase(targetTemplate, to: path)
        return try Replica.open(at: path)
    }

    /// A fresh copy of the baseline database.
    public func freshBaseline(_ name: String) throws -> DatabaseQueue {
        let path = directory.file(name + ".sqlite")
        removeDatabase(path)
        try copyDatabase(baselineTemplate, to: path)
        return try Baseline.open(path)
    }

    public func remove(_ name: String) {
        removeDatabase(directory.file(name + ".cuerda"))
        removeDatabase(directory.file(name + ".sqlite"))
    }
}

/// The raw-SQLite baselines: the same table Cuerda materializes (`id TEXT PRIMARY KEY`,
/// `WITHOUT ROWID`, integer columns), opened the way Cuerda opens a replica (WAL, the same
/// `synchronous` level and page cache size), written with GRDB prepared statements in one
/// transaction.
public enum Baseline {
    /// The `synchronous` level the baseline's `prepareDatabase` asks for, like
    /// `Replica.openDatabase` (Sources/CuerdaStore/Replica.swift): FULL since commit 33502c6.
    /// `CUERDA_BENCH_BASELINE_SYNC=NORMAL` overrides it.
    ///
    /// With `journalMode = .wal`, GRDB 7.10's `DatabaseQueue.init` runs `setUpWALMode()`
    /// *after* `prepareDatabase`, and that executes `PRAGMA synchronous = NORMAL`. Replicas set
    /// FULL again once the queue is open (since e1a24bc); `open` does the same, so the level
    /// asked for here is the one the baseline runs with (`effectiveSynchronous` reads it back).
    /// Before that, the baseline ran NORMAL whatever this said.
    public static let synchronous = ProcessInfo.processInfo.environment["CUERDA_BENCH_BASELINE_SYNC"] ?? "FULL"
    /// `PRAGMA cache_size` of the baseline connection, likewise matching the replica's
    /// (-16384, i.e. 16 MiB, since commit ecd7690). `CUERDA_BENCH_BASELINE_CACHE` overrides it.
    public static let cacheSize = ProcessInfo.processInfo.environment["CUERDA_BENCH_BASELINE_CACHE"] ?? "-16384"

    public static func open(_ path: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(10)
        let level = synchronous
        let cache = cacheSize
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(level)")
            try db.execute(sql: "PRAGMA cache_size = \(cache)")
        }
        let queue = try DatabaseQueue(path: path, configuration: config)
        // Again once open, outside a transaction: in WAL mode GRDB has just set NORMAL.
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(level)") }
        return queue
    }

    /// `PRAGMA synchronous` as the baseline connection reads it back (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA).
    public static func effectiveSynchronous(_ queue: DatabaseQueue) throws -> Int {
        try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    public static func create(at path: String, workload: Workload, initial: [[Int64]]) throws {
        let queue = try open(path)
        try queue.write { db in
            let columns = workload.columnNames.map { "\($0) INTEGER" }.joined(separator: ", ")
            try db.execute(sql: "CREATE TABLE t(id TEXT PRIMARY KEY NOT NULL, \(columns)) WITHOUT ROWID")
            let names = workload.columnNames.joined(separator: ", ")
            let marks = Array(repeating: "?", count: workload.columns + 1).joined(separator: ", ")
            let insert = try db.makeStatement(sql: "INSERT INTO t(id, \(names)) VALUES (\(marks))")
            for r in 0..<workload.rows {
                var arguments: [(any DatabaseValueConvertible)?] = [workload.rowIDs[r]]
                arguments += initial[r].map { $0 }
                try insert.execute(arguments: StatementArguments(arguments))
            }
        }
        try queue.close()
    }

    /// The merge baseline: one upsert per cell write, one prepared statement per column.
    public static func upsert(_ updates: [CellUpdate], into queue: DatabaseQueue, workload: Workload) throws {
        try queue.write { db in
            let statements = try workload.columnNames.map { c in
                try db.makeStatement(
                    sql: "INSERT INTO t(id, \(c)) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET \(c) = excluded.\(c)")
            }
            for u in updates {
                try statements[Int(u.column)].execute(arguments: [workload.rowIDs[Int(u.row)], u.value])
            }
        }
    }

    /// The local-write baseline: one `UPDATE … WHERE id = ?` per change, one prepared statement per column.
    public static func update(_ updates: [CellUpdate], in queue: DatabaseQueue, workload: Workload) throws {
        try queue.write { db in
            let statements = try workload.columnNames.map { c in
                try db.makeStatement(sql: "UPDATE t SET \(c) = ? WHERE id = ?")
            }
            for u in updates {
                try statements[Int(u.column)].execute(arguments: [u.value, workload.rowIDs[Int(u.row)]])
            }
        }
    }

    /// Reads one cell, to check that a run wrote what it should.
    public static func cell(_ queue: DatabaseQueue, row: String, column: String) throws -> Int64? {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT \(column) FROM t WHERE id = ?", arguments: [row]) }
    }
}

/// The measured Cuerda operations, exactly as an application calls them.
public enum CuerdaRun {
    /// Imports a bundle the way a file or a peer delivers it: parse and check the bundle's
    /// signature, verify every commit's signature, merge, in batches of 1000 commits.
    @discardableResult
    public static func importBundle(_ bytes: [UInt8], into replica: Replica) throws -> IngestReport {
        try replica.importBundle(BundleReader(bytes: bytes))
    }

    /// Local writes: every change an `update` in one `Replica.write` transaction.
    public static func localWrites(_ updates: [CellUpdate], on replica: Replica, workload: Workload) throws {
        try replica.write { tx in
            for u in updates {
                try tx.update(
                    Workload.table, id: workload.rowIDs[Int(u.row)], [workload.columnNames[Int(u.column)]: .integer(u.value)])
            }
        }
    }

    /// The final value of every cell that `commits` write (last writer in commit order wins).
    public static func expectedCells(_ commits: [[CellUpdate]]) -> [Int: Int64] {
        var result: [Int: Int64] = [:]
        for group in commits { for u in group { result[Int(u.row) << 16 | Int(u.column)] = u.value } }
        return result
    }
}

public struct BenchError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The process's resident-memory high-water mark and current size, in KiB, from /proc/self/status.
public enum ProcessMemory {
    public static func status() -> (hwmKiB: Int, rssKiB: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
                return Int(line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
                    ?? 0
            }
            return 0
        }
        return (field("VmHWM"), field("VmRSS"))
    }
}
