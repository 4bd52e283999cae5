/// The changes one commit makes to one row: an optional new causal length, and cell writes.
///
/// A row's existence is a causal length: odd means alive, even means deleted. Creating a
/// row moves it to the next odd number, deleting to the next even one, and merges keep the
/// largest, so a delete and a concurrent re-create resolve the same way everywhere.
public struct RowOp: Hashable, Sendable {
    public var table: String
    public var row: String
    /// The causal length this commit sets, or nil if it leaves the row's life alone.
    public var life: UInt64?
    public var cells: [CellWrite]

    public init(table: String, row: String, life: UInt64? = nil, cells: [CellWrite] = []) {
        self.table = table
        self.row = row
        self.life = life
        self.cells = cells
    }
}

/// One write of one cell.
public struct CellWrite: Hashable, Sendable {
    public var column: String
    public var value: Value

    public init(column: String, value: Value) {
        self.column = column
        self.value = value
    }
}

extension UInt64 {
    /// Whether a causal length says "alive" (odd).
    public var isAlive: Bool { self & 1 == 1 }
}
