import CuerdaCore
import Foundation
import GRDB

/// The replica's own tables. Everything the engine keeps lives under the `_cuerda_` prefix,
/// beside the application's tables, which hold nothing but the readable current state.
enum StoreSchema {
    static let meta = "_cuerda_meta"

    static func createInternalTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE _cuerda_meta(key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
                -- One row per feed this replica knows. `head` is the highest contiguous accepted seq;
                -- `fork_at` the lowest seq at which the device signed two different commits.
                CREATE TABLE _cuerda_feed(
                    no INTEGER PRIMARY KEY,
                    device BLOB NOT NULL,
                    audience TEXT NOT NULL,
                    head INTEGER NOT NULL DEFAULT 0,
                    last_hlc INTEGER NOT NULL DEFAULT 0,
                    fork_at INTEGER,
                    UNIQUE(device, audience));
                -- The commit log: exact signed bytes. state 0 = pending (causal past incomplete),
                -- 1 = applied, 2 = quarantined (kept and relayed, never applied). `ord` is the
                -- order of acceptance, a causal order, and is NULL while pending.
                CREATE TABLE _cuerda_commit(
                    id BLOB PRIMARY KEY NOT NULL,
                    feed INTEGER NOT NULL REFERENCES _cuerda_feed(no),
                    seq INTEGER NOT NULL,
                    hlc INTEGER NOT NULL,
                    state INTEGER NOT NULL,
                    ord INTEGER UNIQUE,
                    reason TEXT,
                    bytes BLOB NOT NULL,
                    signature BLOB NOT NULL) WITHOUT ROWID;
                CREATE INDEX _cuerda_commit_feed_seq ON _cuerda_commit(feed, seq);
                CREATE INDEX _cuerda_commit_pending ON _cuerda_commit(state) WHERE state = 0;
                -- Row life (causal length) and per-column LWW clocks of every row ever written;
                -- `stash` holds a deleted row's values, so that a re-create brings them back.
                CREATE TABLE _cuerda_row(
                    tbl TEXT NOT NULL,
                    id TEXT NOT NULL,
                    cl INTEGER NOT NULL,
                    clocks BLOB NOT NULL,
                    stash BLOB,
                    PRIMARY KEY(tbl, id)) WITHOUT ROWID;
                -- Concurrent values of multi-value cells.
                CREATE TABLE _cuerda_sibling(
                    tbl TEXT NOT NULL,
                    id TEXT NOT NULL,
                    col TEXT NOT NULL,
                    feed INTEGER NOT NULL,
                    seq INTEGER NOT NULL,
                    hlc INTEGER NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY(tbl, id, col, feed, seq)) WITHOUT ROWID;
                -- The vector last exchanged with each peer, for the smallest next export.
                CREATE TABLE _cuerda_peer(
                    name TEXT PRIMARY KEY NOT NULL,
                    vector BLOB NOT NULL,
                    updated INTEGER NOT NULL) WITHOUT ROWID;
                """)
    }

    /// The cells of the application's fact tables (``RecordLedger``); `col` is empty for a
    /// row's life. Created when a schema declares fact tables or team-column rules.
    static func createRecordTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS _cuerda_record(
                    feed INTEGER NOT NULL REFERENCES _cuerda_feed(no),
                    seq INTEGER NOT NULL,
                    hlc INTEGER NOT NULL,
                    tbl TEXT NOT NULL,
                    row TEXT NOT NULL,
                    col TEXT NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY(feed, seq, tbl, row, col)) WITHOUT ROWID;
                """)
    }

    /// A governed workspace's membership facts: every cell written to the members table by
    /// an applied commit, so that a verdict can fold the facts in a commit's causal past
    /// without decoding the log.
    static func createGovernanceTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE IF NOT EXISTS _cuerda_fact(
                    -- FactLedger.Layer: 0 facts of applied commits, 1 membership acts that count.
                    layer INTEGER NOT NULL,
                    feed INTEGER NOT NULL REFERENCES _cuerda_feed(no),
                    seq INTEGER NOT NULL,
                    hlc INTEGER NOT NULL,
                    target BLOB NOT NULL,
                    col TEXT NOT NULL,
                    value TEXT,
                    -- The writer's Authority over the target (1 owner, 2 lead, 3 founder).
                    authority INTEGER NOT NULL,
                    -- The writing commit (a forked feed has two at one seq).
                    commit_id BLOB NOT NULL,
                    PRIMARY KEY(layer, commit_id, target, col)) WITHOUT ROWID;
                -- Commits signed by devices the membership does not know (StrangerHold):
                -- no feed, no log entry, never relayed; bounded, oldest dropped first.
                CREATE TABLE IF NOT EXISTS _cuerda_stranger(
                    id BLOB NOT NULL UNIQUE,
                    signer BLOB NOT NULL,
                    bytes BLOB NOT NULL,
                    signature BLOB NOT NULL);
                CREATE INDEX IF NOT EXISTS _cuerda_stranger_signer ON _cuerda_stranger(signer);
                """)
    }

    static func createMaterializedTables(_ db: Database, _ schema: Schema) throws {
        for table in schema.tables {
            var columns = ["id TEXT PRIMARY KEY NOT NULL"]
            for column in table.columns {
                columns.append("\(column.name.quotedDatabaseIdentifier) \(column.type.sqlDeclaration)")
                if column.policy == .multiValue {
                    columns.append("\(column.conflictColumn.quotedDatabaseIdentifier) INTEGER NOT NULL DEFAULT 0")
                }
            }
            try db.execute(
                sql: "CREATE TABLE \(table.name.quotedDatabaseIdentifier)(\(columns.joined(separator: ", "))) WITHOUT ROWID")
        }
    }
}

/// Keys of `_cuerda_meta`.
enum Meta: String {
    case workspace, device, schema, hlc, charter

    static func set(_ db: Database, _ key: Meta, _ value: some DatabaseValueConvertible) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO _cuerda_meta(key, value) VALUES (?, ?)", arguments: [key.rawValue, value])
    }

    static func data(_ db: Database, _ key: Meta) throws -> Data {
        guard let data = try Data.fetchOne(db, sql: "SELECT value FROM _cuerda_meta WHERE key = ?", arguments: [key.rawValue])
        else { throw CuerdaError(.storage, "the replica lacks its \(key.rawValue)") }
        return data
    }

    static func optionalData(_ db: Database, _ key: Meta) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT value FROM _cuerda_meta WHERE key = ?", arguments: [key.rawValue])
    }

    static func int(_ db: Database, _ key: Meta) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT value FROM _cuerda_meta WHERE key = ?", arguments: [key.rawValue]) ?? 0
    }
}

extension Value {
    /// The value as SQLite stores it in a materialized column.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let v): v.databaseValue
        case .real(let v): v.isNaN ? .null : v.databaseValue
        case .text(let v): v.databaseValue
        case .blob(let v): Data(v).databaseValue
        }
    }

    init(_ dbValue: DatabaseValue) {
        switch dbValue.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let v): self = .text(v)
        case .blob(let v): self = .blob(Array(v))
        }
    }

    /// A self-describing encoding for metadata blobs (siblings, stashes).
    var encodedBlob: [UInt8] {
        var w = WireWriter(capacity: 16)
        encode(into: &w)
        return w.bytes
    }

    init(encodedBlob bytes: [UInt8]) throws(CuerdaError) {
        var found: Value?
        let result: Result<Void, CuerdaError> = bytes.withUnsafeBytes { raw in
            Result { () throws(CuerdaError) in
                var r = WireReader(raw)
                while let (f, t) = try r.nextField() {
                    if let v = try Value.decode(field: f, wireType: t, from: &r) { found = v } else { try r.skip(t) }
                }
            }
        }
        try result.get()
        guard let found else { throw CuerdaError(.storage, "a stored value is unreadable") }
        self = found
    }
}

extension TableSchema {
    /// Whether the replica keeps facts of this table's rows for verdicts (``RecordLedger``).
    var tracksRecords: Bool { facts || writers?.teamColumn != nil }
}
