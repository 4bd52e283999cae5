/// How concurrent writes to one column merge.
public enum MergePolicy: String, Sendable, Codable, Hashable {
    /// The write with the largest `(hlc, deviceID)` wins.
    case lww
    /// Concurrent writes are all kept as siblings; a write replaces exactly the siblings in
    /// its causal past. The table shows the largest `(hlc, deviceID)` and a conflict flag.
    case multiValue
    /// The largest value ever written wins (``Value/order(_:_:)``), whatever the timestamps:
    /// for values that only grow, such as a deadline that may move later but never earlier.
    /// Equal values are told apart by `(hlc, deviceID)`, as in `lww`.
    case max

    /// Whether a write replaces the current one of a register column (`lww` or `max`), given
    /// each one's value and `(hlc, device)`.
    public func replaces(
        _ value: Value, at clock: (hlc: UInt64, device: DeviceID), current: Value,
        at currentClock: (hlc: UInt64, device: DeviceID)
    ) -> Bool {
        if self == .max {
            let order = Value.order(value, current)
            if order != 0 { return order > 0 }
        }
        return clock.hlc != currentClock.hlc ? clock.hlc > currentClock.hlc : clock.device > currentClock.device
    }
}

/// The SQLite type a column declares, which values written to it must have (NULL is always allowed).
public enum ColumnType: String, Sendable, Codable, Hashable {
    case text, integer, real, blob
    /// No declared type: any value, stored as given.
    case any

    /// The declared type in `CREATE TABLE`.
    public var sqlDeclaration: String {
        switch self {
        case .text: "TEXT"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .blob: "BLOB"
        case .any: ""
        }
    }

    public func accepts(_ value: Value) -> Bool {
        switch (self, value) {
        case (_, .null), (.any, _), (.text, .text), (.integer, .integer), (.real, .real), (.blob, .blob): true
        default: false
        }
    }
}

/// One replicated column.
public struct ColumnSchema: Sendable, Codable, Hashable {
    public var name: String
    public var type: ColumnType
    public var policy: MergePolicy

    public init(_ name: String, _ type: ColumnType = .any, policy: MergePolicy = .lww) {
        self.name = name
        self.type = type
        self.policy = policy
    }

    /// The materialized column that flags a conflict on a multi-value column.
    public var conflictColumn: String { name + "_conflict" }
}

/// One replicated table: a text primary key `id`, columns with merge policies, one audience.
public struct TableSchema: Sendable, Codable, Hashable {
    public var name: String
    /// Who receives this table's writes: `all`, or one team for team-private data.
    public var audience: Audience
    public var columns: [ColumnSchema]
    /// Who may write the table in a governed workspace (nil: any member).
    public var writers: WriterRule?
    /// Whether the application's rules read this table's rows as they stood in a commit's
    /// causal past (see ``CausalPast``): every replica then keeps each applied cell as a fact.
    /// For small tables that other writes depend on (cycles, seals), not for bulk data.
    public var facts: Bool

    public init(
        _ name: String, audience: Audience = .all, columns: [ColumnSchema], writers: WriterRule? = nil, facts: Bool = false
    ) {
        self.name = name
        self.audience = audience
        self.columns = columns
        self.writers = writers
        self.facts = facts
    }

    /// `writers` and `facts` may be left out in JSON.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        audience = try container.decode(Audience.self, forKey: .audience)
        columns = try container.decode([ColumnSchema].self, forKey: .columns)
        writers = try container.decodeIfPresent(WriterRule.self, forKey: .writers)
        facts = try container.decodeIfPresent(Bool.self, forKey: .facts) ?? false
    }

    public func columnIndex(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }
}

/// Who may write a table, declared in the schema so that every replica enforces the same rule.
///
/// In JSON: `"writers": {"teams": ["marketing"], "roles": ["lead"], "teamColumn": "side"}`.
public struct WriterRule: Sendable, Codable, Hashable {
    /// Teams whose members may write the table (empty: every team).
    public var teams: [String]
    /// Roles that may write it (nil: any role).
    public var roles: [Role]?
    /// A text column that every write of a row's values must set to the writer's own team:
    /// the row belongs to that side (e.g. a grade is written by the side that grades).
    public var teamColumn: String?

    public init(teams: [String] = [], roles: [Role]? = nil, teamColumn: String? = nil) {
        self.teams = teams
        self.roles = roles
        self.teamColumn = teamColumn
    }

    /// Every key is optional in JSON: `{"teamColumn": "side"}` means any team, any role.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        teams = try container.decodeIfPresent([String].self, forKey: .teams) ?? []
        roles = try container.decodeIfPresent([Role].self, forKey: .roles)
        teamColumn = try container.decodeIfPresent(String.self, forKey: .teamColumn)
    }
}

/// What an application replicates: its tables. Write rules are code, attached separately
/// (see ``WriteRules``), because they must be the same pure function on every replica.
public struct Schema: Sendable, Codable, Hashable {
    /// A name and version, so that replicas can tell one application from another.
    public var name: String
    public var version: Int
    public var tables: [TableSchema]
    /// The ``WriteRules/name`` of the rules every replica of this schema must apply, nil for
    /// none beyond the schema's own. A replica is refused when opened with other rules: two
    /// replicas judging commits by different rules would diverge.
    public var rules: String?

    public init(name: String, version: Int = 1, tables: [TableSchema], rules: String? = nil) {
        self.name = name
        self.version = version
        self.tables = tables
        self.rules = rules
    }

    public func table(_ name: String) -> TableSchema? { tables.first { $0.name == name } }

    /// The schema with the built-in members table, as a governed workspace replicates it.
    public var governed: Schema {
        guard table(MembersTable.name) == nil else { return self }
        var schema = self
        schema.tables.append(MembersTable.schema)
        return schema
    }

