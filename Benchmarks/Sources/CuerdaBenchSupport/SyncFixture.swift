import CuerdaCore
import CuerdaNet
import CuerdaStore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

// Fixtures and measured operations of the TCP sync benchmarks (Docs/benchmarks.md, "TCP sync").
//
// Until membership commits exist, a replica accepts a device over TCP once it holds an applied
// commit that device signed (`Replica.audiences(visibleTo:)`). The library's test helper
// `Fixtures.introduce` does this with its own schema; `Introduce` below does the same for the
// benchmark workload: each device inserts one row of its own (`device-<hex>`), and the row
// travels by bundle, before anything is measured.

/// Makes devices known to each other, by bundle.
public enum Introduce {
    /// `replica` inserts one row of its own, so that a replica that imports it accepts the device.
    public static func write(_ replica: Replica, workload: Workload) throws {
        try replica.write { tx in
            try tx.insert(Workload.table, id: "device-\(replica.device.id.hex)", [workload.columnNames[0]: .integer(0)])
        }
    }

    /// Copies into `to` what it lacks of `from`, through an in-memory bundle.
    @discardableResult
    public static func copy(from: Replica, to: Replica) throws -> IngestReport {
        try to.importBundle(BundleReader(bytes: try from.bundle(since: try to.vector())))
    }
}

/// Wall-clock and process CPU clocks (the CPU clock counts every thread: the event loops, the
/// blocking pool and the caller, so a TCP session and a bundle round trip compare fairly).
public enum Clock {
    public static func wall() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    public static func processCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// Runs async work from synchronous code (the plain runner's top level) and waits for it.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = Locked<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        let result: Result<T, any Error>
        do { result = .success(try await body()) } catch { result = .failure(error) }
        box.with { $0 = result }
        done.signal()
    }
    done.wait()
    return try box.with { $0 }!.get()
}

/// A value set from another thread.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func with<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}

/// What one measured TCP session did, seen from both ends.
public struct TCPSession: Sendable {
    public var client: SyncReport
    public var server: SyncReport
    /// From the client's `SyncClient.sync` call (connect, TLS handshake, exchange) until both
    /// ends have finished (the server's session reported, the client's call returned).
    public var wall: Double
    /// The client's call alone.
    public var clientWall: Double
    /// Batches the client sent and received (its progress callback runs once per batch).
    public var clientBatches = 0
    /// Bytes on the wire in both directions, TLS included (the client's count).
    public var wireBytes: Int { client.bytesSent + client.bytesReceived }
}

/// The measured TCP operations, exactly as an application calls them, on loopback.
public enum TCPRun {
    public static let host = "127.0.0.1"

    /// The library's defaults, except where `CUERDA_BENCH_TCP_BATCH_BYTES` or
    /// `CUERDA_BENCH_TCP_BATCH_COMMITS` say otherwise (for experiments; both ends use it).
    public static let configuration: SyncConfiguration = {
        var c = SyncConfiguration()
        let env = ProcessInfo.processInfo.environment
        if let v = env["CUERDA_BENCH_TCP_BATCH_BYTES"].flatMap(Int.init) { c.batchBytes = v }
        if let v = env["CUERDA_BENCH_TCP_BATCH_COMMITS"].flatMap(Int.init) { c.batchCommits = v }
        return c
    }()

