import CuerdaCore
import Foundation
import GRDB

/// One replica of a workspace: a SQLite file (WAL) holding the signed commit log, the
/// materialized tables of the application's schema, and the CRDT metadata beside them.
///
/// Every change, local or remote, runs in one SQLite write transaction, so a crash leaves
/// either all of a batch or none of it. The replica is safe to share between tasks: GRDB's
/// queue serializes access to the single connection.
public final class Replica: Sendable {
    /// The replica file.
    public let path: String
    public let workspace: WorkspaceID
    /// This device's signing key, which writes this replica's own feeds.
    public let device: DeviceKey
    /// The application's replicated tables (with the members table when governed).
    public let schema: Schema
    /// The founding facts of a governed workspace; nil for an open one, where every device
    /// that knows the workspace may write (a library mode, for tests and closed systems).
    public let charter: Charter?
    let rules: any WriteRules
    let wallClock: HybridClock.WallClock
    let maxDrift: UInt64
    let db: DatabaseQueue

    private init(
        path: String, db: DatabaseQueue, workspace: WorkspaceID, device: DeviceKey, schema: Schema, charter: Charter?,
        rules: any WriteRules, wallClock: @escaping HybridClock.WallClock, maxDrift: UInt64
    ) {
        self.path = path
        self.charter = charter
        self.db = db
        self.workspace = workspace
        self.device = device
        self.schema = schema
        self.rules = rules
        self.wallClock = wallClock
        self.maxDrift = maxDrift
    }

    /// How a replica is opened: the application's write rules, and time, injected.
    public struct Options: Sendable {
        public var rules: any WriteRules
        public var wallClock: HybridClock.WallClock
        public var maxDrift: UInt64

        public init(
            rules: any WriteRules = OpenWriteRules(), wallClock: @escaping HybridClock.WallClock = HybridClock.system,
            maxDrift: UInt64 = HybridClock.defaultMaxDrift
        ) {
            self.rules = rules
            self.wallClock = wallClock
            self.maxDrift = maxDrift
        }
    }