    /// Checks that `rules` are the rules this schema names (any, for a schema that names none).
    public func check(rules: any WriteRules) throws(CuerdaError) {
        guard let needed = self.rules, needed != rules.name else { return }
        throw CuerdaError(
            .invalidArgument,
            "the '\(name)' schema needs the write rules '\(needed)', not '\(rules.name)': "
                + "open it with the options of its application (Replica.Options(rules:))")
    }

    /// Checks names and shapes so that every table can be created and read as plain SQL.
    public func validate() throws(CuerdaError) {
        var seen = Set<String>()
        for table in tables {
            guard Self.isIdentifier(table.name), !table.name.lowercased().hasPrefix("_cuerda"),
                !table.name.lowercased().hasPrefix("sqlite_")
            else {
                throw CuerdaError(
                    .invalidArgument,
                    "table name '\(table.name)' must be letters, digits and '_', not starting with _cuerda or sqlite_")
            }
            guard table.name.lowercased() != MembersTable.name || table == MembersTable.schema else {
                throw CuerdaError(.invalidArgument, "table name '\(table.name)' is reserved for membership")
            }
            if let column = table.writers?.teamColumn, table.columns.first(where: { $0.name == column })?.type != .text {
                throw CuerdaError(.invalidArgument, "table '\(table.name)': teamColumn '\(column)' must be a text column")
            }
            guard seen.insert(table.name.lowercased()).inserted else {
                throw CuerdaError(.invalidArgument, "table '\(table.name)' is declared twice")
            }
            var columns: Set<String> = ["id"]
            for column in table.columns {
                guard Self.isIdentifier(column.name) else {
                    throw CuerdaError(
                        .invalidArgument, "column name '\(table.name).\(column.name)' must be letters, digits and '_'")
                }
                guard columns.insert(column.name.lowercased()).inserted else {
                    throw CuerdaError(.invalidArgument, "column '\(table.name).\(column.name)' is declared twice or is 'id'")
                }
                if column.policy == .multiValue, !columns.insert(column.conflictColumn.lowercased()).inserted {
                    throw CuerdaError(
                        .invalidArgument, "column '\(table.name).\(column.conflictColumn)' clashes with a conflict flag")
                }
            }
        }
    }

    private static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.count <= 64 else { return false }
        let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_".unicodeScalars)
        let digits = Set("0123456789".unicodeScalars)
        return letters.contains(first) && name.unicodeScalars.allSatisfy { letters.contains($0) || digits.contains($0) }
    }
}

/// The application's write rules: who may write which table, row and column.
///
/// - Important: A verdict must be a pure function of the commit and facts in its causal
///   past (never of the local clock, the local device or the arrival order), so that every
///   replica reaches the same verdict.
public protocol WriteRules: Sendable {
    /// Names the rules and their version, as a schema names the rules it needs
    /// (``Schema/rules``). Change it whenever a verdict changes.
    var name: String { get }

    /// Returns nil to accept the row change, or the reason for refusing it.
    ///
    /// - Parameter past: the rows of the schema's fact tables as they stood in the commit's
    ///   causal past: what the writer had seen, the same on every replica.
    func check(_ row: RowOp, table: TableSchema, in commit: CommitContent, past: CausalPast) -> String?
}

/// Accepts every write that fits the schema.
public struct OpenWriteRules: WriteRules {
    public init() {}
    public var name: String { "open" }
    public func check(_ row: RowOp, table: TableSchema, in commit: CommitContent, past: CausalPast) -> String? { nil }
}

/// The rows of the fact tables (``TableSchema/facts``) that a commit's causal past holds:
/// the live rows, each column the last write (largest `(hlc, device)`) among those in the past.
///
/// Folded lazily, on the first question about a table, so that rules that do not ask cost nothing.
public struct CausalPast {
    public let schema: Schema
    private let fold: (String) -> [ByteString: [String: Value]]

    public init(schema: Schema, rows: @escaping (String) -> [ByteString: [String: Value]]) {
        self.schema = schema
        fold = rows
    }

    /// The live rows of a fact table by row ID (empty for a table that is not a fact table).
    public func rows(_ table: String) -> [ByteString: [String: Value]] { fold(table) }

    /// One live row of a fact table, or nil.
    public func row(_ table: String, _ id: String) -> [String: Value]? { fold(table)[ByteString(id)] }
}

extension Schema {
    /// The schema-level checks every replica applies to every row change, before the
    /// application's rules: known table, audience, known columns, value types, row ID.
    public func violation(in row: RowOp, of commit: CommitContent) -> String? {
        guard let table = table(row.table) else { return "unknown table '\(row.table)'" }
        guard table.audience == commit.feed.audience else {
            return "table '\(table.name)' belongs to audience \(table.audience), not \(commit.feed.audience)"
        }
        guard !row.row.isEmpty, row.row.utf8.count <= 256 else { return "row ID must be 1 to 256 bytes" }
        // Most row changes write a few cells: a linear scan of the earlier ones finds a column
        // written twice without building a set per row change; many cells use a set.
        var seen = Set<String>()
        for (k, cell) in row.cells.enumerated() {
            guard let column = table.columns.first(where: { $0.name == cell.column }) else {
                return "unknown column '\(table.name).\(cell.column)'"
            }
            let repeated =
                row.cells.count > 8
                ? !seen.insert(cell.column).inserted : row.cells[..<k].contains { $0.column == cell.column }
            guard !repeated else { return "column '\(cell.column)' written twice in one row change" }
            guard column.type.accepts(cell.value) else {
                return "column '\(table.name).\(cell.column)' is \(column.type.rawValue), not \(cell.value.typeName)"
            }
        }
        return nil
    }
}