    /// One session: `server` listens on a free loopback port (bound before the clock starts,
    /// as a long-running server would be), `client` connects and syncs.
    ///
    /// `onStart` and `onStop` are called just before the client's call and once both ends
    /// have finished (the ordo-one suite starts and stops its measurement there).
    public static func sync(
        client: Replica, server: Replica, configuration: SyncConfiguration = TCPRun.configuration,
        onStart: (@Sendable () -> Void)? = nil, onStop: (@Sendable () -> Void)? = nil
    ) async throws -> TCPSession {
        let listener = try await SyncServer.bind(replica: server, host: host, port: 0, configuration: configuration)
        let outcome = Locked<SessionOutcome?>(nil)
        let serving = Task { try await listener.run(limit: 1) { o in outcome.with { $0 = o } } }
        onStart?()
        let start = Clock.wall()
        let report: SyncReport
        let batches = Locked(0)
        do {
            report = try await SyncClient.sync(
                replica: client, host: host, port: listener.port, configuration: configuration,
                progress: { _ in batches.with { $0 += 1 } })
        } catch {
            await listener.close()
            serving.cancel()
            throw error
        }
        let clientWall = Clock.wall() - start
        try await serving.value
        let wall = Clock.wall() - start
        onStop?()
        guard let served = outcome.with({ $0 }) else { throw BenchError("the server reported no session") }
        let serverReport = try served.result.get()
        return TCPSession(
            client: report, server: serverReport, wall: wall, clientWall: clientWall, clientBatches: batches.with { $0 })
    }

    /// `clients` sync with one `hub` at once. Returns each client's session (in client order)
    /// and the time from the first call to the last session's end.
    public static func hub(
        clients: [Replica], hub: Replica, configuration: SyncConfiguration = TCPRun.configuration,
        onStart: (@Sendable () -> Void)? = nil, onStop: (@Sendable () -> Void)? = nil
    ) async throws -> (sessions: [TCPSession], makespan: Double, hubReceived: IngestReport) {
        let listener = try await SyncServer.bind(replica: hub, host: host, port: 0, configuration: configuration)
        let outcomes = Locked<[SessionOutcome]>([])
        let count = clients.count
        let serving = Task {
            try await listener.run(limit: count, maxConcurrent: max(64, count)) { o in outcomes.with { $0.append(o) } }
        }
        let port = listener.port
        onStart?()
        let start = Clock.wall()
        var results: [(Int, SyncReport, Double)] = []
        do {
            results = try await withThrowingTaskGroup(of: (Int, SyncReport, Double).self) { group in
                for (i, client) in clients.enumerated() {
                    group.addTask {
                        let t0 = Clock.wall()
                        let report = try await SyncClient.sync(replica: client, host: host, port: port, configuration: configuration)
                        return (i, report, Clock.wall() - t0)
                    }
                }
                var all: [(Int, SyncReport, Double)] = []
                for try await r in group { all.append(r) }
                return all
            }
        } catch {
            await listener.close()
            serving.cancel()
            throw error
        }
        try await serving.value
        let makespan = Clock.wall() - start
        onStop?()
        var received = IngestReport()
        for o in outcomes.with({ $0 }) { received.add(try o.result.get().received) }
        let sessions = results.sorted { $0.0 < $1.0 }.map { _, report, wall in
            TCPSession(client: report, server: SyncReport(), wall: wall, clientWall: wall)
        }
        return (sessions, makespan, received)
    }
}

/// The bundle-file route of the same deltas: the baseline of the TCP measurements.
public enum BundleRoute {
    /// `receiver`'s vector, `sender.exportBundle(to:since:)`, `receiver.importBundle(at:)`.
    /// Returns the import report and the file's size.
    public static func oneWay(from sender: Replica, to receiver: Replica, file: String) throws -> (IngestReport, Int) {
        let since = try receiver.vector()
        let export = try sender.exportBundle(to: file, since: since)
        let report = try receiver.importBundle(at: file)
        return (report, export.bytes)
    }

    /// Both deltas: each side exports what the other lacks (against the vectors both had
    /// before), then each imports the other's file.
    public static func twoWay(_ a: Replica, _ b: Replica, fileAB: String, fileBA: String) throws
        -> (intoB: IngestReport, intoA: IngestReport, bytes: Int)
    {
        let va = try a.vector()
        let vb = try b.vector()
        let ab = try a.exportBundle(to: fileAB, since: vb)
        let ba = try b.exportBundle(to: fileBA, since: va)
        let intoB = try b.importBundle(at: fileAB)
        let intoA = try a.importBundle(at: fileBA)
        return (intoB, intoA, ab.bytes + ba.bytes)
    }
}