    /// Creates a new replica file for a workspace.
    ///
    /// - Parameters:
    ///   - path: the SQLite file to create; it must not exist.
    ///   - workspace: a new random ID for a founder, or the workspace being joined.
    ///   - device: this device's key (a new one for a new device).
    ///   - schema: the application's tables, created as plain SQLite tables.
    ///   - charter: the founding facts of a governed workspace (see ``found(at:team:name:schema:device:options:)``);
    ///     nil for an open workspace.
    /// - Throws: ``CuerdaError`` `.storage` if the file exists or cannot be created,
    ///   `.invalidArgument` if the schema is invalid, `.wrongWorkspace` if the charter does
    ///   not found `workspace`.
    public static func create(
        at path: String, workspace: WorkspaceID, device: DeviceKey = DeviceKey(), schema: Schema, charter: Charter? = nil,
        options: Options = Options()
    ) throws(CuerdaError) -> Replica {
        try schema.validate()
        try schema.check(rules: options.rules)
        if let charter, charter.workspace != workspace {
            throw CuerdaError(.wrongWorkspace, "the charter founds workspace \(charter.workspace), not \(workspace)")
        }
        let schema = charter == nil ? schema : schema.governed
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CuerdaError(.storage, "a file already exists at \(path)")
        }
        let keyExisted = try DeviceKeyFile.adopt(device, for: path)
        let db: DatabaseQueue
        do {
            db = try openDatabase(path)
            try initialise(db, path: path, workspace: workspace, device: device, schema: schema, charter: charter)
        } catch {
            // Leave nothing half-made behind: no key without a replica, no replica without tables
            // (but a key made earlier by `join` stays: it is the identity that was admitted).
            removeFiles(at: path, keepingKey: keyExisted)
            throw error
        }
        return Replica(
            path: path, db: db, workspace: workspace, device: device, schema: schema, charter: charter, rules: options.rules,
            wallClock: options.wallClock, maxDrift: options.maxDrift)
    }

    private static func initialise(
        _ db: DatabaseQueue, path: String, workspace: WorkspaceID, device: DeviceKey, schema: Schema, charter: Charter?
    ) throws(CuerdaError) {
        try wrap("cannot initialise the replica at \(path)") {
            try db.write { db in
                try StoreSchema.createInternalTables(db)
                try StoreSchema.createMaterializedTables(db, schema)
                if schema.tables.contains(where: \.tracksRecords) { try StoreSchema.createRecordTables(db) }
                let schemaJSON = try JSONEncoder.sorted.encode(schema)
                try Meta.set(db, .workspace, Data(workspace.bytes))
                try Meta.set(db, .device, Data(device.id.bytes))
                try Meta.set(db, .schema, schemaJSON)
                try Meta.set(db, .hlc, Int64(0))
                if let charter {
                    try Meta.set(db, .charter, Data(charter.bytes))
                    try StoreSchema.createGovernanceTables(db)
                }
            }
        }
    }

    /// Opens an existing replica.
    ///
    /// - Throws: ``CuerdaError`` `.storage` if the file is missing or not a Cuerda replica.
    public static func open(at path: String, options: Options = Options()) throws(CuerdaError) -> Replica {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CuerdaError(.storage, "no replica at \(path) (create one with `cuerda init`)")
        }
        let db = try openDatabase(path)
        let (workspace, deviceID, schema, charterBytes) = try wrap("\(path) is not a Cuerda replica") {
            try db.read { db in
                guard try db.tableExists(StoreSchema.meta) else { throw CuerdaError(.storage, "\(path) is not a Cuerda replica") }
                let workspace = try WorkspaceID(bytes: Array(try Meta.data(db, .workspace)))
                let device = try DeviceID(bytes: Array(try Meta.data(db, .device)))
                let schema = try JSONDecoder().decode(Schema.self, from: try Meta.data(db, .schema))
                return (workspace, device, schema, try Meta.optionalData(db, .charter))
            }
        }
        let device = try DeviceKeyFile.read(for: path)
        guard device.id == deviceID else {
            throw CuerdaError(.storage, "\(DeviceKeyFile.path(for: path)) holds the key of another device than \(path)")
        }
        try schema.check(rules: options.rules)
        let charter = try charterBytes.map { (data) throws(CuerdaError) in try Charter(bytes: Array(data)) }
        if charter != nil, schema.table(MembersTable.name) != MembersTable.schema {
            throw CuerdaError(
                .storage,
                "\(path) was made by an earlier release of Cuerda, whose membership rules a modified client could break: "
                    + "start a new replica from a peer's bundle (`cuerda init --from`); see Docs/operations.md, Upgrading")
        }
        if schema.tables.contains(where: \.tracksRecords) {
            try wrap("cannot prepare \(path)") { try db.write { db in try StoreSchema.createRecordTables(db) } }
        }
        return Replica(
            path: path, db: db, workspace: workspace, device: device, schema: schema, charter: charter, rules: options.rules,
            wallClock: options.wallClock, maxDrift: options.maxDrift)
    }

    static func removeFiles(at path: String, keepingKey: Bool) {
        for suffix in ["", "-wal", "-shm"] + (keepingKey ? [] : [".key"]) {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    private static func openDatabase(_ path: String) throws(CuerdaError) -> DatabaseQueue {
        var config = Configuration()
        config.journalMode = .wal
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // FULL: a commit this device signed may already have left in a bundle; losing it
            // to a power cut would make the next write reuse its seq and fork the device.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // 16 MiB of page cache (SQLite's default is 2 MiB): a merge batch touches rows all
            // over the tables, and re-reading pages dominated imports in the benchmarks.
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        return try wrap("cannot open the SQLite file \(path)") {
            let queue = try DatabaseQueue(path: path, configuration: config)
            // Again once open: in WAL mode GRDB sets synchronous = NORMAL after `prepareDatabase`.
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            return queue
        }
    }

    /// Runs a database write, mapping SQLite errors to ``CuerdaError``.
    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(CuerdaError) -> T {
        try Self.wrap(what) { try db.write(body) }
    }

    /// The value of a SQLite pragma on the replica's connection, as text (for diagnostics).
    public func pragma(_ name: String) throws(CuerdaError) -> String? {
        guard name.allSatisfy({ $0.isLetter || $0 == "_" }) else {
            throw CuerdaError(.invalidArgument, "'\(name)' is not a pragma name")
        }
        return try read("cannot read pragma \(name)") { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
    }

    /// Runs a database read, mapping SQLite errors to ``CuerdaError``.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(CuerdaError) -> T {
        try Self.wrap(what) { try db.read(body) }
    }

    static func wrap<T>(_ what: String, _ body: () throws -> T) throws(CuerdaError) -> T {
        do {
            return try body()
        } catch let error as CuerdaError {
            throw error
        } catch let error as DatabaseError {
            throw CuerdaError(.storage, what, underlying: "SQLite \(error.resultCode): \(error.message ?? "")")
        } catch {
            throw CuerdaError(.storage, what, underlying: "\(error)")
        }
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
