import CuerdaCore
import CuerdaTestSupport
import Foundation

/// The project's repeatable generator (SplitMix64), so that every run writes the same cells
/// with the same values.
public typealias SplitMix64 = SeededGenerator

/// One cell write: row index, column index, new integer value.
public struct CellUpdate: Sendable, Hashable {
    public var row: Int32
    public var column: Int16
    public var value: Int64
}

/// How row IDs look. The API's default (`WriteTransaction.newRowID()`) is a lower-case UUID,
/// which is what an application gets unless it picks its own IDs.
public enum RowIDStyle: String, Sendable, CaseIterable {
    /// 36-character lower-case UUIDs, made from the seed (the API's default shape).
    case uuid
    /// Short sequential IDs such as `r004217` (7 characters).
    case short
}

/// The benchmark data set: `rows` × `columns` integer LWW cells, with a fixed seed.
///
/// All values are integers in `0..<1_000_000` (counts, quantities, amounts in cents).
public struct Workload: Sendable {
    public static let defaultSeed: UInt64 = 0x00C0_E4DA_2026
    public static let table = "t"

    public let seed: UInt64
    public let rows: Int
    public let columns: Int
    public let rowIDs: [String]
    public let columnNames: [String]
    public let schema: Schema

    public init(rows: Int = 10_000, columns: Int = 10, idStyle: RowIDStyle = .uuid, seed: UInt64 = Workload.defaultSeed) {
        self.seed = seed
        self.rows = rows
        self.columns = columns
        columnNames = (0..<columns).map { "c\($0)" }
        var rng = SplitMix64(seed: seed ^ 0x1D5)
        rowIDs = (0..<rows).map { i in
            switch idStyle {
            case .uuid: Self.uuid(using: &rng)
            case .short: "r" + String(repeating: "0", count: max(0, 6 - String(i).count)) + String(i)
            }
        }
        schema = Schema(
            name: "bench", version: 1,
            tables: [TableSchema(Self.table, columns: columnNames.map { ColumnSchema($0, .integer) })])
    }

    public static func value<G: RandomNumberGenerator>(using rng: inout G) -> Int64 {
        Int64.random(in: 0..<1_000_000, using: &rng)
    }

    /// Initial values for every cell, row-major.
    public func initialValues() -> [[Int64]] {
        var rng = SplitMix64(seed: seed ^ 0x1417)
        return (0..<rows).map { _ in (0..<columns).map { _ in Self.value(using: &rng) } }
    }

    /// `commits` groups of `opsPerCommit` distinct random cells each, with random values:
    /// exactly `commits * opsPerCommit` cell writes.
    public func commitUpdates(commits: Int, opsPerCommit: Int, salt: UInt64 = 0x3E49) -> [[CellUpdate]] {
        precondition(opsPerCommit <= rows * columns)
        var rng = SplitMix64(seed: seed ^ salt)
        var result: [[CellUpdate]] = []
        result.reserveCapacity(commits)
        var seen = Set<Int>()
        for _ in 0..<commits {
            seen.removeAll(keepingCapacity: true)
            var group: [CellUpdate] = []
            group.reserveCapacity(opsPerCommit)
            while group.count < opsPerCommit {
                let row = Int.random(in: 0..<rows, using: &rng)
                let column = Int.random(in: 0..<columns, using: &rng)
                guard seen.insert(row * columns + column).inserted else { continue }
                group.append(CellUpdate(row: Int32(row), column: Int16(column), value: Self.value(using: &rng)))
            }
            result.append(group)
        }
        return result
    }

    /// `count` single-row updates (one random cell each, random row), for the local-write test.
    public func singleRowUpdates(count: Int, salt: UInt64 = 0x10CA1) -> [CellUpdate] {
        var rng = SplitMix64(seed: seed ^ salt)
        return (0..<count).map { _ in
            CellUpdate(
                row: Int32(Int.random(in: 0..<rows, using: &rng)), column: Int16(Int.random(in: 0..<columns, using: &rng)),
                value: Self.value(using: &rng))
        }
    }

    /// A repeatable random workspace ID.
    public func workspace() -> WorkspaceID {
        var rng = SplitMix64(seed: seed ^ 0x3A5)
        return WorkspaceID.random(using: &rng)
    }

    private static func uuid(using rng: inout SplitMix64) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        bytes[6] = bytes[6] & 0x0f | 0x40
        bytes[8] = bytes[8] & 0x3f | 0x80
        let hex = Hex.encode(bytes)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}

/// A fresh folder, removed with everything in it when released, or at the latest when the
/// process exits (benchmark setup state and top-level values are never released).
public final class ScratchDirectory: Sendable {
    public let path: String

    public init(_ label: String = "cuerda-bench") {
        let base = ProcessInfo.processInfo.environment["CUERDA_BENCH_TMP"] ?? FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        Self.register(path)
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
        Self.unregister(path)
    }

    private nonisolated(unsafe) static var live: Set<String> = []
    private nonisolated(unsafe) static var hookInstalled = false
    private static let lock = NSLock()

    private static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        live.insert(path)
        if !hookInstalled {
            hookInstalled = true
            atexit { ScratchDirectory.removeAll() }
        }
    }

    private static func unregister(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        live.remove(path)
    }

    private static func removeAll() {
        lock.lock()
        let paths = live
        live.removeAll()
        lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}

/// Copies a SQLite file (with its WAL, if one was left, and a replica's device key file) to a new path.
public func copyDatabase(_ source: String, to destination: String) throws {
    let fm = FileManager.default
    for suffix in ["", "-wal", ".key"] where fm.fileExists(atPath: source + suffix) {
        try? fm.removeItem(atPath: destination + suffix)
        try fm.copyItem(atPath: source + suffix, toPath: destination + suffix)
    }
}

/// Removes a SQLite file with its WAL, shared-memory and device key files.
public func removeDatabase(_ path: String) {
    for suffix in ["", "-wal", "-shm", ".key"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}