/// Replica pairs for the loopback transfers, as template files copied afresh for every
/// measured round (both routes start from byte-identical files):
///
/// - device A created the workload's rows (the same 10k × 10 table as the merge benchmark),
///   device B imported them, and each introduced itself to the other (one row each);
/// - one way: A then made `commits` write transactions of `opsPerCommit` cell updates (the
///   merge benchmark's exact commits), which B lacks;
/// - two ways: A made the first half of those commits, B made as many of its own (other
///   cells, other values), and each lacks the other's.
public final class SyncPairFixture: @unchecked Sendable {
    public let workload: Workload
    public let directory: ScratchDirectory
    public let commits: Int
    public let opsPerCommit: Int
    public let oneWayA: String
    public let oneWayB: String
    public let twoWayA: String
    public let twoWayB: String
    public var oneWayOps: Int { commits * opsPerCommit }
    public var twoWayOpsEach: Int { commits / 2 * opsPerCommit }

    public init(
        workload: Workload = Workload(), commits: Int = 1_000, opsPerCommit: Int = 100, label: String = "cuerda-bench-tcp",
        progress: ((String) -> Void)? = nil
    ) throws {
        self.workload = workload
        self.commits = commits
        self.opsPerCommit = opsPerCommit
        directory = ScratchDirectory(label)
        let aPath = directory.file("a.cuerda")
        let bPath = directory.file("b.cuerda")
        oneWayA = directory.file("oneway-a.cuerda")
        oneWayB = directory.file("oneway-b.cuerda")
        twoWayA = directory.file("twoway-a.cuerda")
        twoWayB = directory.file("twoway-b.cuerda")
        let workspace = workload.workspace()
        let initial = workload.initialValues()
        let aCommits = workload.commitUpdates(commits: commits, opsPerCommit: opsPerCommit)
        let bCommits = workload.commitUpdates(commits: commits / 2, opsPerCommit: opsPerCommit, salt: 0xB0B)

        // Each step closes the replicas it used (the last reference going away closes the
        // SQLite file and checkpoints its WAL) before a template is copied.
        do {
            let a = try Replica.create(at: aPath, workspace: workspace, schema: workload.schema)
            try Self.createRows(a, workload: workload, initial: initial, rowsPerCommit: 1000)
            let b = try Replica.create(at: bPath, workspace: workspace, schema: workload.schema)
            try Introduce.copy(from: a, to: b)
            try Introduce.write(b, workload: workload)
            try Introduce.copy(from: b, to: a)
            guard try a.vector() == b.vector() else { throw BenchError("sync fixture: A and B differ after the introduction") }
        }
        try copyDatabase(bPath, to: oneWayB)
        progress?("tcp fixture: A writes \(commits / 2) commits for the two-way pair")
        do {
            let a = try Replica.open(at: aPath)
            try Self.update(a, aCommits[0..<(commits / 2)], workload: workload)
        }
        try copyDatabase(aPath, to: twoWayA)
        progress?("tcp fixture: A writes \(commits - commits / 2) more commits for the one-way pair")
        do {
            let a = try Replica.open(at: aPath)
            try Self.update(a, aCommits[(commits / 2)...], workload: workload)
        }
        try copyDatabase(aPath, to: oneWayA)
        progress?("tcp fixture: B writes \(commits / 2) commits for the two-way pair")
        do {
            let b = try Replica.open(at: bPath)
            try Self.update(b, bCommits[...], workload: workload)
        }
        try copyDatabase(bPath, to: twoWayB)
        removeDatabase(aPath)
        removeDatabase(bPath)
    }

    /// A fresh copy of a template, opened.
    public func fresh(_ template: String, as name: String) throws -> Replica {
        let path = directory.file(name + ".cuerda")
        removeDatabase(path)
        try copyDatabase(template, to: path)
        return try Replica.open(at: path)
    }

