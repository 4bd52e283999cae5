import CuerdaCore

/// The merge state of one row, held in memory while a batch of commits is applied, then
/// written back once: work follows the rows that change, not the ops replayed.
struct RowState {
    /// Which write a cell's LWW value came from: HLC and local feed number (0 = never written).
    struct Clock: Equatable {
        var hlc: UInt64
        var feed: Int64
        static let none = Clock(hlc: 0, feed: 0)
    }

    /// One of the concurrent values of a multi-value cell.
    struct Sibling {
        var feed: Int64
        var seq: UInt64
        var hlc: UInt64
        var value: Value
    }

    /// Causal length: odd = alive.
    var life: UInt64
    var values: [Value]
    var clocks: [Clock]
    /// Per column; empty for LWW columns.
    var siblings: [[Sibling]]
    var dirtySiblings: Set<Int> = []
    /// Whether the materialized table holds the row now (before this batch's changes).
    var materialized: Bool
    var dirty = false

    init(columns: Int) {
        life = 0
        values = Array(repeating: .null, count: columns)
        clocks = Array(repeating: .none, count: columns)
        siblings = Array(repeating: [], count: columns)
        materialized = false
    }

    /// Whether any multi-value column holds more than one sibling.
    func conflicted(_ column: Int) -> Bool { siblings[column].count > 1 }

    // MARK: Metadata blobs

    /// Encodes the clocks, then the exact form of values SQLite cannot hold (NaN, -0.0,
    /// text with NUL), as fields numbered column + 1.
    func encodedClocks() -> [UInt8] {
        var w = WireWriter(capacity: clocks.count * 8)
        for clock in clocks {
            w.varint(clock.hlc)
            w.varint(UInt64(clock.feed))
        }
        for (column, value) in values.enumerated() where !value.isExactInSQLite {
            w.bytes(UInt32(column) + 1, value.encodedBlob)
        }
        return w.bytes
    }

    /// Restores clocks and exact-value overrides; `values` must already hold the stored values.
    mutating func decodeClocks(_ bytes: [UInt8]) throws(CuerdaError) {
        let count = clocks.count
        var decoded: [Clock] = []
        var overrides: [(Int, [UInt8])] = []
        let result: Result<Void, CuerdaError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CuerdaError) in
                var r = WireReader(raw)
                while decoded.count < count, !r.isAtEnd {
                    decoded.append(Clock(hlc: try r.varint(), feed: Int64(try r.varint())))
                }
                while let (field, type) = try r.nextField() { overrides.append((Int(field) - 1, try r.bytes(type))) }
            }
        }
        try result.get()
        // Columns added to the schema after this row was written have no clock yet.
        for (i, clock) in decoded.enumerated() { clocks[i] = clock }
        for (column, encoded) in overrides where column < values.count {
            values[column] = try Value(encodedBlob: encoded)
        }
    }

    /// A deleted row's values, kept so that a re-create shows the edits made meanwhile.
    func encodedStash() -> [UInt8] {
        var w = WireWriter(capacity: values.count * 8)
        for value in values { w.bytes(1, value.encodedBlob) }
        return w.bytes
    }

    mutating func decodeStash(_ bytes: [UInt8]) throws(CuerdaError) {
        var stashed: [Value] = []
        let result: Result<Void, CuerdaError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CuerdaError) in
                var r = WireReader(raw)
                while let (_, t) = try r.nextField() { stashed.append(try Value(encodedBlob: try r.bytes(t))) }
            }
        }
        try result.get()
        for (i, value) in stashed.prefix(values.count).enumerated() { values[i] = value }
    }
}