    /// Removes the copies made by `fresh` and a bundle file of the same name.
    public func remove(_ names: String...) {
        for name in names {
            removeDatabase(directory.file(name + ".cuerda"))
            try? FileManager.default.removeItem(atPath: directory.file(name + ".bundle"))
        }
    }

    public func file(_ name: String) -> String { directory.file(name) }

    static func createRows(_ replica: Replica, workload: Workload, initial: [[Int64]], rowsPerCommit: Int) throws {
        for start in stride(from: 0, to: workload.rows, by: rowsPerCommit) {
            try replica.write { tx in
                for r in start..<min(start + rowsPerCommit, workload.rows) {
                    var values: [String: Value] = [:]
                    for (c, name) in workload.columnNames.enumerated() { values[name] = .integer(initial[r][c]) }
                    try tx.insert(Workload.table, id: workload.rowIDs[r], values)
                }
            }
        }
    }

    static func update(_ replica: Replica, _ commits: ArraySlice<[CellUpdate]>, workload: Workload) throws {
        for group in commits {
            try replica.write { tx in
                for u in group {
                    try tx.update(
                        Workload.table, id: workload.rowIDs[Int(u.row)], [workload.columnNames[Int(u.column)]: .integer(u.value)])
                }
            }
        }
    }
}

/// Two replicas already in sync, for the no-op resync: device A inserted `rows` rows of 10
/// integer columns (`rows × 10` cell ops) in transactions of `rowsPerCommit` rows, the whole
/// log went to B in one bundle file, and B's introduction row came back to A.
public final class InSyncPair: @unchecked Sendable {
    public let directory: ScratchDirectory
    public let a: Replica
    public let b: Replica
    public let ops: Int
    public let commits: Int
    public let bundleBytes: Int
    public let buildSeconds: Double

    public init(rows: Int, rowsPerCommit: Int, label: String, progress: ((String) -> Void)? = nil) throws {
        let started = Clock.wall()
        let workload = Workload(rows: rows, seed: Workload.defaultSeed ^ UInt64(rows))
        directory = ScratchDirectory(label)
        let aPath = directory.file("a.cuerda")
        let bPath = directory.file("b.cuerda")
        let bundle = directory.file("all.bundle")
        let commits = (rows + rowsPerCommit - 1) / rowsPerCommit
        do {
            let a = try Replica.create(at: aPath, workspace: workload.workspace(), schema: workload.schema)
            let initial = workload.initialValues()
            var t0 = Clock.wall()
            for start in stride(from: 0, to: rows, by: rowsPerCommit) {
                try a.write { tx in
                    for r in start..<min(start + rowsPerCommit, rows) {
                        var values: [String: Value] = [:]
                        for (c, name) in workload.columnNames.enumerated() { values[name] = .integer(initial[r][c]) }
                        try tx.insert(Workload.table, id: workload.rowIDs[r], values)
                    }
                }
                if (start / rowsPerCommit + 1) % 20 == 0 {
                    progress?(
                        "in-sync pair: A wrote \(min(start + rowsPerCommit, rows))/\(rows) rows (last 20 commits in \(String(format: "%.1f", Clock.wall() - t0)) s)"
                    )
                    t0 = Clock.wall()
                }
            }
            let export = try a.exportBundle(to: bundle)
            progress?("in-sync pair: B imports the \(export.bytes)-byte bundle of \(export.commits) commits")
            let b = try Replica.create(at: bPath, workspace: workload.workspace(), schema: workload.schema)
            let report = try b.importBundle(at: bundle)
            guard report.applied == commits, report.pending == 0, report.quarantined == 0 else {
                throw BenchError("in-sync pair: the bundle did not apply cleanly: \(report)")
            }
            try Introduce.write(b, workload: workload)
            try Introduce.copy(from: b, to: a)
            bundleBytes = export.bytes
            try? FileManager.default.removeItem(atPath: bundle)
        }
        a = try Replica.open(at: aPath)
        b = try Replica.open(at: bPath)
        guard try a.vector() == b.vector() else { throw BenchError("in-sync pair: the vectors differ") }
        ops = rows * workload.columns
        self.commits = commits
        buildSeconds = Clock.wall() - started
    }
}

/// One hub and `clients` client replicas, each client holding `commitsPerClient` commits of
/// `opsPerCommit` cell updates the hub lacks (template files, copied afresh per round).
///
/// The hub created a 1,000-row × 10-column table (one commit), every client imported it
/// (so it accepts the hub) and introduced itself to the hub by bundle (so the hub accepts it),
/// then wrote its own updates: random cells of the shared table, different per client, so
/// that clients' writes to the same cell conflict and are settled by last-writer-wins.
public final class HubFixture: @unchecked Sendable {
    public let workload: Workload
    public let directory: ScratchDirectory
    public let hubTemplate: String
    public let clientTemplates: [String]
    public let commitsPerClient: Int
    public let opsPerCommit: Int
    public var opsPerClient: Int { commitsPerClient * opsPerCommit }

    public init(clients: Int = 20, commitsPerClient: Int = 10, opsPerCommit: Int = 100, label: String = "cuerda-bench-hub") throws {
        workload = Workload(rows: 1_000)
        self.commitsPerClient = commitsPerClient
        self.opsPerCommit = opsPerCommit
        let directory = ScratchDirectory(label)
        self.directory = directory
        hubTemplate = directory.file("hub-template.cuerda")
        clientTemplates = (0..<clients).map { directory.file("client\($0)-template.cuerda") }
        let workspace = workload.workspace()
        do {
            let hub = try Replica.create(at: hubTemplate, workspace: workspace, schema: workload.schema)
            try SyncPairFixture.createRows(hub, workload: workload, initial: workload.initialValues(), rowsPerCommit: 1000)
            let creation = try hub.bundle()
            for (i, path) in clientTemplates.enumerated() {
                let client = try Replica.create(at: path, workspace: workspace, schema: workload.schema)
                try client.importBundle(BundleReader(bytes: creation))
                try Introduce.write(client, workload: workload)
                try Introduce.copy(from: client, to: hub)
                let updates = workload.commitUpdates(
                    commits: commitsPerClient, opsPerCommit: opsPerCommit, salt: 0xC11E_0000 + UInt64(i))
                try SyncPairFixture.update(client, updates[...], workload: workload)
            }
        }
    }

    /// Fresh copies of the hub and every client, opened.
    public func fresh(round: Int) throws -> (hub: Replica, clients: [Replica]) {
        func copy(_ template: String, _ name: String) throws -> Replica {
            let path = directory.file("\(name)-r\(round).cuerda")
            removeDatabase(path)
            try copyDatabase(template, to: path)
            return try Replica.open(at: path)
        }
        let hub = try copy(hubTemplate, "hub")
        let clients = try clientTemplates.indices.map { try copy(clientTemplates[$0], "client\($0)") }
        return (hub, clients)
    }

    public func remove(round: Int) {
        removeDatabase(directory.file("hub-r\(round).cuerda"))
        for i in clientTemplates.indices { removeDatabase(directory.file("client\(i)-r\(round).cuerda")) }
    }

    /// After the measured round: every client syncs once more, one after the other, so that
    /// each gets what the others pushed; then every digest must equal the hub's.
    public static func converge(hub: Replica, clients: [Replica]) async throws {
        for client in clients { _ = try await TCPRun.sync(client: client, server: hub) }
        let expected = try hub.digest()
        for (i, client) in clients.enumerated() {
            let digest = try client.digest()
            guard digest == expected else {
                throw BenchError("client \(i) did not converge with the hub (digest \(digest) vs \(expected))")
            }
        }
    }
}

/// Percentile by nearest rank (p in 0...100) of unsorted values.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(s.count)).rounded(.up))
    return s[min(max(rank, 1), s.count) - 1]
}
